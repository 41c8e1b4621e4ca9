-- meso 0013: the pre-session check on the records a clinic really keeps.
--
--   * corrections are rows of their own, each with who (the actor and the database login), when (the
--     server's clock) and the value before: a patient's name, birth date and weight (patient_update),
--     the end of a condition (patient_condition_end), an allergy's verification and criticality
--     (patient_allergy_amendment); the current state is derived from them or cached by their trigger;
--   * dose limits are set and removed by the pharmacist through dose_limit_change, which keeps every
--     change; a limit applies to solutions with a vasoconstrictor or to plain ones
--     (with_vasoconstrictor replaces with_compound);
--   * allergen group memberships change through allergen_group_member_change, which keeps every change;
--   * an adverse event that blocks later sessions is lifted by its assessment (adverse_event_assessment);
--   * an override names the rule it lifts (session_override replaces the session's override_reason,
--     override_by and override_at), and a commit-time trigger keeps "a session's verdict is what its
--     stored findings say, and a BLOCK session has a stored override for each blocking rule".
--
-- SQLSTATEs: MS020 a patient correction refused, MS021 a condition end refused, MS022 an allergy
-- amendment refused, MS023 an allergen group membership change refused, MS024 a dose limit change
-- refused, MS025 an adverse event assessment refused, MS026 an override refused, MS027 a session whose
-- verdict, findings and overrides disagree.

--------------------------------------------------------------------------------------------------
-- Patient corrections: name, birth date, weight.

CREATE TABLE public.patient_update (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_id         bigint NOT NULL REFERENCES public.patient,
    -- The values after; NULL leaves the field as it was.
    name               text CONSTRAINT patient_update_name_format
                       CHECK (length(name) BETWEEN 1 AND 200 AND public.meso_is_printable(name)),
    birth_date         date CONSTRAINT patient_update_birth_date_range CHECK (birth_date >= DATE '1900-01-01'),
    weight_kg          numeric(5,1) CONSTRAINT patient_update_weight_range CHECK (weight_kg > 0 AND weight_kg <= 400),
    -- The values before, filled by the trigger from the patient's row.
    name_before        text,
    birth_date_before  date,
    weight_kg_before   numeric(5,1),
    recorded_at        timestamptz NOT NULL DEFAULT now(),
    recorded_by        text NOT NULL CONSTRAINT patient_update_recorded_by_format
                       CHECK (length(recorded_by) BETWEEN 1 AND 200 AND public.meso_is_printable(recorded_by)),
    recorded_login     text NOT NULL DEFAULT session_user,
    CONSTRAINT patient_update_changes_something CHECK (num_nonnulls(name, birth_date, weight_kg) >= 1)
);
CREATE INDEX patient_update_patient ON public.patient_update (patient_id, id);

-- Fills the values before, drops the fields that do not change, and applies the change to the
-- patient's row (which no meso role may update itself, so that no change escapes this history).
CREATE FUNCTION public.patient_update_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    current public.patient%ROWTYPE;
BEGIN
    SELECT * INTO current FROM public.patient WHERE id = NEW.patient_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Patient % does not exist.', NEW.patient_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NEW.name IS NOT DISTINCT FROM current.name THEN NEW.name := NULL; END IF;
    IF NEW.birth_date IS NOT DISTINCT FROM current.birth_date THEN NEW.birth_date := NULL; END IF;
    IF NEW.weight_kg IS NOT DISTINCT FROM current.weight_kg THEN NEW.weight_kg := NULL; END IF;
    IF num_nonnulls(NEW.name, NEW.birth_date, NEW.weight_kg) = 0 THEN
        RAISE EXCEPTION 'Patient % already has these values: nothing to change.', current.mrn USING ERRCODE = 'MS020';
    END IF;
    IF NEW.birth_date > public.meso_clinic_day(pg_catalog.now()) THEN
        RAISE EXCEPTION 'The birth date % is after today.', NEW.birth_date USING ERRCODE = 'MS020', COLUMN = 'birth_date';
    END IF;
    NEW.name_before := current.name;
    NEW.birth_date_before := current.birth_date;
    NEW.weight_kg_before := current.weight_kg;
    UPDATE public.patient
       SET name = coalesce(NEW.name, name), birth_date = coalesce(NEW.birth_date, birth_date),
           weight_kg = coalesce(NEW.weight_kg, weight_kg)
     WHERE id = NEW.patient_id;
    RETURN NEW;
END;
$$;

CREATE TRIGGER patient_update_apply
    BEFORE INSERT ON public.patient_update
    FOR EACH ROW EXECUTE FUNCTION public.patient_update_apply();

--------------------------------------------------------------------------------------------------
-- The end of a condition: it counts for sessions before that day only. The latest end recorded for
-- a condition is its end (a mistyped date is corrected by ending it again).

CREATE TABLE public.patient_condition_end (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    condition_id    bigint NOT NULL REFERENCES public.patient_condition,
    ended_on        date NOT NULL,
    note            text CONSTRAINT patient_condition_end_note_length CHECK (length(note) BETWEEN 1 AND 2000),
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    recorded_by     text NOT NULL CONSTRAINT patient_condition_end_recorded_by_format
                    CHECK (length(recorded_by) BETWEEN 1 AND 200 AND public.meso_is_printable(recorded_by)),
    recorded_login  text NOT NULL DEFAULT session_user
);
CREATE INDEX patient_condition_end_condition ON public.patient_condition_end (condition_id, id);

-- An end on or after the condition began, and not after the clinic's today: a condition is ended
-- once it has ended.
CREATE FUNCTION public.patient_condition_end_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    began date;
BEGIN
    SELECT onset INTO began FROM public.patient_condition WHERE id = NEW.condition_id;
    IF NEW.ended_on < began THEN
        RAISE EXCEPTION 'Condition % began on %, so it cannot end on %.', NEW.condition_id, began, NEW.ended_on
            USING ERRCODE = 'MS021', COLUMN = 'ended_on';
    END IF;
    IF NEW.ended_on > public.meso_clinic_day(pg_catalog.now()) THEN
        RAISE EXCEPTION 'The end % is after today: record the end of a condition once it has ended.', NEW.ended_on
            USING ERRCODE = 'MS021', COLUMN = 'ended_on';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER patient_condition_end_check
    BEFORE INSERT ON public.patient_condition_end
    FOR EACH ROW EXECUTE FUNCTION public.patient_condition_end_check();

--------------------------------------------------------------------------------------------------
-- An allergy's verification and criticality, amended with a reason: the latest amendment is the
-- record's current state, the first values are on patient_allergy.

CREATE TABLE public.patient_allergy_amendment (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    allergy_id           bigint NOT NULL REFERENCES public.patient_allergy,
    -- The state after (the trigger fills the one not given from the state before).
    verification         text NOT NULL CONSTRAINT patient_allergy_amendment_verification_known
                         CHECK (verification IN ('confirmed', 'unconfirmed', 'refuted', 'entered-in-error')),
    criticality          text NOT NULL CONSTRAINT patient_allergy_amendment_criticality_known
                         CHECK (criticality IN ('high', 'low', 'unable-to-assess')),
    verification_before  text NOT NULL,
    criticality_before   text NOT NULL,
    reason               text NOT NULL CONSTRAINT patient_allergy_amendment_reason_length
                         CHECK (length(reason) BETWEEN 1 AND 2000),
    recorded_at          timestamptz NOT NULL DEFAULT now(),
    recorded_by          text NOT NULL CONSTRAINT patient_allergy_amendment_recorded_by_format
                         CHECK (length(recorded_by) BETWEEN 1 AND 200 AND public.meso_is_printable(recorded_by)),
    recorded_login       text NOT NULL DEFAULT session_user
);
CREATE INDEX patient_allergy_amendment_allergy ON public.patient_allergy_amendment (allergy_id, id);

-- The state before is the latest amendment's, else the record's own; amendments of one patient are
-- ordered by the lock on the patient's row (the lock a session takes before it reads the record).
CREATE FUNCTION public.patient_allergy_amendment_fill() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    record public.patient_allergy%ROWTYPE;
    last public.patient_allergy_amendment%ROWTYPE;
BEGIN
    SELECT * INTO record FROM public.patient_allergy WHERE id = NEW.allergy_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Allergy record % does not exist.', NEW.allergy_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    PERFORM 1 FROM public.patient WHERE id = record.patient_id FOR UPDATE;
    SELECT * INTO last FROM public.patient_allergy_amendment WHERE allergy_id = NEW.allergy_id ORDER BY id DESC LIMIT 1;
    NEW.verification_before := coalesce(last.verification, record.verification);
    NEW.criticality_before := coalesce(last.criticality, record.criticality);
    NEW.verification := coalesce(NEW.verification, NEW.verification_before);
    NEW.criticality := coalesce(NEW.criticality, NEW.criticality_before);
    IF (NEW.verification, NEW.criticality) = (NEW.verification_before, NEW.criticality_before) THEN
        RAISE EXCEPTION 'Allergy record % is already % and %: nothing to amend.', NEW.allergy_id, NEW.verification,
            NEW.criticality USING ERRCODE = 'MS022';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER patient_allergy_amendment_fill
    BEFORE INSERT ON public.patient_allergy_amendment
    FOR EACH ROW EXECUTE FUNCTION public.patient_allergy_amendment_fill();

--------------------------------------------------------------------------------------------------
-- Allergen group memberships, changed through their history. allergen_group_member stays the current
-- state the check reads; only this trigger writes it.

CREATE TABLE public.allergen_group_member_change (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_code      text NOT NULL REFERENCES public.allergen_group,
    compound_code   text NOT NULL REFERENCES public.compound,
    change          text NOT NULL CONSTRAINT allergen_group_member_change_known CHECK (change IN ('add', 'remove')),
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    recorded_by     text NOT NULL CONSTRAINT allergen_group_member_change_recorded_by_format
                    CHECK (length(recorded_by) BETWEEN 1 AND 200 AND public.meso_is_printable(recorded_by)),
    recorded_login  text NOT NULL DEFAULT session_user
);
CREATE INDEX allergen_group_member_change_pair ON public.allergen_group_member_change (group_code, compound_code, id);

-- The memberships before this migration, as their history's first rows.
INSERT INTO public.allergen_group_member_change (group_code, compound_code, change, recorded_at, recorded_by, recorded_login)
SELECT group_code, compound_code, 'add', added_at, added_by, added_login
  FROM public.allergen_group_member ORDER BY added_at, group_code, compound_code;

CREATE FUNCTION public.allergen_group_member_change_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.change = 'add' THEN
        INSERT INTO public.allergen_group_member (group_code, compound_code, added_by)
        VALUES (NEW.group_code, NEW.compound_code, NEW.recorded_by)
        ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
            RAISE EXCEPTION '% is already a member of the allergen group %.', NEW.compound_code, NEW.group_code
                USING ERRCODE = 'MS023';
        END IF;
    ELSE
        DELETE FROM public.allergen_group_member WHERE group_code = NEW.group_code AND compound_code = NEW.compound_code;
        IF NOT FOUND THEN
            RAISE EXCEPTION '% is not a member of the allergen group %.', NEW.compound_code, NEW.group_code
                USING ERRCODE = 'MS023';
        END IF;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER allergen_group_member_change_apply
    BEFORE INSERT ON public.allergen_group_member_change
    FOR EACH ROW EXECUTE FUNCTION public.allergen_group_member_change_apply();

--------------------------------------------------------------------------------------------------
-- Dose limits: one for plain solutions and one for solutions with a vasoconstrictor (epinephrine at
-- 5 ug/mL or more in the same product), each set or removed through dose_limit_change, which says who
-- set the current one and when; dose_limit holds the current values, written by its trigger alone.

CREATE TABLE public.dose_limit_change (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    compound_code         text NOT NULL REFERENCES public.compound,
    with_vasoconstrictor  boolean NOT NULL,
    change                text NOT NULL CONSTRAINT dose_limit_change_known CHECK (change IN ('set', 'remove')),
    mg_per_kg             numeric(8,3) CONSTRAINT dose_limit_change_per_kg_range CHECK (mg_per_kg > 0 AND mg_per_kg <= 100),
    max_mg                numeric(10,3) CONSTRAINT dose_limit_change_max_range CHECK (max_mg > 0 AND max_mg <= 10000),
    mg_per_kg_before      numeric(8,3),
    max_mg_before         numeric(10,3),
    recorded_at           timestamptz NOT NULL DEFAULT now(),
    recorded_by           text NOT NULL CONSTRAINT dose_limit_change_recorded_by_format
                          CHECK (length(recorded_by) BETWEEN 1 AND 200 AND public.meso_is_printable(recorded_by)),
    recorded_login        text NOT NULL DEFAULT session_user,
    CONSTRAINT dose_limit_change_values CHECK (
        (change = 'set') = (mg_per_kg IS NOT NULL AND max_mg IS NOT NULL)
        AND (change = 'remove') = (mg_per_kg IS NULL AND max_mg IS NULL))
);
CREATE INDEX dose_limit_change_compound ON public.dose_limit_change (compound_code, with_vasoconstrictor, id);

ALTER TABLE public.dose_limit ADD COLUMN with_vasoconstrictor boolean NOT NULL DEFAULT false;

-- A limit "with epinephrine" becomes the with-vasoconstrictor limit. A limit "with" any other compound
-- has no equivalent: it is removed, and its history says so.
UPDATE public.dose_limit SET with_vasoconstrictor = true WHERE with_compound = 'epinephrine';
INSERT INTO public.dose_limit_change (compound_code, with_vasoconstrictor, change, mg_per_kg_before, max_mg_before,
                                      recorded_at, recorded_by, recorded_login)
SELECT compound_code, true, 'remove', mg_per_kg, max_mg, pg_catalog.now(),
       'meso db migrate (a limit with ' || with_compound || ', which no longer exists)', session_user
  FROM public.dose_limit WHERE with_compound IS NOT NULL AND with_compound <> 'epinephrine';
DELETE FROM public.dose_limit WHERE with_compound IS NOT NULL AND with_compound <> 'epinephrine';
INSERT INTO public.dose_limit_change (compound_code, with_vasoconstrictor, change, mg_per_kg, max_mg,
                                      recorded_at, recorded_by, recorded_login)
SELECT compound_code, with_vasoconstrictor, 'set', mg_per_kg, max_mg, pg_catalog.now(), 'meso db migrate', session_user
  FROM public.dose_limit ORDER BY compound_code, with_vasoconstrictor;
ALTER TABLE public.dose_limit
    DROP CONSTRAINT dose_limit_one_per_case,
    DROP COLUMN with_compound,
    ADD CONSTRAINT dose_limit_pkey PRIMARY KEY (compound_code, with_vasoconstrictor);

CREATE FUNCTION public.dose_limit_change_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    current public.dose_limit%ROWTYPE;
BEGIN
    SELECT * INTO current FROM public.dose_limit
     WHERE compound_code = NEW.compound_code AND with_vasoconstrictor = NEW.with_vasoconstrictor FOR UPDATE;
    NEW.mg_per_kg_before := current.mg_per_kg;
    NEW.max_mg_before := current.max_mg;
    IF NEW.change = 'set' THEN
        INSERT INTO public.dose_limit (compound_code, with_vasoconstrictor, mg_per_kg, max_mg)
        VALUES (NEW.compound_code, NEW.with_vasoconstrictor, NEW.mg_per_kg, NEW.max_mg)
        ON CONFLICT (compound_code, with_vasoconstrictor) DO UPDATE
           SET mg_per_kg = EXCLUDED.mg_per_kg, max_mg = EXCLUDED.max_mg;
    ELSIF current.compound_code IS NULL THEN
        RAISE EXCEPTION '% has no % limit to remove.', NEW.compound_code,
            CASE WHEN NEW.with_vasoconstrictor THEN 'with-vasoconstrictor' ELSE 'plain' END USING ERRCODE = 'MS024';
    ELSE
        DELETE FROM public.dose_limit
         WHERE compound_code = NEW.compound_code AND with_vasoconstrictor = NEW.with_vasoconstrictor;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER dose_limit_change_apply
    BEFORE INSERT ON public.dose_limit_change
    FOR EACH ROW EXECUTE FUNCTION public.dose_limit_change_apply();

--------------------------------------------------------------------------------------------------
-- What the practitioner found after an adverse event that blocks later sessions (an allergic reaction
-- of any severity, or any severe event): the allergy it was, or that it was not an allergy.

CREATE TABLE public.adverse_event_assessment (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    adverse_event_id  bigint NOT NULL REFERENCES public.adverse_event,
    finding           text NOT NULL CONSTRAINT adverse_event_assessment_finding_known
                      CHECK (finding IN ('allergy', 'not-allergic')),
    allergy_id        bigint REFERENCES public.patient_allergy,
    reason            text NOT NULL CONSTRAINT adverse_event_assessment_reason_length CHECK (length(reason) BETWEEN 1 AND 2000),
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    recorded_by       text NOT NULL CONSTRAINT adverse_event_assessment_recorded_by_format
                      CHECK (length(recorded_by) BETWEEN 1 AND 200 AND public.meso_is_printable(recorded_by)),
    recorded_login    text NOT NULL DEFAULT session_user,
    CONSTRAINT adverse_event_assessment_allergy_named CHECK ((finding = 'allergy') = (allergy_id IS NOT NULL))
);
CREATE INDEX adverse_event_assessment_event ON public.adverse_event_assessment (adverse_event_id);

-- The allergy named is the patient's whose session the event followed.
CREATE FUNCTION public.adverse_event_assessment_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.allergy_id IS NOT NULL AND NOT EXISTS (
        SELECT FROM public.adverse_event e
          JOIN public.session s ON s.id = e.session_id
          JOIN public.patient_allergy a ON a.patient_id = s.patient_id
         WHERE e.id = NEW.adverse_event_id AND a.id = NEW.allergy_id) THEN
        RAISE EXCEPTION 'Allergy record % is not of the patient whose session adverse event % followed.',
            NEW.allergy_id, NEW.adverse_event_id USING ERRCODE = 'MS025', COLUMN = 'allergy_id';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER adverse_event_assessment_check
    BEFORE INSERT ON public.adverse_event_assessment
    FOR EACH ROW EXECUTE FUNCTION public.adverse_event_assessment_check();

--------------------------------------------------------------------------------------------------
-- Overrides: one per session and rule lifted, with the positions of the findings it lifted.

CREATE TABLE public.session_override (
    session_id      bigint NOT NULL REFERENCES public.session,
    -- dose-limit: only sessions recorded before this migration, when a dose-limit block could be overridden.
    rule            text NOT NULL CONSTRAINT session_override_rule_known
                    CHECK (rule IN ('allergy', 'contraindication', 'reaction', 'dose-limit')),
    reason          text NOT NULL CONSTRAINT session_override_reason_length CHECK (length(reason) BETWEEN 1 AND 2000),
    lifted          smallint[] NOT NULL CONSTRAINT session_override_lifts_something CHECK (cardinality(lifted) >= 1),
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    recorded_by     text NOT NULL,
    recorded_login  text NOT NULL DEFAULT session_user,
    PRIMARY KEY (session_id, rule)
);

-- The overrides stored on sessions before this migration: one per rule their lifted findings name.
INSERT INTO public.session_override (session_id, rule, reason, lifted, recorded_at, recorded_by, recorded_login)
SELECT s.id, f.rule, s.override_reason, array_agg(f.position ORDER BY f.position), s.override_at, s.override_by,
       s.recorded_login
  FROM public.session s
  JOIN public.session_finding f ON f.session_id = s.id AND f.overridden
 WHERE s.override_reason IS NOT NULL
 GROUP BY s.id, f.rule, s.override_reason, s.override_at, s.override_by, s.recorded_login;

ALTER TABLE public.session
    DROP CONSTRAINT session_block_has_override,
    DROP CONSTRAINT session_override_complete,
    DROP CONSTRAINT session_override_written_with_session,
    DROP COLUMN override_reason,
    DROP COLUMN override_by,
    DROP COLUMN override_at;

-- 0012's guard without the override columns: a session is never deleted; the one change it admits
-- is its cancellation, by the login that recorded it or by a pharmacist, dated and signed by the
-- server. Every other column stays as written (compared as a whole row, so that a column added
-- later is kept too).
CREATE OR REPLACE FUNCTION public.session_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'A session is never deleted; cancel it instead.' USING ERRCODE = 'MS001';
    END IF;
    IF OLD.status <> 'performed' OR NEW.status <> 'cancelled'
       OR (to_jsonb(NEW) - ARRAY['status', 'cancelled_at', 'cancelled_by', 'cancelled_login', 'cancel_reason'])
          IS DISTINCT FROM
          (to_jsonb(OLD) - ARRAY['status', 'cancelled_at', 'cancelled_by', 'cancelled_login', 'cancel_reason']) THEN
        RAISE EXCEPTION 'A recorded session can only be cancelled, once; nothing else about it changes.'
            USING ERRCODE = 'MS005';
    END IF;
    IF OLD.recorded_login <> session_user AND NOT pg_has_role(session_user, 'meso_pharmacist', 'MEMBER') THEN
        RAISE EXCEPTION 'Session % was recorded by the login %: only that login or a pharmacist may cancel it.',
            OLD.id, OLD.recorded_login USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.cancelled_at := now();
    NEW.cancelled_login := session_user;
    RETURN NEW;
END;
$$;

-- No override lifts a stock or a dose-limit block: a session cannot inject what is not there, and a
-- cosmetic procedure has no reason to exceed a maximum dose. An override is written with its session,
-- in the same transaction (its stamped time is the session's): a reason added later lifts nothing.
CREATE FUNCTION public.session_override_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.rule NOT IN ('allergy', 'contraindication', 'reaction') THEN
        RAISE EXCEPTION 'No override lifts a % block.', NEW.rule USING ERRCODE = 'MS026', COLUMN = 'rule';
    END IF;
    IF NOT EXISTS (SELECT FROM public.session s WHERE s.id = NEW.session_id AND s.recorded_at = pg_catalog.now()) THEN
        RAISE EXCEPTION 'An override is written with its session: session % was recorded before.', NEW.session_id
            USING ERRCODE = 'MS026';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER session_override_check
    BEFORE INSERT ON public.session_override
    FOR EACH ROW EXECUTE FUNCTION public.session_override_check();

-- What is wrong with a session's verdict, findings and overrides, one row per session where something
-- is: the verdict is the most severe finding's (BLOCK, WARN, PASS); every rule of a block has an
-- override and every override lifts a block; an override's lifted positions are exactly its rule's
-- blocks; a finding is marked overridden exactly when it is a block. The commit-time trigger below and
-- `audit verify` (rule session-verdict) share this one definition.
CREATE VIEW public.session_verdict_problem AS
SELECT s.id AS session_id, s.verdict, f.expected_verdict,
       CASE
           WHEN s.verdict <> f.expected_verdict THEN
               format('Session %s is stored as %s but its findings say %s.', s.id, s.verdict, f.expected_verdict)
           WHEN NOT (f.block_rules <@ o.override_rules) THEN
               format('Session %s went ahead over a %s block without a stored override of that rule.', s.id,
                      array_to_string(ARRAY(SELECT unnest(f.block_rules) EXCEPT SELECT unnest(o.override_rules)), ', '))
           WHEN NOT (o.override_rules <@ f.block_rules) THEN
               format('Session %s stores an override of %s, which lifts no block of it.', s.id,
                      array_to_string(ARRAY(SELECT unnest(o.override_rules) EXCEPT SELECT unnest(f.block_rules)), ', '))
           WHEN NOT o.lifts_its_blocks THEN
               format('An override of session %s does not name exactly the findings of its rule that blocked.', s.id)
           ELSE
               format('A finding of session %s is marked overridden though it is no lifted block, or a lifted block is not marked.', s.id)
       END AS problem
  FROM public.session s
 CROSS JOIN LATERAL (
       SELECT CASE WHEN bool_or(x.severity = 'block') THEN 'BLOCK'
                   WHEN bool_or(x.severity = 'warn') THEN 'WARN' ELSE 'PASS' END AS expected_verdict,
              coalesce(array_agg(DISTINCT x.rule) FILTER (WHERE x.severity = 'block'), '{}') AS block_rules,
              coalesce(bool_and(x.overridden = (x.severity = 'block')), true) AS marks_hold
         FROM public.session_finding x WHERE x.session_id = s.id) f
 CROSS JOIN LATERAL (
       SELECT coalesce(array_agg(y.rule), '{}') AS override_rules,
              coalesce(bool_and(y.lifted::int[] = ARRAY(
                  SELECT z.position::int FROM public.session_finding z
                   WHERE z.session_id = s.id AND z.severity = 'block' AND z.rule = y.rule ORDER BY z.position)), true)
                  AS lifts_its_blocks
         FROM public.session_override y WHERE y.session_id = s.id) o
 WHERE s.verdict <> f.expected_verdict
    OR NOT (f.block_rules <@ o.override_rules AND o.override_rules <@ f.block_rules)
    OR NOT o.lifts_its_blocks
    OR NOT f.marks_hold;

-- At commit, for each session written or given findings or overrides in the transaction.
CREATE FUNCTION public.session_verdict_holds() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    target bigint;
    found_problem text;
BEGIN
    IF TG_TABLE_NAME = 'session' THEN
        target := NEW.id;
    ELSE
        target := NEW.session_id;
    END IF;
    SELECT problem INTO found_problem FROM public.session_verdict_problem WHERE session_id = target;
    IF found_problem IS NOT NULL THEN
        RAISE EXCEPTION '%', found_problem USING ERRCODE = 'MS027';
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER session_verdict_holds
    AFTER INSERT ON public.session DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.session_verdict_holds();
CREATE CONSTRAINT TRIGGER session_finding_verdict_holds
    AFTER INSERT ON public.session_finding DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.session_verdict_holds();
CREATE CONSTRAINT TRIGGER session_override_verdict_holds
    AFTER INSERT ON public.session_override DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.session_verdict_holds();

--------------------------------------------------------------------------------------------------
-- When each row was written and by which login are the server's (0012's shared stamp).

CREATE TRIGGER meso_stamp BEFORE INSERT ON public.patient_update
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.patient_condition_end
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.patient_allergy_amendment
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.allergen_group_member_change
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.dose_limit_change
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.adverse_event_assessment
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.session_override
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');

--------------------------------------------------------------------------------------------------
-- History is append-only.

CREATE TRIGGER patient_update_append_only
    BEFORE UPDATE OR DELETE ON public.patient_update FOR EACH ROW EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER patient_update_no_truncate
    BEFORE TRUNCATE ON public.patient_update FOR EACH STATEMENT EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER patient_condition_end_append_only
    BEFORE UPDATE OR DELETE ON public.patient_condition_end FOR EACH ROW EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER patient_condition_end_no_truncate
    BEFORE TRUNCATE ON public.patient_condition_end FOR EACH STATEMENT EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER patient_allergy_amendment_append_only
    BEFORE UPDATE OR DELETE ON public.patient_allergy_amendment FOR EACH ROW EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER patient_allergy_amendment_no_truncate
    BEFORE TRUNCATE ON public.patient_allergy_amendment FOR EACH STATEMENT EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER allergen_group_member_change_append_only
    BEFORE UPDATE OR DELETE ON public.allergen_group_member_change FOR EACH ROW EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER allergen_group_member_change_no_truncate
    BEFORE TRUNCATE ON public.allergen_group_member_change FOR EACH STATEMENT EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER dose_limit_change_append_only
    BEFORE UPDATE OR DELETE ON public.dose_limit_change FOR EACH ROW EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER dose_limit_change_no_truncate
    BEFORE TRUNCATE ON public.dose_limit_change FOR EACH STATEMENT EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER adverse_event_assessment_append_only
    BEFORE UPDATE OR DELETE ON public.adverse_event_assessment FOR EACH ROW EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER adverse_event_assessment_no_truncate
    BEFORE TRUNCATE ON public.adverse_event_assessment FOR EACH STATEMENT EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER session_override_append_only
    BEFORE UPDATE OR DELETE ON public.session_override FOR EACH ROW EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER session_override_no_truncate
    BEFORE TRUNCATE ON public.session_override FOR EACH STATEMENT EXECUTE FUNCTION public.meso_refuse_change();

--------------------------------------------------------------------------------------------------
-- Grants, each table's explicitly (0012's default privileges let only the practitioner read a new
-- table): the pharmacist reads no patient clinical data, the auditor reads the overrides (rule,
-- reason, who, when) but not the conditions, allergies or weights behind them.

