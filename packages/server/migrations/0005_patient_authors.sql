-- Who wrote rows of each patient (provider_id, recorded_by_user_id, …), from
-- the version of their first such row: the users a device shows as authors of
-- its patients' records come with them (docs/scope.md). Kept by the write
-- path; only ever added to, so "authors at version v" is a range condition.
CREATE TABLE patient_authors (
  patient_id text NOT NULL,
  user_id text NOT NULL,
  first_version bigint NOT NULL,
  PRIMARY KEY (patient_id, user_id)
);

INSERT INTO patient_authors (patient_id, user_id, first_version)
SELECT a.patient_id, a.user_id, min(a.v)
  FROM (SELECT id AS patient_id, last_modified_by AS user_id, _created_version AS v FROM patients
        UNION ALL SELECT patient_id, provider_id, _created_version FROM visits
        UNION ALL SELECT patient_id, recorded_by_user_id, _created_version FROM events
        UNION ALL SELECT patient_id, provider_id, _created_version FROM appointments
        UNION ALL SELECT patient_id, user_id, _created_version FROM appointments
        UNION ALL SELECT patient_id, provider_id, _created_version FROM prescriptions
        UNION ALL SELECT patient_id, filled_by, _created_version FROM prescriptions
        UNION ALL SELECT patient_id, recorded_by_user_id, _created_version FROM patient_vitals
        UNION ALL SELECT patient_id, recorded_by_user_id, _created_version FROM patient_problems
        UNION ALL SELECT patient_id, recorded_by_user_id, _created_version FROM prescription_items
        UNION ALL SELECT patient_id, dispensed_by, _created_version FROM dispensing_records) a
 WHERE a.user_id IS NOT NULL AND a.user_id <> ''
 GROUP BY a.patient_id, a.user_id;
