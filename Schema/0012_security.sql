-- meso 0012: the database keeps its own rules, whoever connects and however.
--
-- A login in a meso role can open psql as easily as meso. Everything it may write obeys the rules
-- meso's CLI keeps, no function it triggers runs anything of its own with the owner's rights, time
-- and identity of every write are the server's, and the pharmacist and the auditor read no more
-- patient data than their work needs. README, "Security", says what this proves and what it cannot.
--
-- How to add a table or function (every later migration):
--   * Every function, trigger functions included: `SET search_path = pg_catalog, pg_temp` and every
--     table, view, sequence and function it names schema-qualified (`public.lot`,
--     `nextval('public.x_seq')`). SECURITY DEFINER only where a role must do through the function
--     what it may not do itself; then REVOKE EXECUTE FROM PUBLIC and grant it to that role.
--   * No guard depends on pg_trigger_depth(), a setting (GUC), application_name or anything else a
--     caller can set. A guard that must tell its own definer function from a direct write gives that
--     function an owner of its own, a NOLOGIN role nobody is a member of, and compares current_user
--     with it (meso_ledger and lot_guard below).
--   * "When written" columns and the login are the server's: give a table written by people
--     `recorded_at timestamptz NOT NULL DEFAULT now()`, `recorded_by text NOT NULL` (the actor) and
--     `recorded_login text NOT NULL DEFAULT session_user`, and stamp them:
--         CREATE TRIGGER meso_stamp BEFORE INSERT ON public.t
--             FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
--     meso_stamp sets each column it names to now(), or to session_user when its name ends in
--     _login, whatever the writer sent. A back-dated fact gets a column of its own, bounded by a CHECK
--     against the stamped column (session_performed_at_bounded).
--   * Grants are explicit: GRANT SELECT to the roles that read the table (the pharmacist reads no
--     patient conditions, medications or allergies; the auditor no conditions or medications), INSERT
--     to the role that writes it, and add the table to the test's table access list
--     (Tests/MesoCLITests/SecurityTableAccess.swift).
--   * A new trigger goes into LedgerGuard.expected; then run `Scripts/guard-digests` so that
--     `audit verify` expects the new definitions (Sources/MesoCore/Audit/GuardDigests+PostgreSQL*.swift).
--
-- SQLSTATEs added to those of 0001 and 0011: MS008 a ledger or usage row that disagrees with its lot, session
-- or reversed row. A cancellation by a login that may not cancel the session is 42501.

-- No temporary objects for anyone but the owner: a temporary table, function or trigger is how a
-- login would put something of its own in the path of a function that runs as the owner. Migrations
-- and `meso db seed` run as the database's owner, who keeps the privilege. The settings reach every
-- login connected to this database (a setting on a group role does not reach its members): a lot
-- waited for longer than lock_timeout fails instead of hanging, and a transaction left idle is ended.
DO $$
DECLARE
    role_name text;
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    FOREACH role_name IN ARRAY ARRAY['meso_pharmacist', 'meso_practitioner', 'meso_auditor'] LOOP
        EXECUTE format('REVOKE TEMPORARY, CREATE ON DATABASE %I FROM %I', current_database(), role_name);
    END LOOP;
    EXECUTE format('ALTER DATABASE %I SET lock_timeout = %L', current_database(), '30s');
    EXECUTE format('ALTER DATABASE %I SET idle_in_transaction_session_timeout = %L', current_database(), '10min');
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- The helpers of 0001, with a fixed search path.

CREATE OR REPLACE FUNCTION public.meso_refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'The table % is append-only: % is not allowed; write a correcting row instead.',
        TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'MS001', TABLE = TG_TABLE_NAME;
END;
$$;

