CREATE TABLE `account` (
	`id` text PRIMARY KEY NOT NULL,
	`login_id` text NOT NULL,
	`password_hash` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `account_login_id_unique` ON `account` (`login_id`);--> statement-breakpoint
CREATE TABLE `account_municipality` (
	`account_id` text NOT NULL,
	`municipality_id` text NOT NULL,
	PRIMARY KEY(`account_id`, `municipality_id`),
	FOREIGN KEY (`account_id`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `booth` (
	`id` text PRIMARY KEY NOT NULL,
	`municipality_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`credential_hash` text,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `booth_credential_hash_unique` ON `booth` (`credential_hash`);--> statement-breakpoint
CREATE INDEX `booth_municipality_idx` ON `booth` (`municipality_id`);--> statement-breakpoint
CREATE TABLE `livekit_event` (
	`id` text PRIMARY KEY NOT NULL,
	`event` text NOT NULL,
	`room_name` text,
	`participant_identity` text,
	`track_source` text,
	`occurred_at` integer NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `livekit_event_room_idx` ON `livekit_event` (`room_name`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `municipality` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `municipality_code_unique` ON `municipality` (`code`);--> statement-breakpoint
CREATE TABLE `session` (
	`id` text PRIMARY KEY NOT NULL,
	`booth_id` text NOT NULL,
	`municipality_id` text NOT NULL,
	`operator_id` text,
	`room_name` text NOT NULL,
	`status` text DEFAULT 'waiting' NOT NULL,
	`requested_at` integer NOT NULL,
	`answered_at` integer,
	`ended_at` integer,
	FOREIGN KEY (`booth_id`) REFERENCES `booth`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`operator_id`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `session_room_name_unique` ON `session` (`room_name`);--> statement-breakpoint
CREATE INDEX `session_status_idx` ON `session` (`status`,`requested_at`);--> statement-breakpoint
CREATE INDEX `session_booth_idx` ON `session` (`booth_id`,`requested_at`);--> statement-breakpoint
CREATE TABLE `session_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`type` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` text,
	`at` integer NOT NULL,
	`detail` text,
	`source_event_id` text,
	FOREIGN KEY (`session_id`) REFERENCES `session`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `session_event_source_event_id_unique` ON `session_event` (`source_event_id`);--> statement-breakpoint
CREATE INDEX `session_event_session_idx` ON `session_event` (`session_id`,`at`);