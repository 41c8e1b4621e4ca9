-- meso 0004: sessions, what they injected from which lots, the check's findings with any
-- override, and adverse events.

CREATE TABLE session (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_id       bigint NOT NULL REFERENCES patient,
    formula_code     text NOT NULL,
    formula_version  integer NOT NULL,
    practitioner     text NOT NULL
                     CONSTRAINT session_practitioner_format CHECK (length(practitioner) BETWEEN 1 AND 200 AND meso_is_printable(practitioner)),
    performed_at     timestamptz NOT NULL,
    area             text CONSTRAINT session_area_format CHECK (length(area) BETWEEN 1 AND 200 AND meso_is_printable(area)),
    status           text NOT NULL DEFAULT 'performed'
                     CONSTRAINT session_status_known CHECK (status IN ('performed', 'cancelled')),
    verdict          text NOT NULL CONSTRAINT session_verdict_known CHECK (verdict IN ('PASS', 'WARN', 'BLOCK')),
    override_reason  text CONSTRAINT session_override_reason_length CHECK (length(override_reason) BETWEEN 1 AND 2000),
    override_by      text,
    override_at      timestamptz,
    cancelled_at     timestamptz,
    cancelled_by     text,
    cancel_reason    text CONSTRAINT session_cancel_reason_length CHECK (length(cancel_reason) BETWEEN 1 AND 2000),
    recorded_at      timestamptz NOT NULL DEFAULT now(),
    recorded_by      text NOT NULL,
    FOREIGN KEY (formula_code, formula_version) REFERENCES formula_version,
    -- Lets usage rows name the session and its patient together, consistently.
    CONSTRAINT session_id_patient_unique UNIQUE (id, patient_id),
    -- A clinical block is recorded only with the override that lifted it: who, when, why.
    CONSTRAINT session_block_has_override CHECK (
        verdict <> 'BLOCK' OR (override_reason IS NOT NULL AND override_by IS NOT NULL AND override_at IS NOT NULL)),
    CONSTRAINT session_override_complete CHECK (
        (override_reason IS NULL) = (override_by IS NULL) AND (override_reason IS NULL) = (override_at IS NULL)),
    CONSTRAINT session_cancellation_complete CHECK (
        (status = 'cancelled') = (cancelled_at IS NOT NULL)
        AND (cancelled_at IS NULL) = (cancelled_by IS NULL)
        AND (cancelled_at IS NULL) = (cancel_reason IS NULL))
);
CREATE INDEX session_patient_time ON session (patient_id, performed_at);
CREATE INDEX session_patient_formula_time ON session (patient_id, formula_code, performed_at);
CREATE INDEX session_performed_at ON session (performed_at);

-- What the pre-session check found, stored with the session that went ahead despite it.
CREATE TABLE session_finding (
    session_id     bigint NOT NULL REFERENCES session,
    position       smallint NOT NULL CONSTRAINT session_finding_position_positive CHECK (position >= 1),
    severity       text NOT NULL CONSTRAINT session_finding_severity_known CHECK (severity IN ('block', 'warn', 'info')),
    rule           text NOT NULL,
    match_type     text,
    message        text NOT NULL,
    compound_code  text,
    group_code     text,
    product_code   text,
    lot_id         bigint REFERENCES lot,
    condition_id   bigint REFERENCES patient_condition,
    overridden     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (session_id, position)
);

-- The volume injected from each lot. Patient and time are copied from the session (and held
-- consistent by the foreign key) so that "who received lot X" is one index range scan.
CREATE TABLE session_usage (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id    bigint NOT NULL,
    patient_id    bigint NOT NULL,
    performed_at  timestamptz NOT NULL,
    lot_id        bigint NOT NULL REFERENCES lot,
    volume_ml     numeric(10,3) NOT NULL CONSTRAINT session_usage_volume_positive CHECK (volume_ml > 0),
    -- The unused remainder of opened single-use vials, written off in the same transaction.
    waste_ml      numeric(10,3) NOT NULL DEFAULT 0 CONSTRAINT session_usage_waste_not_negative CHECK (waste_ml >= 0),
    FOREIGN KEY (session_id, patient_id) REFERENCES session (id, patient_id),
    CONSTRAINT session_usage_one_row_per_lot UNIQUE (session_id, lot_id)
);
CREATE INDEX session_usage_lot ON session_usage (lot_id, performed_at) INCLUDE (session_id, patient_id, volume_ml, waste_ml);
CREATE INDEX session_usage_patient ON session_usage (patient_id, performed_at);

