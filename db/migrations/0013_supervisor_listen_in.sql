ALTER TABLE `municipality` ADD `listen_in_allowed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `municipality` ADD `listen_in_notice` integer DEFAULT false NOT NULL;