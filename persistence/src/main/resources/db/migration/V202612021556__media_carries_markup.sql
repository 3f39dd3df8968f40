-- Uploads whose first bytes hold HTML, SVG or script markup behind an image signature (polyglots)
-- are served as downloads rather than inline. Files uploaded before are not re-read: every
-- public media response already carries nosniff and a sandboxing Content-Security-Policy.
ALTER TABLE media ADD COLUMN carries_markup BOOLEAN NOT NULL DEFAULT false;