CREATE TABLE adverse_event (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id   bigint NOT NULL REFERENCES session,
    kind         text NOT NULL CONSTRAINT adverse_event_kind_known CHECK (kind IN (
                     'allergic-reaction', 'swelling', 'redness', 'nausea', 'itching', 'bleeding', 'pain', 'other')),
    severity     text NOT NULL CONSTRAINT adverse_event_severity_known CHECK (severity IN ('mild', 'moderate', 'severe')),
    note         text CONSTRAINT adverse_event_note_length CHECK (length(note) BETWEEN 1 AND 2000),
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    recorded_by  text NOT NULL
);
CREATE INDEX adverse_event_session ON adverse_event (session_id);

ALTER TABLE stock_movement
    ADD CONSTRAINT stock_movement_session_fk FOREIGN KEY (session_id) REFERENCES session,
    ADD CONSTRAINT stock_movement_patient_fk FOREIGN KEY (patient_id) REFERENCES patient;

CREATE TRIGGER session_finding_append_only
    BEFORE UPDATE OR DELETE ON session_finding
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();
CREATE TRIGGER session_usage_append_only
    BEFORE UPDATE OR DELETE ON session_usage
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();
CREATE TRIGGER session_usage_no_truncate
    BEFORE TRUNCATE ON session_usage
    FOR EACH STATEMENT EXECUTE FUNCTION meso_refuse_change();
CREATE TRIGGER adverse_event_append_only
    BEFORE UPDATE OR DELETE ON adverse_event
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();

-- A session is never deleted; the one change it admits is its cancellation.
CREATE FUNCTION session_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'A session is never deleted; cancel it instead.' USING ERRCODE = 'MS001';
    END IF;
    IF OLD.status <> 'performed' OR NEW.status <> 'cancelled'
       OR (NEW.patient_id, NEW.formula_code, NEW.formula_version, NEW.practitioner, NEW.performed_at,
           NEW.area, NEW.verdict, NEW.override_reason, NEW.override_by, NEW.override_at,
           NEW.recorded_at, NEW.recorded_by)
          IS DISTINCT FROM
          (OLD.patient_id, OLD.formula_code, OLD.formula_version, OLD.practitioner, OLD.performed_at,
           OLD.area, OLD.verdict, OLD.override_reason, OLD.override_by, OLD.override_at,
           OLD.recorded_at, OLD.recorded_by) THEN
        RAISE EXCEPTION 'A recorded session can only be cancelled, once; nothing else about it changes.'
            USING ERRCODE = 'MS005';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER session_guard
    BEFORE UPDATE OR DELETE ON session
    FOR EACH ROW EXECUTE FUNCTION session_guard();

-- Session-use is judged on the day of the session, not the day it was typed in: a lot that
-- expired yesterday could have been used last week, and never on a day after its expiry.
CREATE OR REPLACE FUNCTION stock_movement_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    lot_row lot%ROWTYPE;
    used_on date;
BEGIN
    UPDATE lot SET on_hand_ml = on_hand_ml + NEW.quantity_ml
     WHERE id = NEW.lot_id
    RETURNING * INTO lot_row;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Lot % does not exist.', NEW.lot_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF lot_row.status = 'destroyed' THEN
        RAISE EXCEPTION 'Lot % of % is destroyed: no stock can move in or out of it.',
            lot_row.lot_number, lot_row.product_code USING ERRCODE = 'MS002';
    END IF;
    IF NEW.kind = 'session-use' THEN
        SELECT (performed_at AT TIME ZONE 'UTC')::date INTO used_on FROM session WHERE id = NEW.session_id;
        used_on := coalesce(used_on, (NEW.recorded_at AT TIME ZONE 'UTC')::date);
        IF lot_row.status <> 'released' THEN
            RAISE EXCEPTION 'Lot % of % is % and cannot be used for a session.',
                lot_row.lot_number, lot_row.product_code, lot_row.status USING ERRCODE = 'MS002';
        END IF;
        IF lot_row.expiry < used_on THEN
            RAISE EXCEPTION 'Lot % of % expired on % and cannot be used for a session.',
                lot_row.lot_number, lot_row.product_code, lot_row.expiry USING ERRCODE = 'MS002';
        END IF;
    END IF;
    NEW.balance_after_ml := lot_row.on_hand_ml;
    RETURN NEW;
END;
$$;
