-- The administration console (issue 14): how a conflict was resolved, and
-- what the devices report of themselves in the sync log.

-- Who resolved a conflict, when, and how: 'keep' (the applied value stands,
-- reviewed) or 'restore' (the replaced value written back as a new change).
ALTER TABLE conflicts ADD COLUMN resolved_by text;
ALTER TABLE conflicts ADD COLUMN resolved_at timestamptz;
ALTER TABLE conflicts ADD COLUMN resolved_action text
  CHECK (resolved_action IN ('keep', 'restore'));

-- The schemaVersion a pull sent (the app's WatermelonDB schema), when it sent one.
ALTER TABLE sync_log ADD COLUMN schema_version integer;

-- The devices list reads the latest pull and push of each user and device,
-- and the sync log is searched by user, device and kind, newest first.
CREATE INDEX sync_log_user_device_kind_idx ON sync_log (user_id, device_id, kind, id DESC);