-- An override as each login may see it: the reason only for those who read session_override (the
-- practitioner and the auditor); who, when and what it lifted for every role (a pharmacist cancels
-- sessions too).
CREATE VIEW public.session_override_shown AS
SELECT o.session_id, o.rule,
       CASE WHEN v.shown THEN o.reason
            ELSE 'Withheld: only practitioners and auditors read the reason of an override.' END AS reason,
       o.lifted, o.recorded_at, o.recorded_by, o.recorded_login
  FROM public.session_override o
 CROSS JOIN LATERAL (SELECT pg_catalog.has_table_privilege('public.session_override', 'SELECT') AS shown) v;

REVOKE ALL ON public.patient_update, public.patient_condition_end, public.patient_allergy_amendment,
              public.allergen_group_member_change, public.dose_limit_change, public.adverse_event_assessment,
              public.session_override, public.session_override_shown, public.session_verdict_problem
    FROM meso_pharmacist, meso_practitioner, meso_auditor;

-- The practitioner corrects the patient's record through its history only.
REVOKE UPDATE (name, birth_date, weight_kg) ON public.patient FROM meso_practitioner;
GRANT SELECT, INSERT ON public.patient_update, public.patient_condition_end, public.patient_allergy_amendment,
                        public.adverse_event_assessment, public.session_override
    TO meso_practitioner;
GRANT USAGE ON SEQUENCE public.patient_update_id_seq, public.patient_condition_end_id_seq,
                        public.patient_allergy_amendment_id_seq, public.adverse_event_assessment_id_seq
    TO meso_practitioner;
GRANT SELECT ON public.session_override TO meso_auditor;
GRANT SELECT ON public.session_override_shown, public.session_verdict_problem
    TO meso_pharmacist, meso_practitioner, meso_auditor;

-- The pharmacist changes dose limits and group memberships through their histories only; everyone
-- reads the catalog's.
REVOKE INSERT ON public.dose_limit, public.allergen_group_member FROM meso_pharmacist;
GRANT INSERT ON public.dose_limit_change, public.allergen_group_member_change TO meso_pharmacist;
GRANT USAGE ON SEQUENCE public.dose_limit_change_id_seq, public.allergen_group_member_change_id_seq TO meso_pharmacist;
GRANT SELECT ON public.dose_limit_change, public.allergen_group_member_change
    TO meso_pharmacist, meso_practitioner, meso_auditor;
