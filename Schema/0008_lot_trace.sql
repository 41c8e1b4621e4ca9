-- meso 0008: the lot trace, what `audit lot` reads to answer "who received lot X" at a million
-- usage rows in a couple of milliseconds (DESIGN.md, Targets).
--
-- Joining each of a lot's thousands of usage rows to its session and patient costs a probe of two
-- large indexes per row, ten times the target. lot_trace holds, per usage row, the session and
-- patient facts a recall list shows, kept by the triggers below in the same transaction as the
-- change they follow, so the trace is one range scan of one covering index. It is derived, never
-- written by a person: session_usage, session, patient and adverse_event stay the record, and
-- `audit verify` proves lot_trace equal to them (rule lot-trace).
CREATE TABLE lot_trace (
    session_id          bigint NOT NULL,
    lot_id              bigint NOT NULL,
    performed_at        timestamptz NOT NULL,
    patient_id          bigint NOT NULL,
    volume_ml           numeric(10,3) NOT NULL,
    waste_ml            numeric(10,3) NOT NULL,
    practitioner        text NOT NULL,
    formula_code        text NOT NULL,
    formula_version     integer NOT NULL,
    area                text,
    patient_mrn         text NOT NULL,
    patient_name        text NOT NULL,
    patient_birth_date  date,
    -- The session's mutable facts, as flags: the trace reads the details of the few sessions they
    -- mark from session and adverse_event themselves.
    cancelled           boolean NOT NULL,
    adverse_events      integer NOT NULL CONSTRAINT lot_trace_adverse_events_not_negative CHECK (adverse_events >= 0),
    -- The columns `audit lot` lists, as one tab-separated value, kept by PostgreSQL itself from the
    -- columns above. Sending a row's twelve values one by one cost the server about 55 ns each,
    -- 1.2 ms for a lot reached by 1,800 sessions; one value per row costs a fifth of that. Times
    -- as microseconds and dates as days since 1970-01-01, so the text does not depend on the
    -- session's TimeZone or DateStyle; no field can hold a tab (their sources are checked by
    -- meso_is_printable or a format). MesoCore's LotTraceLine reads exactly this layout.
    trace_line          text GENERATED ALWAYS AS (
                            session_id::text
                            || E'\t' || (extract(epoch FROM performed_at - to_timestamp(0)) * 1000000)::bigint::text
                            || E'\t' || patient_id::text
                            || E'\t' || patient_mrn
                            || E'\t' || patient_name
                            || E'\t' || coalesce((patient_birth_date - DATE '1970-01-01')::text, '')
                            || E'\t' || practitioner
                            || E'\t' || formula_code
                            || E'\t' || formula_version::text
                            || E'\t' || coalesce(area, '')
                            || E'\t' || volume_ml::text
                            || E'\t' || waste_ml::text) STORED,
    -- No foreign keys: each row is copied from a usage row that can never be deleted, and a key
    -- check per row would tax every session recorded. `audit verify` compares the two instead.
    PRIMARY KEY (session_id, lot_id)
);
-- Every use of a lot in the order the trace lists them, with what it lists: an index-only scan,
-- no sort.
CREATE INDEX lot_trace_lot ON lot_trace (lot_id, performed_at, session_id) INCLUDE (trace_line);
-- The lot's sessions whose details the trace must fetch: few, whatever the lot's size.
CREATE INDEX lot_trace_lot_exceptions ON lot_trace (lot_id, session_id) WHERE cancelled OR adverse_events > 0;
-- A correction of a patient's name reaches their rows without reading the whole trace.
CREATE INDEX lot_trace_patient ON lot_trace (patient_id);

-- What lot_trace must hold, derived from the record: the one definition the trigger, the
-- back-fill below and `audit verify` share.
CREATE VIEW lot_trace_expected AS
SELECT u.session_id, u.lot_id, u.performed_at, u.patient_id, u.volume_ml, u.waste_ml, s.practitioner,
       s.formula_code, s.formula_version, s.area, p.mrn AS patient_mrn, p.name AS patient_name,
       p.birth_date AS patient_birth_date, s.status = 'cancelled' AS cancelled,
       (SELECT count(*) FROM adverse_event a WHERE a.session_id = u.session_id)::integer AS adverse_events
  FROM session_usage u
  JOIN session s ON s.id = u.session_id
  JOIN patient p ON p.id = u.patient_id;

GRANT SELECT ON lot_trace, lot_trace_expected TO meso_pharmacist, meso_practitioner, meso_auditor;

-- The trace follows the record, whoever writes it: the functions run as the schema's owner because
-- no role may write lot_trace itself.
CREATE FUNCTION lot_trace_add_usage() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO lot_trace
    SELECT e.* FROM added_usage a
      JOIN lot_trace_expected e ON e.session_id = a.session_id AND e.lot_id = a.lot_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER lot_trace_follows_usage
    AFTER INSERT ON session_usage REFERENCING NEW TABLE AS added_usage
    FOR EACH STATEMENT EXECUTE FUNCTION lot_trace_add_usage();

CREATE FUNCTION lot_trace_follow_session() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    UPDATE lot_trace SET cancelled = (NEW.status = 'cancelled') WHERE session_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER lot_trace_follows_session
    AFTER UPDATE OF status ON session
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION lot_trace_follow_session();

CREATE FUNCTION lot_trace_count_adverse_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    UPDATE lot_trace SET adverse_events = adverse_events + 1 WHERE session_id = NEW.session_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER lot_trace_follows_adverse_event
    AFTER INSERT ON adverse_event
    FOR EACH ROW EXECUTE FUNCTION lot_trace_count_adverse_event();

CREATE FUNCTION lot_trace_follow_patient() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    UPDATE lot_trace SET patient_mrn = NEW.mrn, patient_name = NEW.name, patient_birth_date = NEW.birth_date
     WHERE patient_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER lot_trace_follows_patient
    AFTER UPDATE OF mrn, name, birth_date ON patient
    FOR EACH ROW WHEN ((OLD.mrn, OLD.name, OLD.birth_date) IS DISTINCT FROM (NEW.mrn, NEW.name, NEW.birth_date))
    EXECUTE FUNCTION lot_trace_follow_patient();

-- Derived rows are never deleted: a session is cancelled, not removed, and so is its trace.
CREATE TRIGGER lot_trace_no_delete
    BEFORE DELETE ON lot_trace
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();
CREATE TRIGGER lot_trace_no_truncate
    BEFORE TRUNCATE ON lot_trace
    FOR EACH STATEMENT EXECUTE FUNCTION meso_refuse_change();

-- The sessions recorded before this migration.
INSERT INTO lot_trace SELECT * FROM lot_trace_expected;
