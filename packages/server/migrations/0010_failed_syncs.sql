-- A pull or push the server refused or failed (issue 14: the console shows
-- each device's errors): the error code it answered with ('invalid_push',
-- 'payload_too_large', 'too_many_requests', 'internal', …); null for a sync
-- that went through. Only the code: never a message that could hold values.
ALTER TABLE sync_log ADD COLUMN error text;
