CREATE TABLE `photo_sealed` (
	`photo_id` text PRIMARY KEY NOT NULL,
	`sealed` blob NOT NULL,
	`stored_at` integer NOT NULL
);
