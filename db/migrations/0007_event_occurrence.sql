-- occurred_at is NOT NULL without a default (every writer says when its event happened), so the
-- table is rebuilt rather than altered; existing events happened when they were recorded.
CREATE TABLE `__new_session_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`type` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` text,
	`at` integer NOT NULL,
	`occurred_at` integer NOT NULL,
	`detail` text,
	`source_event_id` text,
	`client_id` text,
	`clock_skew_ms` integer,
	FOREIGN KEY (`session_id`) REFERENCES `session`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_session_event` (`id`, `session_id`, `type`, `actor_kind`, `actor_id`, `at`, `occurred_at`, `detail`, `source_event_id`)
SELECT `id`, `session_id`, `type`, `actor_kind`, `actor_id`, `at`, `at`, `detail`, `source_event_id` FROM `session_event`;--> statement-breakpoint
DROP TABLE `session_event`;--> statement-breakpoint
ALTER TABLE `__new_session_event` RENAME TO `session_event`;--> statement-breakpoint
CREATE UNIQUE INDEX `session_event_source_event_id_unique` ON `session_event` (`source_event_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `session_event_client_idx` ON `session_event` (`session_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `session_event_session_idx` ON `session_event` (`session_id`,`occurred_at`);
