-- Deletes a push refused, by the user and the cursor the device pushed from.
-- A stock WatermelonDB device (the Hikma app reads no rejections) drops a
-- record once it has pushed its delete, refused or not; its next pull, from
-- that cursor, sends the record again whole, so the device holds it again.
CREATE TABLE refused_deletes (
  user_id text NOT NULL,
  cursor bigint NOT NULL,
  table_name text NOT NULL,
  row_id text NOT NULL,
  PRIMARY KEY (user_id, cursor, table_name, row_id)
);
