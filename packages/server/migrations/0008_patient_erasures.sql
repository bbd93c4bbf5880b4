-- Patients erased on request (`clinicsync admin erase-patient`): their rows
-- stay as tombstones with every clinical value blanked, their history and
-- conflicts hold no values, and a write that later reaches one of their
-- records (a device that was offline) is blanked in the same transaction.
CREATE TABLE patient_erasures (
  patient_id text PRIMARY KEY,
  erased_by text NOT NULL,
  erased_at timestamptz NOT NULL DEFAULT now(),
  -- The records blanked, history entries emptied and conflicts dropped.
  records integer NOT NULL,
  history_entries integer NOT NULL,
  conflicts integer NOT NULL
);
