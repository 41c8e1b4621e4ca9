-- meso 0005: who may do what (DESIGN.md, "Roles"), and the indexes the auditor's questions need.
--
-- Three group roles that cannot log in themselves; each person gets a login that is a member of
-- the role of their job (README, "Roles"):  CREATE ROLE alice LOGIN IN ROLE meso_pharmacist;
--
--   meso_pharmacist    the stock (receive, release, quarantine, recall, destroy, count, write off
--                      waste) and the catalog (compounds, allergen groups, products, formulas)
--   meso_practitioner  patients with their allergies, conditions and medications; sessions with
--                      their findings, adverse events, and the ledger rows a session writes (the
--                      volume it used, the opened remainder of single-use vials, and the reversal of
--                      those rows when it is cancelled); never receiving, counting or destroying stock
--   meso_auditor       reads everything, writes nothing
--
-- Everyone reads every table: the check reads the catalog, lots, formulas and patients; stock and
-- audit listings join sessions and patients. The actor recorded with each row is the person the
-- CLI names (--actor); the role decides what that person's login may write at all.

-- Roles belong to the whole cluster while this migration runs once per database, and test suites
-- migrate several databases at once: create each role only when missing, and let a concurrent
-- migration that created it first win.
DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['meso_pharmacist', 'meso_practitioner', 'meso_auditor'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
END;
$$;

-- Nobody but the schema's owner creates objects here: a role that could create its own functions
-- and triggers could also nest triggers around the lot guard (Schema/0002, lot_guard).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO meso_pharmacist, meso_practitioner, meso_auditor;

GRANT SELECT ON ALL TABLES IN SCHEMA public TO meso_pharmacist, meso_practitioner, meso_auditor;
-- Tables added by later migrations are readable by all three; writes are granted table by table.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT ON TABLES TO meso_pharmacist, meso_practitioner, meso_auditor;

-- The pharmacist: catalog and stock. Lots change only through the ledger and status-change rows,
-- whose triggers (SECURITY DEFINER) update the lot; nobody is granted UPDATE of a lot's balance.
GRANT INSERT ON compound, allergen_group, allergen_group_member, dose_limit, product, product_ingredient,
                formula, formula_version, formula_component,
                lot, lot_status_change, stock_movement
    TO meso_pharmacist;
GRANT USAGE ON SEQUENCE lot_id_seq, lot_status_change_id_seq, stock_movement_id_seq TO meso_pharmacist;

-- The practitioner: patients, sessions and what a session writes.
GRANT INSERT ON patient, patient_allergy, patient_condition, patient_medication,
                session, session_finding, session_usage, adverse_event, stock_movement
    TO meso_practitioner;
-- A patient's details are corrected and "no known allergies" is recorded on the patient row;
-- the MRN and who created the record stay.
GRANT UPDATE (name, birth_date, weight_kg, allergy_assessment) ON patient TO meso_practitioner;
-- Cancelling is the one change a session admits (session_guard enforces the rest).
GRANT UPDATE (status, cancelled_at, cancelled_by, cancel_reason) ON session TO meso_practitioner;
GRANT USAGE ON SEQUENCE patient_id_seq, patient_allergy_id_seq, patient_condition_id_seq,
                        patient_medication_id_seq, session_id_seq, session_usage_id_seq,
                        adverse_event_id_seq, stock_movement_id_seq
    TO meso_practitioner;

-- SELECT ... FOR UPDATE, which draws for a session or counts a lot in a fixed lock order, needs
-- UPDATE on some column of the lot. status_changed_at is that column: lot_guard refuses any
-- direct change to it, so the grant gives the row lock and nothing else.
GRANT UPDATE (status_changed_at) ON lot TO meso_pharmacist, meso_practitioner;

-- Which ledger rows each role may write. Superusers and the tables' owner (who runs migrations)
-- are not subject to these policies.
ALTER TABLE stock_movement ENABLE ROW LEVEL SECURITY;

CREATE POLICY stock_movement_readable ON stock_movement
    FOR SELECT TO meso_pharmacist, meso_practitioner, meso_auditor
    USING (true);

-- A reversal puts back, in full, what one earlier row of the same lot took out; reversing
-- anything else would receive stock that never arrived.
--
-- The pharmacist's movements belong to no session: receipts, counts, destructions, stock waste
-- and the reversal of one of those.
CREATE POLICY stock_movement_pharmacist_writes ON stock_movement
    FOR INSERT TO meso_pharmacist
    WITH CHECK (
        session_id IS NULL AND patient_id IS NULL
        AND (kind <> 'reversal' OR EXISTS (
            SELECT FROM stock_movement reversed
             WHERE reversed.id = stock_movement.reverses_id
               AND reversed.session_id IS NULL
               AND reversed.lot_id = stock_movement.lot_id
               AND reversed.quantity_ml = -stock_movement.quantity_ml)));

-- The practitioner's belong to a session: what it used, the waste of its opened single-use vials,
-- and the reversal of one of those rows when the session is cancelled.
CREATE POLICY stock_movement_practitioner_writes ON stock_movement
    FOR INSERT TO meso_practitioner
    WITH CHECK (
        (kind IN ('session-use', 'waste') AND session_id IS NOT NULL)
        OR (kind = 'reversal' AND EXISTS (
            SELECT FROM stock_movement reversed
             WHERE reversed.id = stock_movement.reverses_id
               AND reversed.kind IN ('session-use', 'waste')
               AND reversed.session_id IS NOT NULL
               AND reversed.lot_id = stock_movement.lot_id
               AND reversed.quantity_ml = -stock_movement.quantity_ml
               AND (stock_movement.session_id IS NULL OR stock_movement.session_id = reversed.session_id))));

-- A row is reversed at most once: a second reversal would put back stock that never left.
CREATE UNIQUE INDEX stock_movement_reversed_once ON stock_movement (reverses_id) WHERE reverses_id IS NOT NULL;

-- `audit patient` reads the ledger rows that name the patient (session_usage_patient and
-- session_patient_time of 0004 serve its sessions; session_usage_lot serves `audit lot`).
CREATE INDEX stock_movement_patient ON stock_movement (patient_id, id) WHERE patient_id IS NOT NULL;
