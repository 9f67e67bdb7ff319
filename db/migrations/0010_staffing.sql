CREATE TABLE `minimum_window` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_id` text,
	`operator_group_id` text,
	`weekdays` text NOT NULL,
	`start_minute` integer NOT NULL,
	`end_minute` integer NOT NULL,
	`operators` integer NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`operator_group_id`) REFERENCES `operator_group`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "minimum_window_owner" CHECK((municipality_id IS NULL) <> (operator_group_id IS NULL)),
	CONSTRAINT "minimum_window_times" CHECK(start_minute >= 0 AND end_minute <= 1440 AND start_minute < end_minute AND operators >= 0)
);
--> statement-breakpoint
CREATE INDEX `minimum_window_municipality_idx` ON `minimum_window` (`municipality_id`);--> statement-breakpoint
CREATE INDEX `minimum_window_group_idx` ON `minimum_window` (`operator_group_id`);--> statement-breakpoint
CREATE TABLE `operator_group` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`shrinkage_percent` integer DEFAULT 30 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `operator_group_name_unique` ON `operator_group` (`name`);--> statement-breakpoint
CREATE TABLE `operator_status_interval` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `operator_status_account_idx` ON `operator_status_interval` (`account_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `operator_status_started_idx` ON `operator_status_interval` (`started_at`);--> statement-breakpoint
CREATE INDEX `operator_status_open_idx` ON `operator_status_interval` (`account_id`) WHERE ended_at IS NULL;--> statement-breakpoint
CREATE TABLE `shift` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`date` text NOT NULL,
	`start_minute` integer NOT NULL,
	`end_minute` integer NOT NULL,
	`break_start_minute` integer,
	`break_end_minute` integer,
	`municipality_ids` text NOT NULL,
	`languages` text NOT NULL,
	`procedures` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "shift_times" CHECK(start_minute >= 0 AND end_minute <= 1440 AND start_minute < end_minute)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shift_account_date_idx` ON `shift` (`account_id`,`date`);--> statement-breakpoint
CREATE INDEX `shift_date_idx` ON `shift` (`date`);--> statement-breakpoint
CREATE TABLE `staffing_breach` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_id` text NOT NULL,
	`basis` text NOT NULL,
	`required` integer NOT NULL,
	`lowest` integer NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`alerted_at` integer,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staffing_breach_municipality_idx` ON `staffing_breach` (`municipality_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `staffing_breach_open_idx` ON `staffing_breach` (`municipality_id`) WHERE ended_at IS NULL;--> statement-breakpoint
ALTER TABLE `municipality` ADD `service_level_goal_percent` integer DEFAULT 80 NOT NULL;--> statement-breakpoint
ALTER TABLE `municipality` ADD `service_level_seconds` integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE `municipality` ADD `abandon_grace_seconds` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE `municipality` ADD `operator_group_id` text REFERENCES operator_group(id);