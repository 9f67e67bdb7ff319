CREATE TABLE `login_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`account_id` text,
	`failures` integer DEFAULT 0 NOT NULL,
	`locks` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`last_failure_at` integer,
	`version` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `login_throttle_account_idx` ON `login_throttle` (`account_id`);--> statement-breakpoint
CREATE INDEX `login_throttle_last_failure_idx` ON `login_throttle` (`last_failure_at`);--> statement-breakpoint
ALTER TABLE `account` ADD `totp_last_step` integer;--> statement-breakpoint
ALTER TABLE `account` ADD `totp_pending_secret` text;--> statement-breakpoint
ALTER TABLE `account` ADD `totp_pending_at` integer;--> statement-breakpoint
ALTER TABLE `account` DROP COLUMN `failed_login_count`;--> statement-breakpoint
ALTER TABLE `account` DROP COLUMN `locked_until`;