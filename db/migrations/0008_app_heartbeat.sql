CREATE TABLE `app_heartbeat` (
	`node` text PRIMARY KEY NOT NULL,
	`alive_at` integer NOT NULL
);
