-- A pull finds the patients a device created in the push after its previous
-- pulls (they are on the device whatever their scope): by cursor, not by scan.
CREATE INDEX patients_created_cursor_idx ON patients (_created_cursor);
