-- meso 0017: no cache without its history row, no row of a session outside its transaction, no stock
-- beyond what arrived, and less for a login to read, hold or create.
--
-- What this migration makes the database keep, for every writer:
--   * Identity values and caches are the server's. A meso role inserts every column of its tables but
--     the identity (`id`) and the caches (a lot's balance and status time, a session's status and
--     cancellation): column-level INSERT grants. So no row takes an id the writer chose, and
--     `INSERT ... ON CONFLICT DO NOTHING` cannot find a conflict that skips a row after its BEFORE
--     trigger has moved a cache. A column added later to one of these tables is granted explicitly
--     (SecurityLintTests lists the server-set columns).
--   * No cache changes without the row that explains it. A lot's balance, status and status time and
--     an open vial's remainder and opening are compared with their history when the transaction
--     commits (lot_caches_agree, vial_agrees_with_ledger), and each ledger row continues its lot's
--     balance from the row before it. A patient's corrected values, a dose limit, a group membership
--     and a compound's name are written by AFTER triggers, which run only for rows inserted.
--   * Commit-time checks never skip a row because it was written in the same transaction as another
--     one they check: `SET CONSTRAINTS ALL IMMEDIATE` only makes them run sooner (and refuse a legal
--     write whose rows are not all there yet).
--   * A session's usage rows, ledger rows and findings are written in the transaction that records
--     it, its reversals in the transaction that cancels it (the session's server-stamped recorded_at
--     and cancelled_at are that transaction's now()).
--   * No ledger row leaves a lot holding more than it ever received; a receipt's ledger row is its
--     receipt's (vials × vial volume), written with it.
--   * A lot is inserted empty and, unless it arrives in quarantine, with the status row it was
--     received in; a product with its ingredients; "no known allergies" is refused while an active
--     allergy is on file.
--   * A row is stamped by a transaction at most the clock tolerance old (meso_clock_tolerance()): a
--     login cannot open a transaction, wait, and write rows dated before they were written.
--   * The pharmacist reads no clinical free text: a session's cancel reason and an adverse event's
--     note are withheld (session_cancellation_shown, adverse_event_shown); the practitioner and the
--     auditor read them.
--   * No meso role holds an advisory lock (which `meso db migrate` takes) or writes a large object.
--
-- SQLSTATEs added: MS010 a write in a transaction older than the clock tolerance; MS011 an allergy
-- assessment the patient's allergies contradict. A cache that disagrees with its history is MS004, a
-- record missing its parts MS006, a row that disagrees with its lot or session MS008 (Schema/0001, 0012).

-- ---------------------------------------------------------------------------------------------
-- Identity values and caches are the server's: column-level INSERT grants.

DO $$
DECLARE
    target record;
    columns text;
BEGIN
    FOR target IN
        SELECT c.oid, c.relname, r.rolname
          FROM pg_catalog.pg_class c
         CROSS JOIN (VALUES ('meso_pharmacist'), ('meso_practitioner'), ('meso_auditor')) AS r(rolname)
         WHERE c.relnamespace = 'public'::pg_catalog.regnamespace AND c.relkind = 'r'
           AND pg_catalog.has_table_privilege(r.rolname, c.oid, 'INSERT')
           AND (c.relname IN ('lot', 'session')
                OR EXISTS (SELECT FROM pg_catalog.pg_attribute a
                            WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attidentity <> ''))
         ORDER BY c.relname, r.rolname
    LOOP
        SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO columns
          FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = target.oid AND a.attnum > 0 AND NOT a.attisdropped
           AND a.attidentity = '' AND a.attgenerated = ''
           AND (target.relname, a.attname::text) NOT IN (
                   ('lot', 'on_hand_ml'), ('lot', 'status_changed_at'),
                   ('session', 'status'), ('session', 'cancelled_at'), ('session', 'cancelled_by'),
                   ('session', 'cancel_reason'), ('session', 'cancelled_login'));
        EXECUTE pg_catalog.format('REVOKE INSERT ON public.%I FROM %I', target.relname, target.rolname);
        EXECUTE pg_catalog.format('GRANT INSERT (%s) ON public.%I TO %I', columns, target.relname, target.rolname);
    END LOOP;
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- Stamps come from a transaction at most the clock tolerance old. now() is when the transaction
-- began; a row written later in it is dated then. meso's transactions last seconds; a login's psql
-- transaction left open and written to later is refused rather than dated back. The schema's owner
-- (a migration rewriting a large table) is not held to it.

CREATE OR REPLACE FUNCTION public.meso_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    stamps jsonb := '{}';
    column_name text;
BEGIN
    IF pg_catalog.clock_timestamp() > pg_catalog.now() + public.meso_clock_tolerance()
       AND NOT pg_catalog.pg_has_role((SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN
        RAISE EXCEPTION 'This transaction began at %, more than % ago: a row written in it would be dated then. Commit or roll back, and write it again.',
            pg_catalog.now(), public.meso_clock_tolerance() USING ERRCODE = 'MS010', TABLE = TG_TABLE_NAME;
    END IF;
    FOREACH column_name IN ARRAY TG_ARGV LOOP
        stamps := stamps || pg_catalog.jsonb_build_object(
            column_name,
            CASE WHEN column_name LIKE '%\_login' THEN pg_catalog.to_jsonb(session_user::text) ELSE pg_catalog.to_jsonb(pg_catalog.now()) END);
    END LOOP;
    NEW := pg_catalog.jsonb_populate_record(NEW, stamps);
    RETURN NEW;
END;
$$;

-- 0013's guard, the cancellation's time held to the same bound.
CREATE OR REPLACE FUNCTION public.session_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'A session is never deleted; cancel it instead.' USING ERRCODE = 'MS001';
    END IF;
    IF OLD.status <> 'performed' OR NEW.status <> 'cancelled'
       OR (pg_catalog.to_jsonb(NEW) - ARRAY['status', 'cancelled_at', 'cancelled_by', 'cancelled_login', 'cancel_reason'])
          IS DISTINCT FROM
          (pg_catalog.to_jsonb(OLD) - ARRAY['status', 'cancelled_at', 'cancelled_by', 'cancelled_login', 'cancel_reason']) THEN
        RAISE EXCEPTION 'A recorded session can only be cancelled, once; nothing else about it changes.'
            USING ERRCODE = 'MS005';
    END IF;
    IF OLD.recorded_login <> session_user AND NOT pg_catalog.pg_has_role(session_user, 'meso_pharmacist', 'MEMBER') THEN
        RAISE EXCEPTION 'Session % was recorded by the login %: only that login or a pharmacist may cancel it.',
            OLD.id, OLD.recorded_login USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF pg_catalog.clock_timestamp() > pg_catalog.now() + public.meso_clock_tolerance() THEN
        RAISE EXCEPTION 'This transaction began at %, more than % ago: a cancellation written in it would be dated then. Commit or roll back, and cancel again.',
            pg_catalog.now(), public.meso_clock_tolerance() USING ERRCODE = 'MS010';
    END IF;
    NEW.cancelled_at := pg_catalog.now();
    NEW.cancelled_login := session_user;
    RETURN NEW;
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- Lots: inserted empty, their caches moved only with their rows, checked against them at commit.

-- A lot's balance starts at nothing (its receipts bring it) and its status time is when it was
-- written, whatever the INSERT gave them.
CREATE FUNCTION public.lot_starts_empty() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    NEW.on_hand_ml := 0;
    NEW.status_changed_at := pg_catalog.now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER lot_starts_empty
    BEFORE INSERT ON public.lot
    FOR EACH ROW EXECUTE FUNCTION public.lot_starts_empty();

-- The functions that move a lot's caches run as meso_ledger (Schema/0012). Replacing them needs
-- membership in meso_ledger: given for this migration only and taken back at its end.
DO $$
BEGIN
    IF NOT pg_catalog.pg_has_role(current_user, 'meso_ledger', 'MEMBER') THEN
        EXECUTE pg_catalog.format('GRANT meso_ledger TO %I', current_user);
        PERFORM pg_catalog.set_config('meso.migration_joined_ledger', 'yes', true);
    END IF;
END;
$$;

-- meso_ledger numbers the rows it applies in the order it applies them (see below).
GRANT USAGE ON SEQUENCE public.stock_movement_id_seq, public.lot_status_change_id_seq TO meso_ledger;

-- 0015's ledger trigger, with three additions: the lot's balance continues from its last ledger row;
-- a row takes a new id when one of the lot's rows applied before it holds a later one; a reversal of a
-- row already reversed is refused here rather than by the unique index (an INSERT ... ON CONFLICT DO
-- NOTHING would skip the row after the lot had moved).
CREATE OR REPLACE FUNCTION public.stock_movement_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    lot_row public.lot%ROWTYPE;
    vial_row public.vial%ROWTYPE;
    vial_size numeric;
    multi_dose boolean;
    used_at timestamptz;
    refusal text;
    first_vial bigint;
    reversed_vial bigint;
    sealed numeric;
    lot_label text;
    last_id bigint;
    last_balance numeric;
    reversed_by bigint;
BEGIN
    UPDATE public.lot SET on_hand_ml = on_hand_ml + NEW.quantity_ml
     WHERE id = NEW.lot_id
    RETURNING * INTO lot_row;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Lot % does not exist.', NEW.lot_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    lot_label := 'Lot ' || lot_row.lot_number || ' of ' || lot_row.product_code;
    IF lot_row.status = 'destroyed' THEN
        RAISE EXCEPTION '% is destroyed: no stock can move in or out of it.', lot_label USING ERRCODE = 'MS002';
    END IF;
    -- The balance continues from the lot's last ledger row: a balance moved by a row that was then not
    -- written is found here (and at commit, by lot_caches_agree).
    SELECT m.id, m.balance_after_ml INTO last_id, last_balance
      FROM public.stock_movement m WHERE m.lot_id = lot_row.id ORDER BY m.id DESC LIMIT 1;
    IF coalesce(last_balance, 0) + NEW.quantity_ml <> lot_row.on_hand_ml THEN
        RAISE EXCEPTION '% holds % mL on its row but its last ledger row leaves % mL: its balance moved without a ledger row.',
            lot_label, lot_row.on_hand_ml - NEW.quantity_ml, coalesce(last_balance, 0) USING ERRCODE = 'MS004';
    END IF;
    -- A lot's rows are numbered in the order they are applied, under the lot's lock: a row whose id was
    -- drawn before another transaction's row of the lot was applied takes a new one.
    IF NEW.id <= last_id THEN
        NEW.id := pg_catalog.nextval('public.stock_movement_id_seq');
    END IF;
    -- A row is reversed once: a second reversal is refused before it could move anything.
    IF NEW.kind = 'reversal' THEN
        SELECT r.id INTO reversed_by FROM public.stock_movement r WHERE r.reverses_id = NEW.reverses_id;
        IF FOUND THEN
            RAISE EXCEPTION 'Movement % is already reversed (by movement %): a row is reversed once.', NEW.reverses_id,
                reversed_by USING ERRCODE = 'MS008';
        END IF;
    END IF;
    SELECT p.vial_ml, NOT p.single_use INTO vial_size, multi_dose FROM public.product p WHERE p.code = lot_row.product_code;

    IF NEW.kind = 'reversal' THEN
        SELECT m.vial_id INTO reversed_vial FROM public.stock_movement m WHERE m.id = NEW.reverses_id;
        IF NEW.vial_id IS DISTINCT FROM reversed_vial AND NEW.vial_id IS NOT NULL THEN
            RAISE EXCEPTION 'A reversal puts back into the vial the movement it reverses took from (vial %).',
                coalesce(reversed_vial::text, 'none') USING ERRCODE = 'MS041';
        END IF;
        NEW.vial_id := reversed_vial;
    END IF;

    IF NEW.kind = 'session-use' THEN
        SELECT s.performed_at INTO used_at FROM public.session s WHERE s.id = NEW.session_id;
        used_at := coalesce(used_at, NEW.recorded_at);
        refusal := public.meso_draw_refusal(lot_row.id, NULL, used_at, false);
        IF refusal IS NOT NULL THEN
            IF refusal = 'expired' THEN
                RAISE EXCEPTION '% expired on % and cannot be used for a session.', lot_label, lot_row.expiry
                    USING ERRCODE = 'MS002';
            ELSIF used_at < pg_catalog.now() - public.meso_clock_tolerance() THEN
                RAISE EXCEPTION '% was % at the session''s time % and cannot be used for it.', lot_label, refusal,
                    pg_catalog.to_char(used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') USING ERRCODE = 'MS002';
            ELSE
                RAISE EXCEPTION '% is % and cannot be used for a session.', lot_label, refusal USING ERRCODE = 'MS002';
            END IF;
        END IF;
        IF multi_dose THEN
            SELECT o.vial_id INTO first_vial FROM public.lot_open_vials(lot_row.id, used_at, false) o
             WHERE o.refusal IS NULL ORDER BY o.draw_order LIMIT 1;
            IF NEW.vial_id IS NOT NULL AND NEW.vial_id IS DISTINCT FROM first_vial THEN
                RAISE EXCEPTION 'A session draws from % first (its open vial %), not from vial %.', lot_label,
                    coalesce(first_vial::text, 'none: a sealed vial is opened'), NEW.vial_id USING ERRCODE = 'MS040';
            END IF;
            IF first_vial IS NULL THEN
                INSERT INTO public.vial (lot_id, opened_at, content_ml, remaining_ml, opened_by_session, recorded_by)
                VALUES (lot_row.id, used_at, vial_size, vial_size, NEW.session_id, NEW.actor)
                RETURNING id INTO first_vial;
            END IF;
            NEW.vial_id := first_vial;
        END IF;
    END IF;

    IF NEW.vial_id IS NOT NULL THEN
        IF NOT multi_dose THEN
            RAISE EXCEPTION '% is single-use: its vials are not followed once open.', lot_label USING ERRCODE = 'MS041';
        END IF;
        UPDATE public.vial v
           SET remaining_ml = v.remaining_ml + NEW.quantity_ml,
               opened_at = CASE WHEN NEW.kind = 'session-use' THEN least(v.opened_at, used_at) ELSE v.opened_at END
         WHERE v.id = NEW.vial_id AND v.lot_id = lot_row.id
        RETURNING * INTO vial_row;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'Vial % is not an open vial of %.', NEW.vial_id, lot_label USING ERRCODE = 'MS041';
        END IF;
        IF vial_row.remaining_ml < 0 THEN
            RAISE EXCEPTION 'Vial % of % holds % mL: % mL cannot be taken from it.', vial_row.id, lot_label,
                vial_row.remaining_ml - NEW.quantity_ml, -NEW.quantity_ml USING ERRCODE = 'MS040';
        END IF;
        IF vial_row.remaining_ml > vial_row.content_ml THEN
            RAISE EXCEPTION 'Vial % of % would hold more than the % mL it held when opened.', vial_row.id, lot_label,
                vial_row.content_ml USING ERRCODE = 'MS041';
        END IF;
    END IF;

    IF multi_dose THEN
        sealed := public.lot_sealed_ml(lot_row.id);
        IF sealed < 0 THEN
            RAISE EXCEPTION '% has no sealed vial left to %.', lot_label,
                CASE WHEN NEW.kind = 'session-use' THEN 'open' ELSE 'take this from' END USING ERRCODE = 'MS040';
        END IF;
        IF mod(sealed, vial_size) <> 0 THEN
            RAISE EXCEPTION 'Sealed vials of % move whole (% mL each): % mL is not a whole number of them.', lot_label,
                pg_catalog.trim_scale(vial_size), pg_catalog.trim_scale(abs(NEW.quantity_ml)) USING ERRCODE = 'MS041';
        END IF;
    END IF;

    NEW.balance_after_ml := lot_row.on_hand_ml;
    RETURN NEW;
END;
$$;

-- 0012's status trigger, numbering a lot's status rows in the order they are applied (the lot's lock),
-- as the ledger's: a lot's status is its last status row.
CREATE OR REPLACE FUNCTION public.lot_status_change_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    current text;
    lot_label text;
    last_id bigint;
BEGIN
    SELECT status, lot_number || ' of ' || product_code INTO current, lot_label
      FROM public.lot WHERE id = NEW.lot_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Lot % does not exist.', NEW.lot_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    SELECT max(c.id) INTO last_id FROM public.lot_status_change c WHERE c.lot_id = NEW.lot_id;
    IF NEW.id <= last_id THEN
        NEW.id := pg_catalog.nextval('public.lot_status_change_id_seq');
    END IF;
    IF NEW.to_status = current
       AND EXISTS (SELECT 1 FROM public.stock_movement
                    WHERE lot_id = NEW.lot_id AND kind = 'receipt' AND recorded_at = pg_catalog.now())
       AND last_id IS NULL THEN
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
    UPDATE public.lot SET status = NEW.to_status, status_changed_at = pg_catalog.now() WHERE id = NEW.lot_id;
    RETURN NEW;
END;
$$;

-- At commit, each lot whose caches moved agrees with its history: its balance is what its last
-- ledger row leaves, its status and status time are its last status row's; a lot inserted arrives in
-- quarantine or with the status row it was received in. Index lookups only (the last row of each).
-- A cache moved by a row that was then not written (or by anything but its row) is refused here,
-- whenever the check runs: at commit, or at the end of the statement under SET CONSTRAINTS IMMEDIATE
-- (where a ledger or status row, whose trigger moves the lot before the row itself is stored, is
-- refused too: meso never sets it).
CREATE FUNCTION public.lot_caches_agree() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    lot_row public.lot%ROWTYPE;
    lot_label text;
    last_balance numeric;
    last_change record;
BEGIN
    SELECT * INTO lot_row FROM public.lot WHERE id = NEW.id;
    lot_label := 'Lot ' || lot_row.lot_number || ' of ' || lot_row.product_code;
    IF TG_OP = 'INSERT' OR OLD.on_hand_ml IS DISTINCT FROM NEW.on_hand_ml THEN
        SELECT m.balance_after_ml INTO last_balance
          FROM public.stock_movement m WHERE m.lot_id = lot_row.id ORDER BY m.id DESC LIMIT 1;
        IF lot_row.on_hand_ml <> coalesce(last_balance, 0) THEN
            RAISE EXCEPTION '% holds % mL on its row but its last ledger row leaves % mL: a balance changes only with its ledger row.',
                lot_label, lot_row.on_hand_ml, coalesce(last_balance, 0) USING ERRCODE = 'MS004';
        END IF;
    END IF;
    IF TG_OP = 'INSERT' OR (OLD.status, OLD.status_changed_at) IS DISTINCT FROM (NEW.status, NEW.status_changed_at) THEN
        SELECT c.to_status, c.changed_at INTO last_change
          FROM public.lot_status_change c WHERE c.lot_id = lot_row.id ORDER BY c.id DESC LIMIT 1;
        IF FOUND THEN
            IF (lot_row.status, lot_row.status_changed_at) IS DISTINCT FROM (last_change.to_status, last_change.changed_at) THEN
                RAISE EXCEPTION '% is % since % on its row, but its last status row made it % at %: a status changes only with its status row.',
                    lot_label, lot_row.status, lot_row.status_changed_at, last_change.to_status, last_change.changed_at
                    USING ERRCODE = 'MS004';
            END IF;
        ELSIF TG_OP = 'INSERT' AND (lot_row.status <> 'quarantined' OR lot_row.status_changed_at <> lot_row.recorded_at) THEN
            RAISE EXCEPTION '% was received %, but no status row says so: a lot arrives in quarantine, or with the status row it was received in.',
                lot_label, lot_row.status USING ERRCODE = 'MS006';
        END IF;
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER lot_caches_agree
    AFTER INSERT OR UPDATE OF on_hand_ml, status, status_changed_at ON public.lot DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.lot_caches_agree();

-- At commit, each open vial whose remainder or opening moved agrees with the ledger rows that name
-- it: it holds what it held when opened plus those rows, and a vial a session opened is named by that
-- session's draw and was opened when the earliest session that drew from it was performed.
CREATE FUNCTION public.vial_agrees_with_ledger() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    vial_row public.vial%ROWTYPE;
    moved numeric;
    first_draw timestamptz;
    opened_by_draw boolean;
BEGIN
    SELECT * INTO vial_row FROM public.vial WHERE id = NEW.id;
    SELECT coalesce(sum(m.quantity_ml), 0), min(s.performed_at) FILTER (WHERE m.kind = 'session-use'),
           coalesce(bool_or(m.kind = 'session-use' AND m.session_id = vial_row.opened_by_session), false)
      INTO moved, first_draw, opened_by_draw
      FROM public.stock_movement m LEFT JOIN public.session s ON s.id = m.session_id
     WHERE m.vial_id = vial_row.id;
    IF vial_row.remaining_ml <> vial_row.content_ml + moved THEN
        RAISE EXCEPTION 'Vial % holds % mL on its row but the ledger rows that name it leave % mL: a vial changes only with its ledger rows.',
            vial_row.id, vial_row.remaining_ml, vial_row.content_ml + moved USING ERRCODE = 'MS004';
    END IF;
    IF vial_row.opened_by_session IS NOT NULL
       AND (NOT opened_by_draw OR vial_row.opened_at IS DISTINCT FROM first_draw) THEN
        RAISE EXCEPTION 'Vial % was opened by session % at %, but no draw of that session, or none so early, names it: a vial is opened by its draw.',
            vial_row.id, vial_row.opened_by_session, vial_row.opened_at USING ERRCODE = 'MS004';
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER vial_agrees_with_ledger
    AFTER INSERT OR UPDATE OF remaining_ml, opened_at ON public.vial DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.vial_agrees_with_ledger();

-- ---------------------------------------------------------------------------------------------
-- Sessions: their rows written in the transaction that records them, reversals in the one that
-- cancels them, every commit-time check run for every row.

-- The rules of a ledger row that other rows decide (0012's, with two more): a row of a session names
-- the session's patient and is written in the transaction that recorded the session, or, a reversal,
-- in the one that cancelled it; a reversal puts back exactly what one row of the same lot, session
-- and patient took out; no row that brings stock in (a receipt, a count up, a reversal) leaves the lot
-- holding more than it ever received (the sum of its receipts, this one included).
CREATE OR REPLACE FUNCTION public.stock_movement_rules() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    reversed public.stock_movement%ROWTYPE;
    session_row record;
    received numeric;
    lot_label text;
BEGIN
    IF NEW.session_id IS NOT NULL THEN
        SELECT s.patient_id, s.status, s.recorded_at, s.cancelled_at INTO session_row
          FROM public.session s WHERE s.id = NEW.session_id;
        IF NEW.patient_id IS DISTINCT FROM session_row.patient_id THEN
            RAISE EXCEPTION 'A ledger row of session % must name that session''s patient.', NEW.session_id
                USING ERRCODE = 'MS008';
        END IF;
        IF NEW.kind = 'reversal' THEN
            IF session_row.status <> 'cancelled' OR session_row.cancelled_at <> pg_catalog.now() THEN
                RAISE EXCEPTION 'A reversal of a row of session % is written by the session''s cancellation, in the same transaction.',
                    NEW.session_id USING ERRCODE = 'MS008';
            END IF;
        ELSIF session_row.recorded_at <> pg_catalog.now() THEN
            RAISE EXCEPTION 'Session % was recorded at %: its ledger rows are written with it, in the same transaction.',
                NEW.session_id, session_row.recorded_at USING ERRCODE = 'MS008';
        END IF;
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
    IF NEW.quantity_ml > 0 OR NEW.kind = 'count-adjustment' THEN
        SELECT coalesce(sum(m.quantity_ml), 0) INTO received
          FROM public.stock_movement m WHERE m.lot_id = NEW.lot_id AND m.kind = 'receipt';
        IF NEW.kind = 'receipt' THEN
            received := received + NEW.quantity_ml;
        END IF;
        IF NEW.balance_after_ml > received THEN
            SELECT l.lot_number || ' of ' || l.product_code INTO lot_label FROM public.lot l WHERE l.id = NEW.lot_id;
            IF NEW.kind = 'count-adjustment' THEN
                RAISE EXCEPTION 'A count of lot % cannot find % mL: only % mL of it was ever received.',
                    lot_label, NEW.balance_after_ml, received USING ERRCODE = 'MS008';
            END IF;
            RAISE EXCEPTION 'Lot % would hold % mL after this %: only % mL of it was ever received.',
                lot_label, NEW.balance_after_ml, NEW.kind, received USING ERRCODE = 'MS008';
        END IF;
    END IF;
    RETURN NEW;
END;
$$;

-- A usage row is the session's: performed when the session was, and written in the transaction that
-- recorded it.
CREATE OR REPLACE FUNCTION public.session_usage_matches_session() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    wrong record;
BEGIN
    SELECT a.session_id, a.performed_at, s.performed_at AS session_performed_at, s.recorded_at INTO wrong
      FROM added_usage a JOIN public.session s ON s.id = a.session_id
     WHERE a.performed_at IS DISTINCT FROM s.performed_at OR s.recorded_at <> pg_catalog.now()
     LIMIT 1;
    IF FOUND AND wrong.recorded_at <> pg_catalog.now() THEN
        RAISE EXCEPTION 'Session % was recorded at %: its usage rows are written with it, in the same transaction.',
            wrong.session_id, wrong.recorded_at USING ERRCODE = 'MS008';
    ELSIF FOUND THEN
        RAISE EXCEPTION 'A usage row of session % must carry the session''s time %, not %.',
            wrong.session_id, wrong.session_performed_at, wrong.performed_at USING ERRCODE = 'MS008';
    END IF;
    RETURN NULL;
END;
$$;

-- A session's findings are written with it, in the transaction that recorded it: a finding added
-- later would change what the check found, after the fact (overrides: session_override_check).
CREATE FUNCTION public.session_finding_written_with_session() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    wrong record;
BEGIN
    SELECT a.session_id, s.recorded_at INTO wrong
      FROM added_findings a JOIN public.session s ON s.id = a.session_id
     WHERE s.recorded_at <> pg_catalog.now()
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'Session % was recorded at %: its findings are written with it, in the same transaction.',
            wrong.session_id, wrong.recorded_at USING ERRCODE = 'MS008';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER session_finding_written_with_session
    AFTER INSERT ON public.session_finding REFERENCING NEW TABLE AS added_findings
    FOR EACH STATEMENT EXECUTE FUNCTION public.session_finding_written_with_session();

-- 0012's commit-time check without its exception: a usage or ledger row of a session written in
-- the same transaction was left to the session's own check, which SET CONSTRAINTS ALL IMMEDIATE could
-- run before those rows existed. Every row's check now checks its session.
CREATE OR REPLACE FUNCTION public.session_ledger_agrees() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    checked bigint;
    problem text;
BEGIN
    IF TG_TABLE_NAME = 'session' THEN
        checked := NEW.id;
    ELSE
        checked := NEW.session_id;
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

-- ---------------------------------------------------------------------------------------------
-- Receipts: a receipt row of the ledger is its receipt's, written with it, for what the receipt
-- brought (vials × vial volume, set by lot_receipt_apply); lot_receipt_apply refuses a recalled or
-- destroyed lot, and nothing else writes receipt rows.
CREATE OR REPLACE FUNCTION public.stock_movement_receipt_recorded() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM public.lot_receipt r
                    WHERE r.movement_id = NEW.id AND r.lot_id = NEW.lot_id AND r.received_ml = NEW.quantity_ml
                      AND r.recorded_at = NEW.recorded_at) THEN
        RAISE EXCEPTION 'Ledger row % receives % mL into lot % without its receipt (lot_receipt) for that amount, written with it.',
            NEW.id, NEW.quantity_ml, NEW.lot_id USING ERRCODE = 'MS006';
    END IF;
    RETURN NULL;
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- Histories that keep a current value elsewhere write it in an AFTER trigger, which runs only for a
-- row that was stored: a BEFORE trigger fills the values before and refuses what cannot be, the AFTER
-- trigger applies the change, and refuses it when the value it changes is no longer the one the row
-- says it was (another row of the same statement changed it first).

-- A patient's name, birth date and weight (0013's patient_update_apply, split).
CREATE FUNCTION public.patient_update_fill() RETURNS trigger
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
    IF pg_catalog.num_nonnulls(NEW.name, NEW.birth_date, NEW.weight_kg) = 0 THEN
        RAISE EXCEPTION 'Patient % already has these values: nothing to change.', current.mrn USING ERRCODE = 'MS020';
    END IF;
    IF NEW.birth_date > public.meso_clinic_day(pg_catalog.now()) THEN
        RAISE EXCEPTION 'The birth date % is after today.', NEW.birth_date USING ERRCODE = 'MS020', COLUMN = 'birth_date';
    END IF;
    NEW.name_before := current.name;
    NEW.birth_date_before := current.birth_date;
    NEW.weight_kg_before := current.weight_kg;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION public.patient_update_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE public.patient
       SET name = coalesce(NEW.name, name), birth_date = coalesce(NEW.birth_date, birth_date),
           weight_kg = coalesce(NEW.weight_kg, weight_kg)
     WHERE id = NEW.patient_id
       AND (name, birth_date, weight_kg) IS NOT DISTINCT FROM (NEW.name_before, NEW.birth_date_before, NEW.weight_kg_before);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Patient % was corrected by another row of the same statement: write one correction at a time.',
            NEW.patient_id USING ERRCODE = 'MS020';
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER patient_update_apply ON public.patient_update;
CREATE TRIGGER patient_update_fill
    BEFORE INSERT ON public.patient_update
    FOR EACH ROW EXECUTE FUNCTION public.patient_update_fill();
CREATE TRIGGER patient_update_apply
    AFTER INSERT ON public.patient_update
    FOR EACH ROW EXECUTE FUNCTION public.patient_update_apply();

-- A dose limit (0013's dose_limit_change_apply, split).
CREATE FUNCTION public.dose_limit_change_fill() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    current public.dose_limit%ROWTYPE;
BEGIN
    SELECT * INTO current FROM public.dose_limit
     WHERE compound_code = NEW.compound_code AND with_vasoconstrictor = NEW.with_vasoconstrictor FOR UPDATE;
    IF NEW.change = 'remove' AND current.compound_code IS NULL THEN
        RAISE EXCEPTION '% has no % limit to remove.', NEW.compound_code,
            CASE WHEN NEW.with_vasoconstrictor THEN 'with-vasoconstrictor' ELSE 'plain' END USING ERRCODE = 'MS024';
    END IF;
    NEW.mg_per_kg_before := current.mg_per_kg;
    NEW.max_mg_before := current.max_mg;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION public.dose_limit_change_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.change = 'set' AND NEW.mg_per_kg_before IS NULL THEN
        INSERT INTO public.dose_limit (compound_code, with_vasoconstrictor, mg_per_kg, max_mg)
        VALUES (NEW.compound_code, NEW.with_vasoconstrictor, NEW.mg_per_kg, NEW.max_mg)
        ON CONFLICT (compound_code, with_vasoconstrictor) DO NOTHING;
    ELSIF NEW.change = 'set' THEN
        UPDATE public.dose_limit SET mg_per_kg = NEW.mg_per_kg, max_mg = NEW.max_mg
         WHERE compound_code = NEW.compound_code AND with_vasoconstrictor = NEW.with_vasoconstrictor
           AND (mg_per_kg, max_mg) = (NEW.mg_per_kg_before, NEW.max_mg_before);
    ELSE
        DELETE FROM public.dose_limit
         WHERE compound_code = NEW.compound_code AND with_vasoconstrictor = NEW.with_vasoconstrictor
           AND (mg_per_kg, max_mg) = (NEW.mg_per_kg_before, NEW.max_mg_before);
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'The % limit of % was changed by another row of the same statement: write one change at a time.',
            CASE WHEN NEW.with_vasoconstrictor THEN 'with-vasoconstrictor' ELSE 'plain' END, NEW.compound_code
            USING ERRCODE = 'MS024';
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER dose_limit_change_apply ON public.dose_limit_change;
CREATE TRIGGER dose_limit_change_fill
    BEFORE INSERT ON public.dose_limit_change
    FOR EACH ROW EXECUTE FUNCTION public.dose_limit_change_fill();
CREATE TRIGGER dose_limit_change_apply
    AFTER INSERT ON public.dose_limit_change
    FOR EACH ROW EXECUTE FUNCTION public.dose_limit_change_apply();

-- A group membership (0013's function, now run after the row is stored).
CREATE OR REPLACE FUNCTION public.allergen_group_member_change_apply() RETURNS trigger
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
    RETURN NULL;
END;
$$;

DROP TRIGGER allergen_group_member_change_apply ON public.allergen_group_member_change;
CREATE TRIGGER allergen_group_member_change_apply
    AFTER INSERT ON public.allergen_group_member_change
    FOR EACH ROW EXECUTE FUNCTION public.allergen_group_member_change_apply();

-- A compound's name (0016's compound_name_change_apply, split).
CREATE FUNCTION public.compound_name_change_fill() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    current_name text;
BEGIN
    SELECT name INTO current_name FROM public.compound WHERE code = NEW.compound_code FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'No compound has the code %.', NEW.compound_code USING ERRCODE = 'MS051';
    END IF;
    IF current_name = NEW.name_after THEN
        RAISE EXCEPTION 'The compound % is already named %.', NEW.compound_code, NEW.name_after
            USING ERRCODE = 'MS051', COLUMN = 'name_after';
    END IF;
    NEW.name_before := current_name;
    RETURN NEW;
END;
$$;
REVOKE ALL ON FUNCTION public.compound_name_change_fill() FROM PUBLIC;

CREATE OR REPLACE FUNCTION public.compound_name_change_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE public.compound SET name = NEW.name_after WHERE code = NEW.compound_code AND name = NEW.name_before;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'The compound % was renamed by another row of the same statement: write one change at a time.',
            NEW.compound_code USING ERRCODE = 'MS051';
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER compound_name_change_apply ON public.compound_name_change;
CREATE TRIGGER compound_name_change_fill
    BEFORE INSERT ON public.compound_name_change
    FOR EACH ROW EXECUTE FUNCTION public.compound_name_change_fill();
CREATE TRIGGER compound_name_change_apply
    AFTER INSERT ON public.compound_name_change
    FOR EACH ROW EXECUTE FUNCTION public.compound_name_change_apply();

-- ---------------------------------------------------------------------------------------------
-- A product is written with its ingredients (checked at commit): a product with none would pass the
-- allergy check whatever it contains.
CREATE FUNCTION public.product_has_ingredients() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM public.product_ingredient i WHERE i.product_code = NEW.code) THEN
        RAISE EXCEPTION 'Product % has no ingredients: a product is written with what it contains.', NEW.code
            USING ERRCODE = 'MS006';
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER product_has_ingredients
    AFTER INSERT ON public.product DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.product_has_ingredients();

-- ---------------------------------------------------------------------------------------------
-- A patient's allergy assessment says what the allergies on file say: "no known allergies" only while
-- none is active (its latest state neither refuted nor entered in error), "listed" only with an allergy
-- on file (patient_allergy_marks_listed sets it), and an assessment once made is not unmade.
CREATE FUNCTION public.patient_assessment_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.allergy_assessment = OLD.allergy_assessment THEN
        RETURN NEW;
    END IF;
    IF NEW.allergy_assessment = 'none-known' AND EXISTS (
        SELECT FROM public.patient_allergy a
          LEFT JOIN LATERAL (SELECT x.verification FROM public.patient_allergy_amendment x
                              WHERE x.allergy_id = a.id ORDER BY x.id DESC LIMIT 1) last ON true
         WHERE a.patient_id = NEW.id
           AND coalesce(last.verification, a.verification) IN ('confirmed', 'unconfirmed')) THEN
        RAISE EXCEPTION 'Patient % has an active allergy on file, so no known allergies cannot be recorded.', NEW.mrn
            USING ERRCODE = 'MS011', COLUMN = 'allergy_assessment';
    ELSIF NEW.allergy_assessment = 'listed'
          AND NOT EXISTS (SELECT FROM public.patient_allergy a WHERE a.patient_id = NEW.id) THEN
        RAISE EXCEPTION 'Patient % has no allergy on file to be listed.', NEW.mrn
            USING ERRCODE = 'MS011', COLUMN = 'allergy_assessment';
    ELSIF NEW.allergy_assessment = 'unknown' THEN
        RAISE EXCEPTION 'Patient %''s allergies were assessed (%): an assessment is not unmade.', NEW.mrn,
            OLD.allergy_assessment USING ERRCODE = 'MS011', COLUMN = 'allergy_assessment';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER patient_assessment_check
    BEFORE UPDATE OF allergy_assessment ON public.patient
    FOR EACH ROW EXECUTE FUNCTION public.patient_assessment_check();

-- ---------------------------------------------------------------------------------------------
-- The pharmacist reads no clinical free text: why a session was cancelled and an adverse event's
-- note are the practitioner's and the auditor's. The pharmacist reads every other column of both
-- tables, and both texts through the views below, which withhold them from a login without SELECT on
-- the column (as session_override_shown withholds an override's reason).
REVOKE SELECT ON public.session, public.adverse_event FROM meso_pharmacist;
DO $$
DECLARE
    target record;
BEGIN
    FOR target IN SELECT * FROM (VALUES ('session', 'cancel_reason'), ('adverse_event', 'note')) AS t(relname, withheld) LOOP
        EXECUTE pg_catalog.format('GRANT SELECT (%s) ON public.%I TO meso_pharmacist',
            (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
               FROM pg_catalog.pg_attribute a
              WHERE a.attrelid = pg_catalog.format('public.%I', target.relname)::regclass AND a.attnum > 0
                AND NOT a.attisdropped AND a.attname <> target.withheld),
            target.relname);
    END LOOP;
END;
$$;

CREATE VIEW public.session_cancel_reason_shown AS
SELECT s.id AS session_id,
       CASE WHEN s.cancel_reason IS NULL OR v.shown THEN s.cancel_reason
            ELSE 'Withheld: only practitioners and auditors read why a session was cancelled.' END AS cancel_reason
  FROM public.session s
 CROSS JOIN LATERAL (SELECT pg_catalog.has_column_privilege('public.session', 'cancel_reason', 'SELECT') AS shown) v;

CREATE VIEW public.adverse_event_shown AS
SELECT a.id, a.session_id, a.kind, a.severity,
       CASE WHEN a.note IS NULL OR v.shown THEN a.note
            ELSE 'Withheld: only practitioners and auditors read an adverse event''s note.' END AS note,
       a.recorded_at, a.recorded_by, a.recorded_login
  FROM public.adverse_event a
 CROSS JOIN LATERAL (SELECT pg_catalog.has_column_privilege('public.adverse_event', 'note', 'SELECT') AS shown) v;

REVOKE ALL ON public.session_cancel_reason_shown, public.adverse_event_shown FROM PUBLIC;
GRANT SELECT ON public.session_cancel_reason_shown, public.adverse_event_shown
    TO meso_pharmacist, meso_practitioner, meso_auditor;

-- ---------------------------------------------------------------------------------------------
-- No meso role holds an advisory lock (`meso db migrate` takes one: a login holding it would stop
-- every migration) or writes a large object (storage no meso table names). The schema's owner keeps
-- the migration's lock.
REVOKE EXECUTE ON FUNCTION
    pg_catalog.pg_advisory_lock(bigint), pg_catalog.pg_advisory_lock(integer, integer),
    pg_catalog.pg_advisory_lock_shared(bigint), pg_catalog.pg_advisory_lock_shared(integer, integer),
    pg_catalog.pg_try_advisory_lock(bigint), pg_catalog.pg_try_advisory_lock(integer, integer),
    pg_catalog.pg_try_advisory_lock_shared(bigint), pg_catalog.pg_try_advisory_lock_shared(integer, integer),
    pg_catalog.pg_advisory_xact_lock(bigint), pg_catalog.pg_advisory_xact_lock(integer, integer),
    pg_catalog.pg_advisory_xact_lock_shared(bigint), pg_catalog.pg_advisory_xact_lock_shared(integer, integer),
    pg_catalog.pg_try_advisory_xact_lock(bigint), pg_catalog.pg_try_advisory_xact_lock(integer, integer),
    pg_catalog.pg_try_advisory_xact_lock_shared(bigint), pg_catalog.pg_try_advisory_xact_lock_shared(integer, integer),
    pg_catalog.lo_creat(integer), pg_catalog.lo_create(oid), pg_catalog.lo_from_bytea(oid, bytea),
    pg_catalog.lo_put(oid, bigint, bytea), pg_catalog.lo_open(oid, integer), pg_catalog.lowrite(integer, bytea),
    pg_catalog.lo_truncate(integer, integer), pg_catalog.lo_truncate64(integer, bigint),
    pg_catalog.lo_unlink(oid), pg_catalog.lo_import(text), pg_catalog.lo_import(text, oid)
  FROM PUBLIC;
DO $$
BEGIN
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_lock(bigint), pg_catalog.pg_advisory_unlock(bigint) TO %I',
                              current_user);
END;
$$;
-- A compound's codes change under a transaction lock of their own (Schema/0016), taken as the schema's
-- owner: the trigger that takes it runs with the owner's rights.
ALTER FUNCTION public.compound_coding_change_apply() SECURITY DEFINER;
REVOKE ALL ON FUNCTION public.compound_coding_change_apply() FROM PUBLIC;

-- The membership in meso_ledger this migration took to replace the ledger's functions is given back.
DO $$
BEGIN
    IF pg_catalog.current_setting('meso.migration_joined_ledger', true) = 'yes' THEN
        EXECUTE pg_catalog.format('REVOKE meso_ledger FROM %I', current_user);
    END IF;
END;
$$;
