-- The change feed's counter. Writers take its row lock as late as possible in
-- their transaction (UPDATE … RETURNING) and commit right after, so versions
-- commit in order. A version is value * 2^20; the 2^20 - 1 numbers above it
-- are pull timestamps, so every pull gets its own timestamp without writing
-- the counter (see docs/sync.md).
CREATE TABLE sync_counter (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  value bigint NOT NULL
);
INSERT INTO sync_counter (value) VALUES (0);

CREATE SEQUENCE pull_seq;

-- Every pull's timestamp and the cursor the device held before it: the chain
-- that tells devices apart when they send no X-Device-Id, and the base a
-- push's conflicts are judged against.
CREATE TABLE pulls (
  cursor bigint PRIMARY KEY,
  previous_cursor bigint NOT NULL,
  user_id text NOT NULL,
  device_id text,
  at timestamptz NOT NULL DEFAULT now()
);

-- The audit trail: every accepted write, with the columns before and after.
CREATE TABLE change_history (
  id bigserial PRIMARY KEY,
  version bigint NOT NULL,
  table_name text NOT NULL,
  row_id text NOT NULL,
  op text NOT NULL CHECK (op IN ('create', 'update', 'delete')),
  user_id text,
  device_id text,
  cursor bigint,
  before json,
  after json,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_history_row_idx ON change_history (table_name, row_id, version);

-- Values that a write replaced while someone else had changed them, or that
-- could not be applied because the row was deleted: nothing is lost silently.
CREATE TABLE conflicts (
  id bigserial PRIMARY KEY,
  table_name text NOT NULL,
  row_id text NOT NULL,
  column_name text,
  kind text NOT NULL CHECK (kind IN ('column', 'row_deleted')),
  applied_value jsonb,
  replaced_value jsonb,
  applied_by text,
  applied_device text,
  applied_version bigint,
  replaced_by text,
  replaced_device text,
  replaced_version bigint,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conflicts_row_idx ON conflicts (table_name, row_id);

-- Each pull and push: who, which device, what, how long.
CREATE TABLE sync_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id text,
  device_id text,
  kind text NOT NULL CHECK (kind IN ('pull', 'push')),
  last_pulled_at bigint,
  timestamp bigint,
  counts jsonb NOT NULL DEFAULT '{}',
  rejected jsonb NOT NULL DEFAULT '[]',
  ms integer NOT NULL
);
