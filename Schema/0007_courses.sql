-- meso 0007: treatment courses. A course is planned for a patient and a formula: a first series of
-- sessions one formula interval apart, then maintenance sessions every few months. The plan is
-- kept as it was made; `course show` matches performed sessions of the formula to it. A changed
-- plan is a new course (from its start date it replaces the earlier one for that formula).

CREATE TABLE course (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_id          bigint NOT NULL REFERENCES patient,
    formula_code        text NOT NULL REFERENCES formula,
    start_date          date NOT NULL,
    -- The first series: how many sessions, how many days apart (the formula's minimum interval
    -- when the course was planned).
    series_sessions     integer NOT NULL CONSTRAINT course_series_sessions_range CHECK (series_sessions BETWEEN 1 AND 20),
    interval_days       integer NOT NULL CONSTRAINT course_interval_days_range CHECK (interval_days BETWEEN 1 AND 365),
    -- Then maintenance: how many sessions, how many calendar months apart.
    maintenance_sessions integer NOT NULL CONSTRAINT course_maintenance_sessions_range CHECK (maintenance_sessions BETWEEN 0 AND 20),
    maintenance_months  integer NOT NULL CONSTRAINT course_maintenance_months_range CHECK (maintenance_months BETWEEN 1 AND 24),
    created_at          timestamptz NOT NULL DEFAULT now(),
    created_by          text NOT NULL
);
CREATE INDEX course_patient ON course (patient_id, formula_code, start_date);

-- Each planned session and the day it is due.
CREATE TABLE course_session (
    course_id  bigint NOT NULL REFERENCES course,
    position   smallint NOT NULL CONSTRAINT course_session_position_positive CHECK (position >= 1),
    phase      text NOT NULL CONSTRAINT course_session_phase_known CHECK (phase IN ('series', 'maintenance')),
    due_on     date NOT NULL,
    PRIMARY KEY (course_id, position)
);

CREATE TRIGGER course_append_only
    BEFORE UPDATE OR DELETE ON course
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();
CREATE TRIGGER course_session_append_only
    BEFORE UPDATE OR DELETE ON course_session
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();

-- The practitioner plans courses; everyone reads them (0005's default privileges grant SELECT
-- too, but only on tables created by the role that ran 0005).
GRANT SELECT ON course, course_session TO meso_pharmacist, meso_practitioner, meso_auditor;
GRANT INSERT ON course, course_session TO meso_practitioner;
GRANT USAGE ON SEQUENCE course_id_seq TO meso_practitioner;
