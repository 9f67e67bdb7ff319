CREATE TABLE `popup_event` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_id` text NOT NULL,
	`site_name` text NOT NULL,
	`site_kind` text NOT NULL,
	`days` text NOT NULL,
	`first_date` text NOT NULL,
	`last_date` text NOT NULL,
	`procedures` text NOT NULL,
	`state` text DEFAULT 'planned' NOT NULL,
	`agreed_by` text,
	`agreed_at` integer,
	`held_by` text,
	`held_at` integer,
	`reported_by` text,
	`reported_at` integer,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agreed_by`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`held_by`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reported_by`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `popup_event_municipality_idx` ON `popup_event` (`municipality_id`,`first_date`);--> statement-breakpoint
CREATE INDEX `popup_event_dates_idx` ON `popup_event` (`last_date`,`first_date`);--> statement-breakpoint
CREATE TABLE `popup_event_booth` (
	`event_id` text NOT NULL,
	`booth_id` text NOT NULL,
	PRIMARY KEY(`event_id`, `booth_id`),
	FOREIGN KEY (`event_id`) REFERENCES `popup_event`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`booth_id`) REFERENCES `booth`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `popup_event_booth_booth_idx` ON `popup_event_booth` (`booth_id`);--> statement-breakpoint
ALTER TABLE `session` ADD `popup_event_id` text REFERENCES popup_event(id);--> statement-breakpoint
CREATE INDEX `session_popup_event_idx` ON `session` (`popup_event_id`) WHERE popup_event_id IS NOT NULL;