CREATE OR REPLACE FUNCTION public.meso_gtin_is_valid(gtin text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT gtin ~ '^[0-9]{14}$'
       AND (10 - (SELECT sum(substr(gtin, i, 1)::int * CASE WHEN i % 2 = 1 THEN 3 ELSE 1 END)
                    FROM generate_series(1, 13) AS i) % 10) % 10
           = substr(gtin, 14, 1)::int
$$;

CREATE OR REPLACE FUNCTION public.meso_is_printable(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT value !~ '[\x01-\x1f\x7f]'
$$;

-- The shared stamp: each column named in the trigger's arguments is set by the server, now() for a
-- time and session_user for a column whose name ends in _login, whatever the INSERT gave it.
CREATE FUNCTION public.meso_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    stamps jsonb := '{}';
    column_name text;
BEGIN
    FOREACH column_name IN ARRAY TG_ARGV LOOP
        stamps := stamps || jsonb_build_object(
            column_name,
            CASE WHEN column_name LIKE '%\_login' THEN to_jsonb(session_user::text) ELSE to_jsonb(now()) END);
    END LOOP;
    NEW := jsonb_populate_record(NEW, stamps);
    RETURN NEW;
END;
$$;

COMMENT ON FUNCTION public.meso_stamp() IS
    'BEFORE INSERT trigger: sets the named "when written" columns to now() and *_login columns to session_user.';

-- ---------------------------------------------------------------------------------------------
-- Who wrote each row: the login beside the free-text actor. Rows written before this migration
-- say '(not recorded)'; new rows get the login from the stamp (the default serves bulk imports
-- that run with triggers off).

ALTER TABLE public.compound ADD COLUMN created_login text NOT NULL DEFAULT '(not recorded)';
ALTER TABLE public.allergen_group ADD COLUMN created_login text NOT NULL DEFAULT '(not recorded)';
ALTER TABLE public.allergen_group_member ADD COLUMN added_login text NOT NULL DEFAULT '(not recorded)';
ALTER TABLE public.product ADD COLUMN created_login text NOT NULL DEFAULT '(not recorded)';
ALTER TABLE public.lot ADD COLUMN recorded_login text NOT NULL DEFAULT '(not recorded)';
ALTER TABLE public.lot_status_change ADD COLUMN changed_login text NOT NULL DEFAULT '(not recorded)';
ALTER TABLE public.stock_movement ADD COLUMN recorded_login text NOT NULL DEFAULT '(not recorded)';
ALTER TABLE public.formula ADD COLUMN created_login text NOT NULL DEFAULT '(not recorded)';
ALTER TABLE public.formula_version ADD COLUMN created_login text NOT NULL DEFAULT '(not recorded)';
ALTER TABLE public.patient ADD COLUMN created_login text NOT NULL DEFAULT '(not recorded)';
ALTER TABLE public.patient_allergy ADD COLUMN recorded_login text NOT NULL DEFAULT '(not recorded)';
ALTER TABLE public.patient_condition ADD COLUMN recorded_login text NOT NULL DEFAULT '(not recorded)';
ALTER TABLE public.patient_medication ADD COLUMN recorded_login text NOT NULL DEFAULT '(not recorded)';
ALTER TABLE public.session ADD COLUMN recorded_login text NOT NULL DEFAULT '(not recorded)';
ALTER TABLE public.session ADD COLUMN cancelled_login text;
ALTER TABLE public.adverse_event ADD COLUMN recorded_login text NOT NULL DEFAULT '(not recorded)';
ALTER TABLE public.course ADD COLUMN created_login text NOT NULL DEFAULT '(not recorded)';

ALTER TABLE public.compound ALTER COLUMN created_login SET DEFAULT session_user;
ALTER TABLE public.allergen_group ALTER COLUMN created_login SET DEFAULT session_user;
ALTER TABLE public.allergen_group_member ALTER COLUMN added_login SET DEFAULT session_user;
ALTER TABLE public.product ALTER COLUMN created_login SET DEFAULT session_user;
ALTER TABLE public.lot ALTER COLUMN recorded_login SET DEFAULT session_user;
ALTER TABLE public.lot_status_change ALTER COLUMN changed_login SET DEFAULT session_user;
ALTER TABLE public.stock_movement ALTER COLUMN recorded_login SET DEFAULT session_user;
ALTER TABLE public.formula ALTER COLUMN created_login SET DEFAULT session_user;
ALTER TABLE public.formula_version ALTER COLUMN created_login SET DEFAULT session_user;
ALTER TABLE public.patient ALTER COLUMN created_login SET DEFAULT session_user;
ALTER TABLE public.patient_allergy ALTER COLUMN recorded_login SET DEFAULT session_user;
ALTER TABLE public.patient_condition ALTER COLUMN recorded_login SET DEFAULT session_user;
ALTER TABLE public.patient_medication ALTER COLUMN recorded_login SET DEFAULT session_user;
ALTER TABLE public.session ALTER COLUMN recorded_login SET DEFAULT session_user;
ALTER TABLE public.adverse_event ALTER COLUMN recorded_login SET DEFAULT session_user;
ALTER TABLE public.course ALTER COLUMN created_login SET DEFAULT session_user;

-- A lot's received_at is when it arrived (`lot receive --at` back-dates it); recorded_at is when it
-- was written, which for lots received before this migration is their receipt's ledger row.
ALTER TABLE public.lot ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT now();
UPDATE public.lot l SET recorded_at = r.recorded_at
  FROM (SELECT lot_id, min(recorded_at) AS recorded_at FROM public.stock_movement
         WHERE kind = 'receipt' GROUP BY lot_id) r
 WHERE r.lot_id = l.id AND l.recorded_at IS DISTINCT FROM r.recorded_at;

CREATE TRIGGER meso_stamp BEFORE INSERT ON public.compound
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('created_at', 'created_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.allergen_group
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('created_at', 'created_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.allergen_group_member
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('added_at', 'added_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.product
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('created_at', 'created_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.lot
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.lot_status_change
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('changed_at', 'changed_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.stock_movement
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.formula
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('created_at', 'created_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.formula_version
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('created_at', 'created_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.patient
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('created_at', 'created_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.patient_allergy
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.patient_condition
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.patient_medication
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.session
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.adverse_event
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.course
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('created_at', 'created_login');

-- ---------------------------------------------------------------------------------------------
-- Rules on single rows. Added NOT VALID so that a database holding older rows that break them still
-- migrates (`audit verify` lists those rows); validated at once where every row keeps them.

-- Back-dated facts within the bounds the CLI applies (FieldText.pastTime): at most the clock tolerance
-- (10 minutes) after they were written, at most 366 days (and the tolerance) before.
ALTER TABLE public.session ADD CONSTRAINT session_performed_at_bounded CHECK (
    performed_at <= recorded_at + interval '10 minutes'
    AND performed_at >= recorded_at - interval '366 days' - interval '10 minutes') NOT VALID;
ALTER TABLE public.lot ADD CONSTRAINT lot_received_at_bounded CHECK (
    received_at <= recorded_at + interval '10 minutes'
    AND received_at >= recorded_at - interval '366 days' - interval '10 minutes') NOT VALID;
-- An override is given when its session is written.
ALTER TABLE public.session ADD CONSTRAINT session_override_written_with_session CHECK (
    override_at IS NULL OR override_at = recorded_at) NOT VALID;

-- The ledger rows the CLI writes, by kind: receipts, counts and destructions belong to no session; a
-- destruction writes off everything left; session-use belongs to a session; a row names a session
-- and its patient together or neither; only a reversal names the row it reverses.
ALTER TABLE public.stock_movement ADD CONSTRAINT stock_movement_shape CHECK (
    (session_id IS NULL) = (patient_id IS NULL)
    AND (kind = 'reversal') = (reverses_id IS NOT NULL)
    AND (kind NOT IN ('receipt', 'count-adjustment', 'destruction') OR session_id IS NULL)
    AND (kind <> 'destruction' OR balance_after_ml = 0)) NOT VALID;

DO $$
DECLARE
    rule record;
BEGIN
    FOR rule IN SELECT * FROM (VALUES ('session', 'session_performed_at_bounded'),
                                      ('lot', 'lot_received_at_bounded'),
                                      ('session', 'session_override_written_with_session'),
                                      ('stock_movement', 'stock_movement_shape')) AS r(table_name, constraint_name) LOOP
        BEGIN
            EXECUTE format('ALTER TABLE public.%I VALIDATE CONSTRAINT %I', rule.table_name, rule.constraint_name);
        EXCEPTION WHEN check_violation THEN
            RAISE NOTICE 'Rows of % break %: audit verify lists them.', rule.table_name, rule.constraint_name;
        END;
    END LOOP;
END;
$$;

-- What "count never above what was received" sums: the few receipt rows of a lot, whatever its size.
CREATE INDEX stock_movement_receipts ON public.stock_movement (lot_id, id) INCLUDE (quantity_ml) WHERE kind = 'receipt';

-- ---------------------------------------------------------------------------------------------
-- The stock triggers of 0002-0010, with a fixed search path and qualified names.
--
-- meso_ledger owns the two functions that move a lot's cached balance and status
-- (stock_movement_apply, lot_status_change_apply) and holds the one privilege to update those
-- columns. Nobody logs in as it or is a member of it: a lot's caches change when current_user is
-- meso_ledger, that is inside those functions, and never otherwise, whoever writes (the schema's
-- owner included) and however deeply triggers are nested.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'meso_ledger') THEN
        BEGIN
            CREATE ROLE meso_ledger NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
END;
$$;
GRANT USAGE ON SCHEMA public TO meso_ledger;
GRANT SELECT ON public.lot, public.lot_status_change, public.stock_movement, public.session TO meso_ledger;
GRANT UPDATE (on_hand_ml, status, status_changed_at) ON public.lot TO meso_ledger;
ALTER POLICY stock_movement_readable ON public.stock_movement
    TO meso_pharmacist, meso_practitioner, meso_auditor, meso_ledger;

-- 0010's function. Session-use is judged at the session's time (the lot's status then, its expiry
-- on that day); the ledger row's own time is the server's now().
CREATE OR REPLACE FUNCTION public.stock_movement_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    lot_row public.lot%ROWTYPE;
    used_at timestamptz;
    used_on date;
    judged_status text;
BEGIN
    UPDATE public.lot SET on_hand_ml = on_hand_ml + NEW.quantity_ml
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
        SELECT performed_at INTO used_at FROM public.session WHERE id = NEW.session_id;
        used_at := coalesce(used_at, now());
        used_on := (used_at AT TIME ZONE 'UTC')::date;
        -- Within the clock tolerance of now the lot is judged as it stands: a recall made a minute ago
        -- on the server's clock binds a session timed by a client clock that runs behind.
        IF used_at < now() - interval '10 minutes' THEN
            judged_status := coalesce(public.lot_status_at(lot_row.id, used_at), lot_row.status);
            IF judged_status <> 'released' THEN
                RAISE EXCEPTION 'Lot % of % was % at the session''s time % and cannot be used for it.',
                    lot_row.lot_number, lot_row.product_code, judged_status,
                    to_char(used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') USING ERRCODE = 'MS002';
            END IF;
        ELSIF lot_row.status <> 'released' THEN
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

-- The rules of a ledger row that other rows decide, for every writer (runs after
-- stock_movement_apply, triggers firing in name order, so the lot is locked and the balance known):
-- a row of a session names the session's patient; a reversal puts back exactly what one row of the
-- same lot, session and patient took out; a count never finds more than the lot ever received.
CREATE FUNCTION public.stock_movement_rules() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    reversed public.stock_movement%ROWTYPE;
    received numeric;
    lot_label text;
BEGIN
    IF NEW.session_id IS NOT NULL
       AND NEW.patient_id IS DISTINCT FROM (SELECT patient_id FROM public.session WHERE id = NEW.session_id) THEN
        RAISE EXCEPTION 'A ledger row of session % must name that session''s patient.', NEW.session_id
            USING ERRCODE = 'MS008';
    END IF;
    IF NEW.kind = 'reversal' THEN
        SELECT * INTO reversed FROM public.stock_movement WHERE id = NEW.reverses_id;
        IF NOT FOUND OR reversed.lot_id <> NEW.lot_id OR reversed.quantity_ml <> -NEW.quantity_ml
           OR reversed.session_id IS DISTINCT FROM NEW.session_id
           OR reversed.patient_id IS DISTINCT FROM NEW.patient_id THEN
            RAISE EXCEPTION 'A reversal puts back exactly what movement % took out, into the same lot, for the same session and patient.',
                NEW.reverses_id USING ERRCODE = 'MS008';
        END IF;
    END IF;
    IF NEW.kind = 'count-adjustment' THEN
        SELECT coalesce(sum(quantity_ml), 0) INTO received
          FROM public.stock_movement WHERE lot_id = NEW.lot_id AND kind = 'receipt';
        IF NEW.balance_after_ml > received THEN
            SELECT lot_number || ' of ' || product_code INTO lot_label FROM public.lot WHERE id = NEW.lot_id;
            RAISE EXCEPTION 'A count of lot % cannot find % mL: only % mL of it was ever received.',
                lot_label, NEW.balance_after_ml, received USING ERRCODE = 'MS008';
        END IF;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER stock_movement_rules
    BEFORE INSERT ON public.stock_movement
    FOR EACH ROW EXECUTE FUNCTION public.stock_movement_rules();

-- 0009's function. The lot's status_changed_at is the change's own time, now().
CREATE OR REPLACE FUNCTION public.lot_status_change_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    current text;
    lot_label text;
BEGIN
    SELECT status, lot_number || ' of ' || product_code INTO current, lot_label
      FROM public.lot WHERE id = NEW.lot_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Lot % does not exist.', NEW.lot_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NEW.to_status = current
       AND EXISTS (SELECT 1 FROM public.stock_movement
                    WHERE lot_id = NEW.lot_id AND kind = 'receipt' AND recorded_at = now())
       AND NOT EXISTS (SELECT 1 FROM public.lot_status_change WHERE lot_id = NEW.lot_id) THEN
        -- The status the lot was received in: nothing changes on the lot itself.
        NEW.from_status := NULL;
        RETURN NEW;
    END IF;
    NEW.from_status := current;
    IF NOT (
        (current = 'quarantined' AND NEW.to_status IN ('released', 'recalled', 'destroyed'))
        OR (current = 'released' AND NEW.to_status IN ('quarantined', 'recalled', 'destroyed'))
        OR (current = 'recalled' AND NEW.to_status = 'destroyed')
    ) THEN
        RAISE EXCEPTION 'Lot % is % and cannot become %.', lot_label, current, NEW.to_status
            USING ERRCODE = 'MS003';
    END IF;
    UPDATE public.lot SET status = NEW.to_status, status_changed_at = now() WHERE id = NEW.lot_id;
    RETURN NEW;
END;
$$;

-- The functions run as meso_ledger. Changing a function's owner needs membership in the new owner
-- and the new owner's CREATE on the schema: both are given for the change only.
DO $$
DECLARE
    member boolean := pg_has_role(current_user, 'meso_ledger', 'MEMBER');
BEGIN
    IF NOT member THEN
        EXECUTE format('GRANT meso_ledger TO %I', current_user);
    END IF;
    GRANT CREATE ON SCHEMA public TO meso_ledger;
    ALTER FUNCTION public.stock_movement_apply() OWNER TO meso_ledger;
    ALTER FUNCTION public.lot_status_change_apply() OWNER TO meso_ledger;
    REVOKE CREATE ON SCHEMA public FROM meso_ledger;
    IF NOT member THEN
        EXECUTE format('REVOKE meso_ledger FROM %I', current_user);
    END IF;
END;
$$;

-- A lot's identity and receipt never change. Its caches (balance, status) change only inside the
-- two functions above, which run as meso_ledger: the guard asks who is running, which no caller can
-- choose, instead of how deeply triggers are nested, which any caller can.
CREATE OR REPLACE FUNCTION public.lot_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF (NEW.product_code, NEW.lot_number, NEW.expiry, NEW.vials_received, NEW.received_ml, NEW.received_at,
        NEW.received_by, NEW.gs1_serial, NEW.supplier, NEW.recorded_at, NEW.recorded_login)
       IS DISTINCT FROM
       (OLD.product_code, OLD.lot_number, OLD.expiry, OLD.vials_received, OLD.received_ml, OLD.received_at,
        OLD.received_by, OLD.gs1_serial, OLD.supplier, OLD.recorded_at, OLD.recorded_login) THEN
        RAISE EXCEPTION 'A lot''s identity and receipt cannot be changed once recorded.' USING ERRCODE = 'MS005';
    END IF;
    IF (NEW.on_hand_ml, NEW.status, NEW.status_changed_at) IS DISTINCT FROM (OLD.on_hand_ml, OLD.status, OLD.status_changed_at)
       AND current_user <> 'meso_ledger' THEN
        RAISE EXCEPTION 'A lot''s balance and status change only by recording a stock movement or a status change.'
            USING ERRCODE = 'MS004';
    END IF;
    RETURN NEW;
END;
$$;

-- A lot is received with its receipt in the ledger, for the volume received, checked at commit.
CREATE OR REPLACE FUNCTION public.lot_has_receipt() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.stock_movement
                    WHERE lot_id = NEW.id AND kind = 'receipt' AND quantity_ml = NEW.received_ml) THEN
        RAISE EXCEPTION 'Lot % of % was recorded without its receipt of % mL in the ledger.',
            NEW.lot_number, NEW.product_code, NEW.received_ml USING ERRCODE = 'MS006';
    END IF;
    RETURN NULL;
END;
$$;

-- 0010's function: the status change it reads is dated by the server (changed_at is stamped), and
-- the status a lot was received in counts from its bounded received_at.
CREATE OR REPLACE FUNCTION public.lot_status_at(of_lot bigint, at_time timestamptz) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(
        (SELECT c.to_status FROM public.lot_status_change c
          WHERE c.lot_id = of_lot AND c.changed_at <= at_time
          ORDER BY c.changed_at DESC, c.id DESC LIMIT 1),
        (SELECT c.to_status FROM public.lot_status_change c JOIN public.lot l ON l.id = c.lot_id
          WHERE c.lot_id = of_lot AND l.received_at <= at_time
          ORDER BY c.id LIMIT 1))
$$;

-- Locks lots for a session, a count, a status change or a cancellation, in ascending id (the one
-- lock order every writer uses), and returns them as they are once locked. Row locks need UPDATE
-- privilege, which no role has on lot: they take them through this function instead.
CREATE FUNCTION public.meso_lock_lots(lot_ids bigint[]) RETURNS SETOF public.lot
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT * FROM public.lot WHERE id = ANY (lot_ids) ORDER BY id FOR UPDATE
$$;
REVOKE ALL ON FUNCTION public.meso_lock_lots(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.meso_lock_lots(bigint[]) TO meso_pharmacist, meso_practitioner;

-- ---------------------------------------------------------------------------------------------
-- Formulas and patients (0003).

CREATE OR REPLACE FUNCTION public.formula_version_has_components() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.formula_component
                    WHERE formula_code = NEW.formula_code AND version = NEW.version) THEN
        RAISE EXCEPTION 'Formula % version % has no components.', NEW.formula_code, NEW.version
            USING ERRCODE = 'MS006';
    END IF;
    RETURN NULL;
END;
$$;

-- What a version injects and what a vial contains are written with them: a component added to a
-- version, or an ingredient to a product, later would change what recorded sessions received.
CREATE FUNCTION public.meso_written_with_parent() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_TABLE_NAME = 'formula_component' THEN
        IF EXISTS (SELECT 1 FROM public.formula_version
                    WHERE formula_code = NEW.formula_code AND version = NEW.version AND created_at <> now()) THEN
            RAISE EXCEPTION 'Formula % version % is recorded: its components are written with it, and a change is a new version.',
                NEW.formula_code, NEW.version USING ERRCODE = 'MS005';
        END IF;
    ELSIF EXISTS (SELECT 1 FROM public.product WHERE code = NEW.product_code AND created_at <> now()) THEN
        RAISE EXCEPTION 'Product % is recorded: its ingredients are written with it.', NEW.product_code
            USING ERRCODE = 'MS005';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER formula_component_written_with_version
    BEFORE INSERT ON public.formula_component
    FOR EACH ROW EXECUTE FUNCTION public.meso_written_with_parent();
CREATE TRIGGER product_ingredient_written_with_product
    BEFORE INSERT ON public.product_ingredient
    FOR EACH ROW EXECUTE FUNCTION public.meso_written_with_parent();

CREATE OR REPLACE FUNCTION public.patient_allergy_marks_listed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE public.patient SET allergy_assessment = 'listed'
     WHERE id = NEW.patient_id AND allergy_assessment <> 'listed';
    RETURN NEW;
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- Sessions (0004, 0008).

-- A session is never deleted; the one change it admits is its cancellation, by the login that
-- recorded it or by a pharmacist, dated and signed by the server.
CREATE OR REPLACE FUNCTION public.session_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'A session is never deleted; cancel it instead.' USING ERRCODE = 'MS001';
    END IF;
    IF OLD.status <> 'performed' OR NEW.status <> 'cancelled'
       OR (NEW.patient_id, NEW.formula_code, NEW.formula_version, NEW.practitioner, NEW.performed_at,
           NEW.area, NEW.verdict, NEW.override_reason, NEW.override_by, NEW.override_at,
           NEW.recorded_at, NEW.recorded_by, NEW.recorded_login)
          IS DISTINCT FROM
          (OLD.patient_id, OLD.formula_code, OLD.formula_version, OLD.practitioner, OLD.performed_at,
           OLD.area, OLD.verdict, OLD.override_reason, OLD.override_by, OLD.override_at,
           OLD.recorded_at, OLD.recorded_by, OLD.recorded_login) THEN
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

-- A usage row is the session's: performed when the session was.
CREATE FUNCTION public.session_usage_matches_session() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    wrong record;
BEGIN
    SELECT a.session_id, a.performed_at, s.performed_at AS session_performed_at INTO wrong
      FROM added_usage a JOIN public.session s ON s.id = a.session_id
     WHERE a.performed_at IS DISTINCT FROM s.performed_at
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'A usage row of session % must carry the session''s time %, not %.',
            wrong.session_id, wrong.session_performed_at, wrong.performed_at USING ERRCODE = 'MS008';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER session_usage_matches_session
    AFTER INSERT ON public.session_usage REFERENCING NEW TABLE AS added_usage
    FOR EACH STATEMENT EXECUTE FUNCTION public.session_usage_matches_session();

-- At commit, each session touched agrees with its ledger: it injected something; per lot, its usage
-- rows' volume and waste equal what its session-use and waste rows took out; a cancelled session's
-- rows are each reversed and a performed session's none. A usage or ledger row of a session written
-- in the same transaction is left to that session's own check.
CREATE FUNCTION public.session_ledger_agrees() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    checked bigint;
    problem text;
BEGIN
    IF TG_TABLE_NAME = 'session' THEN
        checked := NEW.id;
    ELSE
        checked := NEW.session_id;
        IF EXISTS (SELECT 1 FROM public.session WHERE id = checked AND recorded_at = now()) THEN
            RETURN NULL;
        END IF;
    END IF;
    WITH used AS (
        SELECT lot_id, sum(volume_ml) AS volume_ml, sum(waste_ml) AS waste_ml
          FROM public.session_usage WHERE session_id = checked GROUP BY lot_id
    ), taken AS (
        SELECT lot_id,
               coalesce(-sum(quantity_ml) FILTER (WHERE kind = 'session-use'), 0) AS volume_ml,
               coalesce(-sum(quantity_ml) FILTER (WHERE kind = 'waste'), 0) AS waste_ml,
               count(*) FILTER (WHERE kind IN ('session-use', 'waste')) AS draws,
               count(*) FILTER (WHERE kind = 'reversal') AS reversals
          FROM public.stock_movement WHERE session_id = checked GROUP BY lot_id
    )
    SELECT CASE
               WHEN NOT EXISTS (SELECT 1 FROM used) THEN 'it has no usage row'
               ELSE (SELECT string_agg(
                         CASE
                             WHEN coalesce(u.volume_ml, 0) <> coalesce(t.volume_ml, 0)
                                 THEN format('its usage rows of lot %s record %s mL injected but its session-use rows take out %s mL',
                                             coalesce(u.lot_id, t.lot_id), coalesce(u.volume_ml, 0), coalesce(t.volume_ml, 0))
                             WHEN coalesce(u.waste_ml, 0) <> coalesce(t.waste_ml, 0)
                                 THEN format('its usage rows of lot %s record %s mL wasted but its waste rows take out %s mL',
                                             coalesce(u.lot_id, t.lot_id), coalesce(u.waste_ml, 0), coalesce(t.waste_ml, 0))
                             ELSE format('it is %s but %s of its %s rows on lot %s are reversed', s.status,
                                         t.reversals, t.draws, t.lot_id)
                         END, '; ')
                       FROM used u FULL JOIN taken t ON t.lot_id = u.lot_id
                      WHERE coalesce(u.volume_ml, 0) <> coalesce(t.volume_ml, 0)
                         OR coalesce(u.waste_ml, 0) <> coalesce(t.waste_ml, 0)
                         OR coalesce(t.reversals, 0) <> CASE s.status WHEN 'cancelled' THEN coalesce(t.draws, 0) ELSE 0 END)
           END
      INTO problem
      FROM public.session s WHERE s.id = checked;
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION 'Session % does not agree with its ledger: %.', checked, problem USING ERRCODE = 'MS006';
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER session_ledger_agrees
    AFTER INSERT OR UPDATE ON public.session DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.session_ledger_agrees();
CREATE CONSTRAINT TRIGGER session_usage_ledger_agrees
    AFTER INSERT ON public.session_usage DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.session_ledger_agrees();
CREATE CONSTRAINT TRIGGER stock_movement_session_agrees
    AFTER INSERT ON public.stock_movement DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.session_id IS NOT NULL) EXECUTE FUNCTION public.session_ledger_agrees();

CREATE OR REPLACE FUNCTION public.lot_trace_add_usage() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO public.lot_trace
    SELECT e.* FROM added_usage a
      JOIN public.lot_trace_expected e ON e.session_id = a.session_id AND e.lot_id = a.lot_id;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION public.lot_trace_follow_session() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE public.lot_trace SET cancelled = (NEW.status = 'cancelled') WHERE session_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION public.lot_trace_count_adverse_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE public.lot_trace SET adverse_events = adverse_events + 1 WHERE session_id = NEW.session_id;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION public.lot_trace_follow_patient() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE public.lot_trace SET patient_mrn = NEW.mrn, patient_name = NEW.name, patient_birth_date = NEW.birth_date
     WHERE patient_id = NEW.id;
    RETURN NULL;
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- Who reads and writes what. Each role's ledger rows are decided by the policies below; the rules
-- trigger and the commit-time check hold every writer to the shape of the rows they write.

-- The pharmacist's movements belong to no session (receipts, counts, destructions, stock waste and
-- their reversals), or reverse a session's rows when a pharmacist cancels it.
ALTER POLICY stock_movement_pharmacist_writes ON public.stock_movement
    WITH CHECK (
        (session_id IS NULL AND kind IN ('receipt', 'count-adjustment', 'waste', 'destruction', 'reversal'))
        OR (session_id IS NOT NULL AND kind = 'reversal'));

-- The practitioner's belong to a session: what it used, the waste of its opened single-use vials,
-- and the reversal of those rows when the session is cancelled.
ALTER POLICY stock_movement_practitioner_writes ON public.stock_movement
    WITH CHECK (session_id IS NOT NULL AND kind IN ('session-use', 'waste', 'reversal'));

-- Lots are locked through meso_lock_lots; no role updates a lot row itself.
REVOKE UPDATE ON public.lot FROM meso_pharmacist, meso_practitioner, meso_auditor;
-- A pharmacist may cancel any session (session_guard decides who may cancel which).
GRANT UPDATE (status, cancelled_at, cancelled_by, cancel_reason) ON public.session TO meso_pharmacist;

-- Patient data: the practitioner reads it all. The pharmacist and the auditor read who the patient
-- is (for recall lists, the ledger and the auditor's traces), never their allergies, conditions,
-- medications, weight, allergy assessment or course plans, nor the check's findings, whose messages
-- name them: those two read findings through session_finding_shown.
REVOKE SELECT ON public.patient, public.patient_allergy, public.patient_condition, public.patient_medication,
                 public.session_finding, public.course, public.course_session
    FROM meso_pharmacist, meso_auditor;
GRANT SELECT (id, mrn, name, birth_date, created_at, created_by, created_login) ON public.patient
    TO meso_pharmacist, meso_auditor;
-- Tables of later migrations are readable only by the roles their migration grants SELECT to.
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM meso_pharmacist, meso_auditor;

-- A session's findings as each login may see them: rule, severity, product, lot and whether it was
-- overridden for everyone (the auditor sees what an override lifted); the sentence and the compound,
-- group, condition and match behind a clinical finding only for logins that read session_finding.
-- Stock and interval findings name no patient data and are shown whole.
CREATE VIEW public.session_finding_shown AS
SELECT f.session_id, f.position, f.severity, f.rule,
       CASE WHEN v.shown THEN f.match_type END AS match_type,
       CASE WHEN v.shown THEN f.message
            ELSE 'Withheld: only practitioners read the clinical details of a finding.' END AS message,
       CASE WHEN v.shown THEN f.compound_code END AS compound_code,
       CASE WHEN v.shown THEN f.group_code END AS group_code,
       f.product_code, f.lot_id,
       CASE WHEN v.shown THEN f.condition_id END AS condition_id,
       f.overridden
  FROM public.session_finding f
 CROSS JOIN LATERAL (SELECT f.rule IN ('stock', 'interval')
                            OR pg_catalog.has_table_privilege('public.session_finding', 'SELECT') AS shown) v;
GRANT SELECT ON public.session_finding_shown TO meso_pharmacist, meso_practitioner, meso_auditor;
