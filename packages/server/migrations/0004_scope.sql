-- Scope as data (docs/scope.md): who may see which patients, as spans of
-- versions. A span holds from `began` (the version of the write that opened
-- it) until `ended` (the version of the write that closed it; NULL while it
-- holds). "In scope at version v" is `began <= v AND (ended IS NULL OR
-- ended > v)`, so the scope every pull timestamp was answered for can be
-- computed again later: that is how a pull tells rows that entered the scope
-- from rows that left it. Spans are written by the write path in the same
-- transaction and version as the rows they follow.

-- A user's clinics: their home clinic and every clinic where they hold a live
-- permission row. clinic_id '*' stands for the whole organisation (super_admin).
CREATE TABLE clinic_memberships (
  user_id text NOT NULL,
  clinic_id text NOT NULL,
  began bigint NOT NULL,
  ended bigint
);
CREATE INDEX clinic_memberships_user_idx ON clinic_memberships (user_id, clinic_id);
CREATE INDEX clinic_memberships_clinic_idx ON clinic_memberships (clinic_id);

-- A patient's clinics: its primary clinic and the clinics of its live visits,
-- appointments, prescriptions (pickup clinic) and dispensing records.
CREATE TABLE patient_clinics (
  patient_id text NOT NULL,
  clinic_id text NOT NULL,
  began bigint NOT NULL,
  ended bigint
);
CREATE INDEX patient_clinics_patient_idx ON patient_clinics (patient_id);
CREATE INDEX patient_clinics_clinic_began_idx ON patient_clinics (clinic_id, began);
CREATE INDEX patient_clinics_clinic_ended_idx ON patient_clinics (clinic_id, ended);

-- Patients a user added to their scope through the patient lookup.
CREATE TABLE patient_follows (
  user_id text NOT NULL,
  patient_id text NOT NULL,
  began bigint NOT NULL,
  ended bigint
);
CREATE INDEX patient_follows_user_idx ON patient_follows (user_id, patient_id);

-- Lookups, follows, exports and administrative reads of data outside the
-- reader's own scope, as hospital systems audit them.
CREATE TABLE access_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  -- The clinics the target belongs to, so an admin sees their clinics' entries.
  clinic_ids text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX access_log_at_idx ON access_log (id DESC);

-- A pushed record the server refused (no permission, out of scope, a
-- server-managed table) keeps its values in the conflict log, with the reason.
ALTER TABLE conflicts DROP CONSTRAINT conflicts_kind_check;
ALTER TABLE conflicts ADD CONSTRAINT conflicts_kind_check
  CHECK (kind IN ('column', 'row_deleted', 'refused'));
ALTER TABLE conflicts ADD COLUMN reason text;
-- The clinic the conflicting record belongs to, so an admin sees their clinics' conflicts.
ALTER TABLE conflicts ADD COLUMN clinic_id text;

-- Indexes the scope's joins use.
CREATE INDEX visits_clinic_id_idx ON visits (clinic_id);
CREATE INDEX prescriptions_pickup_clinic_id_idx ON prescriptions (pickup_clinic_id);

-- Spans for what exists already. Before this migration every user pulled the
-- whole organisation, so each user gets a '*' span until now, and their real
-- clinics from now on: a device that synced before the upgrade is sent, one
-- sync after its next pull, the deletes that shrink it to its scope.
UPDATE sync_counter SET value = value + 1;

INSERT INTO clinic_memberships (user_id, clinic_id, began, ended)
SELECT u.id, '*', 0, CASE WHEN u.role = 'super_admin' THEN NULL ELSE (SELECT value * 1048576 FROM sync_counter) END
  FROM users u WHERE NOT u._deleted;

INSERT INTO clinic_memberships (user_id, clinic_id, began)
SELECT DISTINCT m.user_id, m.clinic_id, (SELECT value * 1048576 FROM sync_counter)
  FROM (SELECT u.id AS user_id, u.clinic_id FROM users u
         WHERE NOT u._deleted AND u.role <> 'super_admin' AND u.clinic_id <> ''
        UNION
        SELECT p.user_id, p.clinic_id FROM user_clinic_permissions p JOIN users u ON u.id = p.user_id
         WHERE NOT p._deleted AND NOT u._deleted AND u.role <> 'super_admin' AND p.clinic_id <> '') m;

INSERT INTO patient_clinics (patient_id, clinic_id, began)
SELECT DISTINCT l.patient_id, l.clinic_id, 0
  FROM (SELECT id AS patient_id, primary_clinic_id AS clinic_id FROM patients WHERE NOT _deleted
        UNION ALL SELECT patient_id, clinic_id FROM visits WHERE NOT _deleted
        UNION ALL SELECT patient_id, clinic_id FROM appointments WHERE NOT _deleted
        UNION ALL SELECT patient_id, pickup_clinic_id FROM prescriptions WHERE NOT _deleted
        UNION ALL SELECT patient_id, clinic_id FROM dispensing_records WHERE NOT _deleted) l
 WHERE l.clinic_id IS NOT NULL AND l.clinic_id <> '';
