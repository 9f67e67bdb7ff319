CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text,
	`municipality_id` text,
	`request_id` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_municipality_idx` ON `audit_log` (`municipality_id`,`at`);--> statement-breakpoint
CREATE TABLE `booth_status_interval` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`booth_id` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`booth_id`) REFERENCES `booth`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `booth_status_booth_idx` ON `booth_status_interval` (`booth_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `consent_document` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_id` text NOT NULL,
	`kind` text NOT NULL,
	`version` integer NOT NULL,
	`texts` text NOT NULL,
	`published_at` integer NOT NULL,
	`published_by` text,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `consent_document_version_idx` ON `consent_document` (`municipality_id`,`kind`,`version`);--> statement-breakpoint
CREATE TABLE `incident` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_id` text NOT NULL,
	`booth_id` text,
	`session_id` text,
	`kind` text NOT NULL,
	`severity` text NOT NULL,
	`summary` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`reported_by` text NOT NULL,
	`reported_at` integer NOT NULL,
	`escalated_at` integer,
	`acknowledged_by` text,
	`acknowledged_at` integer,
	`resolved_at` integer,
	`resolution` text,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`booth_id`) REFERENCES `booth`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`session_id`) REFERENCES `session`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reported_by`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`acknowledged_by`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_municipality_idx` ON `incident` (`municipality_id`,`reported_at`);--> statement-breakpoint
CREATE TABLE `inquiry` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_id` text NOT NULL,
	`channel` text NOT NULL,
	`category` text NOT NULL,
	`received_at` integer NOT NULL,
	`handled_by` text NOT NULL,
	`duration_seconds` integer,
	`transferred` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handled_by`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inquiry_municipality_idx` ON `inquiry` (`municipality_id`,`received_at`);--> statement-breakpoint
CREATE TABLE `personal_data_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`data_kind` text NOT NULL,
	`item_id` text NOT NULL,
	`session_id` text,
	`municipality_id` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `session`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ledger_municipality_idx` ON `personal_data_ledger` (`municipality_id`,`at`);--> statement-breakpoint
ALTER TABLE `account` ADD `languages` text DEFAULT '["ja"]' NOT NULL;--> statement-breakpoint
ALTER TABLE `account` ADD `procedures` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `account` ADD `disabled` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `account` ADD `failed_login_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `account` ADD `locked_until` integer;--> statement-breakpoint
ALTER TABLE `account` ADD `totp_secret` text;--> statement-breakpoint
ALTER TABLE `booth` ADD `credential_issued_at` integer;--> statement-breakpoint
ALTER TABLE `booth` ADD `calendar` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `municipality` ADD `procedures` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `municipality` ADD `eligibility` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `session` ADD `procedure` text;--> statement-breakpoint
ALTER TABLE `session` ADD `language` text;--> statement-breakpoint
ALTER TABLE `session` ADD `consent_version` text;--> statement-breakpoint
ALTER TABLE `session` ADD `outcome` text;--> statement-breakpoint
ALTER TABLE `session` ADD `offered_at` integer;--> statement-breakpoint
CREATE INDEX `session_municipality_idx` ON `session` (`municipality_id`,`requested_at`);