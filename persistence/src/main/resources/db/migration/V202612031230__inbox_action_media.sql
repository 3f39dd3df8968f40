-- Media in direct-message answers (ADR 0034): the workspace's media files a send_message action
-- carries, in order. The gateway checks them (the caller's, a type and count the platform takes);
-- the inbox-ingestor hands the platform each file's public URL (Meta fetches it; X's connector
-- uploads it first).
ALTER TABLE inbox_actions ADD COLUMN media_ids TEXT[] NOT NULL DEFAULT '{}';
