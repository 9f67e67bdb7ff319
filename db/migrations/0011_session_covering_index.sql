DROP INDEX `session_municipality_idx`;--> statement-breakpoint
CREATE INDEX `session_municipality_time_idx` ON `session` (`municipality_id`,`requested_at`,`answered_at`,`ended_at`,`outcome`);