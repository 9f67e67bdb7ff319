CREATE TABLE `booth_command` (
	`id` text PRIMARY KEY NOT NULL,
	`booth_id` text NOT NULL,
	`municipality_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` integer NOT NULL,
	`delivered_at` integer,
	`completed_at` integer,
	`result` text,
	FOREIGN KEY (`booth_id`) REFERENCES `booth`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `booth_command_booth_idx` ON `booth_command` (`booth_id`,`requested_at`);--> statement-breakpoint
CREATE TABLE `booth_health` (
	`booth_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`last_beat_at` integer NOT NULL,
	`app_version` text,
	`detail` text,
	FOREIGN KEY (`booth_id`) REFERENCES `booth`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `faq_revision` (
	`id` text PRIMARY KEY NOT NULL,
	`entry_id` text NOT NULL,
	`version` integer NOT NULL,
	`municipality_id` text,
	`procedure` text,
	`question` text NOT NULL,
	`answer` text NOT NULL,
	`effective_on` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`approved_by` text,
	`approved_at` integer,
	`retired` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `faq_revision_version_idx` ON `faq_revision` (`entry_id`,`version`);--> statement-breakpoint
CREATE TABLE `photo` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`booth_id` text NOT NULL,
	`municipality_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`status` text DEFAULT 'processing' NOT NULL,
	`checks` text,
	`width` integer,
	`height` integer,
	`bytes` integer,
	`created_at` integer NOT NULL,
	`approved_by` text,
	`approved_at` integer,
	`downloaded_by` text,
	`downloaded_at` integer,
	`delete_after` integer,
	`deleted_at` integer,
	FOREIGN KEY (`session_id`) REFERENCES `session`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`booth_id`) REFERENCES `booth`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`downloaded_by`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `photo_session_idx` ON `photo` (`session_id`,`attempt`);--> statement-breakpoint
CREATE INDEX `photo_delete_idx` ON `photo` (`deleted_at`,`delete_after`);--> statement-breakpoint
CREATE TABLE `report_analysis` (
	`municipality_id` text NOT NULL,
	`period` text NOT NULL,
	`period_key` text NOT NULL,
	`text` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`municipality_id`, `period`, `period_key`),
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `booth` ADD `maintenance` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `booth_status_interval` ADD `alerted_at` integer;--> statement-breakpoint
CREATE INDEX `booth_status_started_idx` ON `booth_status_interval` (`started_at`);--> statement-breakpoint
ALTER TABLE `incident` ADD `escalated_by` text REFERENCES account(id);--> statement-breakpoint
ALTER TABLE `incident` ADD `notified` text;--> statement-breakpoint
ALTER TABLE `municipality` ADD `alert_webhook_url` text;--> statement-breakpoint
ALTER TABLE `municipality` ADD `outage_alert_minutes` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
CREATE INDEX `session_requested_idx` ON `session` (`requested_at`);