-- What the gateway read from an uploaded video's own container (MP4/MOV boxes) when it arrived:
-- its duration and the codec of its video track (the sample entry type: avc1, hvc1, ...). Width
-- and height use the existing columns. NULL when the file is not a video or could not be read;
-- the platform rule book then warns instead of checking.
ALTER TABLE media ADD COLUMN duration_ms BIGINT CHECK (duration_ms >= 0);
ALTER TABLE media ADD COLUMN video_codec TEXT;
