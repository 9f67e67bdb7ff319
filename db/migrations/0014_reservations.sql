CREATE TABLE `reservation` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_id` text NOT NULL,
	`site_key` text NOT NULL,
	`procedure` text NOT NULL,
	`language` text NOT NULL,
	`slot_start` integer NOT NULL,
	`slot_end` integer NOT NULL,
	`code` text NOT NULL,
	`state` text DEFAULT 'booked' NOT NULL,
	`booked_by` text NOT NULL,
	`booked_by_account_id` text,
	`booked_at` integer NOT NULL,
	`checked_in_at` integer,
	`served_at` integer,
	`no_show_at` integer,
	`cancelled_at` integer,
	`session_id` text,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`booked_by_account_id`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`session_id`) REFERENCES `session`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reservation_code_unique` ON `reservation` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `reservation_session_id_unique` ON `reservation` (`session_id`);--> statement-breakpoint
CREATE INDEX `reservation_slot_idx` ON `reservation` (`municipality_id`,`slot_start`,`state`);--> statement-breakpoint
CREATE INDEX `reservation_site_slot_idx` ON `reservation` (`municipality_id`,`site_key`,`slot_start`);--> statement-breakpoint
CREATE INDEX `reservation_open_idx` ON `reservation` (`slot_start`) WHERE state = 'booked';--> statement-breakpoint
CREATE TABLE `reservation_policy` (
	`municipality_id` text PRIMARY KEY NOT NULL,
	`slot_minutes` integer DEFAULT 30 NOT NULL,
	`walk_in_share_percent` integer DEFAULT 20 NOT NULL,
	`fixed_capacity` integer DEFAULT 1 NOT NULL,
	`check_in_early_minutes` integer DEFAULT 10 NOT NULL,
	`check_in_late_minutes` integer DEFAULT 15 NOT NULL,
	`reservation_only` integer DEFAULT false NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "reservation_policy_slot" CHECK("reservation_policy"."slot_minutes" BETWEEN 5 AND 240),
	CONSTRAINT "reservation_policy_share" CHECK("reservation_policy"."walk_in_share_percent" BETWEEN 0 AND 100),
	CONSTRAINT "reservation_policy_fixed" CHECK("reservation_policy"."fixed_capacity" BETWEEN 0 AND 100),
	CONSTRAINT "reservation_policy_window" CHECK("reservation_policy"."check_in_early_minutes" BETWEEN 0 AND 240 AND "reservation_policy"."check_in_late_minutes" BETWEEN 0 AND 240)
);
--> statement-breakpoint
ALTER TABLE `session` ADD `reservation_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `session_reservation_idx` ON `session` (`reservation_id`);