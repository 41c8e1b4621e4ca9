-- meso 0015: repeat deliveries, scanned packs and opened multi-dose vials.
--
-- A lot is one product, lot number and expiry; it may arrive many times. Each delivery is a
-- lot_receipt row (when it arrived, how many vials, the supplier, who recorded it) with its
-- `receipt` row in the ledger, and the packs scanned with it are lot_receipt_pack rows (the GTIN,
-- the serial (21), the element string and its decoded elements): a GTIN and serial is received once.
-- The lot keeps its identity, status and balance; what it has received is the sum of its receipts,
-- and its received_at is its earliest receipt.
--
-- A multi-dose vial, once punctured, is used within its product's in-use period (product.in_use_days,
-- 28 days unless the label says otherwise). A vial row is an opened vial of a multi-dose lot: when it
-- was first drawn, what it held then, and what it holds now, moved by the ledger rows that name it
-- (stock_movement.vial_id). The rest of the lot's balance is its sealed vials, always a whole number
-- of them. Whether a lot or a vial may be drawn at a time is one function, meso_draw_refusal, which the
-- ledger trigger, the planner's query and the listings call; the clock tolerance it uses is
-- meso_clock_tolerance, defined here alone.
--
-- SQLSTATEs of this migration: MS040 a stock rule refuses the movement or the receipt (exit 3);
-- MS041 the movement or the receipt is not one the stock admits as written (invalid input, exit 65).

-- How far apart two clocks that record one event may be. A time given with --at, or defaulting to a
-- client's now, is read on the client's clock; the database's now() is the server's. Machines in a
-- clinic run seconds to minutes apart: a time up to this far ahead is accepted, a session within this
-- of now is judged by its lots as they stand, and a receipt this little after a session counts as
-- before it.
CREATE FUNCTION public.meso_clock_tolerance() RETURNS interval
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT interval '10 minutes'
$$;

-- ---------------------------------------------------------------------------------------------
-- The in-use period of a multi-dose product: days a punctured vial may be drawn from. Products
-- already on file are preserved multi-dose vials used within 28 days (USP <797>, CDC injection
-- safety) unless their label says otherwise.
ALTER TABLE public.product ADD COLUMN in_use_days integer;
UPDATE public.product SET in_use_days = 28 WHERE NOT single_use;
ALTER TABLE public.product ADD CONSTRAINT product_in_use_days_range CHECK (
    (single_use AND in_use_days IS NULL) OR (NOT single_use AND in_use_days BETWEEN 1 AND 365));

-- ---------------------------------------------------------------------------------------------
-- Receipts. received_at is when the delivery arrived (`lot receive --at`, else when it was written);
-- recorded_at, recorded_by and recorded_login are when, by whom (the actor) and by which login it was
-- written, set by the server. received_ml is vials × the product's vial volume, set by the server.
CREATE TABLE public.lot_receipt (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lot_id          bigint NOT NULL REFERENCES public.lot,
    received_at     timestamptz NOT NULL DEFAULT now(),
    vials           integer NOT NULL CONSTRAINT lot_receipt_vials_range CHECK (vials BETWEEN 1 AND 100000),
    received_ml     numeric(12,3) NOT NULL CONSTRAINT lot_receipt_received_ml_positive CHECK (received_ml > 0),
    supplier        text CONSTRAINT lot_receipt_supplier_format
                    CHECK (length(supplier) BETWEEN 1 AND 200 AND public.meso_is_printable(supplier)),
    -- The receipt's row in the ledger, written with it.
    movement_id     bigint NOT NULL CONSTRAINT lot_receipt_one_per_movement UNIQUE REFERENCES public.stock_movement,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    recorded_by     text NOT NULL,
    recorded_login  text NOT NULL DEFAULT session_user
);
CREATE INDEX lot_receipt_lot ON public.lot_receipt (lot_id, received_at, id);

-- The lots received before receipts had rows of their own: one receipt per receipt row of their
-- ledger, arrived when the lot did, with the lot's vials and supplier, written when and by the login
-- that wrote the ledger row.
INSERT INTO public.lot_receipt (lot_id, received_at, vials, received_ml, supplier, movement_id, recorded_at,
                                recorded_by, recorded_login)
SELECT l.id, l.received_at,
       CASE WHEN count(*) OVER (PARTITION BY l.id) = 1 THEN l.vials_received
            ELSE greatest(1, round(m.quantity_ml / p.vial_ml))::integer END,
       m.quantity_ml, l.supplier, m.id, m.recorded_at, m.actor, m.recorded_login
  FROM public.lot l
  JOIN public.product p ON p.code = l.product_code
  JOIN public.stock_movement m ON m.lot_id = l.id AND m.kind = 'receipt'
 ORDER BY m.id;

-- The packs scanned with a receipt: the GTIN (01), the serial (21) when the label carries one, the
-- element string as meso reads it back (human-readable, AIs in parentheses) and its elements, each AI
-- with its value as printed. A GTIN and serial names one pack in the world: it is received once.
CREATE TABLE public.lot_receipt_pack (
    receipt_id      bigint NOT NULL REFERENCES public.lot_receipt,
    position        integer NOT NULL CONSTRAINT lot_receipt_pack_position_positive CHECK (position >= 1),
    gtin            text CONSTRAINT lot_receipt_pack_gtin_valid CHECK (public.meso_gtin_is_valid(gtin)),
    serial          text CONSTRAINT lot_receipt_pack_serial_format CHECK (serial ~ '^[!-~]{1,20}$'),
    element_string  text CONSTRAINT lot_receipt_pack_element_string_format
                    CHECK (length(element_string) BETWEEN 1 AND 2000 AND public.meso_is_printable(element_string)),
    elements        jsonb CONSTRAINT lot_receipt_pack_elements_object CHECK (jsonb_typeof(elements) = 'object'),
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    recorded_by     text NOT NULL,
    recorded_login  text NOT NULL DEFAULT session_user,
    PRIMARY KEY (receipt_id, position),
    CONSTRAINT lot_receipt_pack_received_once UNIQUE (gtin, serial),
    -- A scanned pack has its element string; only a serial kept on a lot before packs had rows has none.
    CONSTRAINT lot_receipt_pack_scanned CHECK (
        (element_string IS NOT NULL AND elements IS NOT NULL AND gtin IS NOT NULL)
        OR (element_string IS NULL AND elements IS NULL AND serial IS NOT NULL))
);

-- A serial kept on a lot (`lot receive --gs1` before packs had rows) becomes the pack of its receipt.
INSERT INTO public.lot_receipt_pack (receipt_id, position, gtin, serial, recorded_at, recorded_by, recorded_login)
SELECT r.id, 1, p.gtin, l.gs1_serial, r.recorded_at, r.recorded_by, r.recorded_login
  FROM public.lot l
  JOIN public.product p ON p.code = l.product_code
  JOIN LATERAL (SELECT * FROM public.lot_receipt r WHERE r.lot_id = l.id ORDER BY r.id LIMIT 1) r ON true
 WHERE l.gs1_serial IS NOT NULL;

-- What a lot received, who delivered it and the serial now live in its receipts. A receipt's expiry
-- is judged on the clinic's day it arrived, by lot_receipt_apply below.
ALTER TABLE public.lot DROP CONSTRAINT lot_not_expired_at_receipt;
ALTER TABLE public.lot DROP COLUMN vials_received, DROP COLUMN received_ml, DROP COLUMN supplier, DROP COLUMN gs1_serial;

-- ---------------------------------------------------------------------------------------------
-- Opened vials of multi-dose lots. content_ml is what the vial held when meso began following it (a
-- full vial, drawn for a session); remaining_ml is content_ml plus the ledger rows that name it, kept by
-- stock_movement_apply. opened_at is the time of the earliest session that drew from it.
CREATE TABLE public.vial (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lot_id             bigint NOT NULL REFERENCES public.lot,
    opened_at          timestamptz NOT NULL,
    content_ml         numeric(10,3) NOT NULL CONSTRAINT vial_content_positive CHECK (content_ml > 0),
    remaining_ml       numeric(10,3) NOT NULL
                       CONSTRAINT vial_remaining_range CHECK (remaining_ml >= 0 AND remaining_ml <= content_ml),
    -- The session whose draw opened it; NULL for a vial found open when vials were first followed.
    opened_by_session  bigint REFERENCES public.session,
    recorded_at        timestamptz NOT NULL DEFAULT now(),
    recorded_by        text NOT NULL,
    recorded_login     text NOT NULL DEFAULT session_user
);
CREATE INDEX vial_lot ON public.vial (lot_id, id);
-- The open vials of a lot, which every multi-dose movement sums: few, whatever the lot's history.
CREATE INDEX vial_lot_open ON public.vial (lot_id) INCLUDE (remaining_ml) WHERE remaining_ml > 0;

ALTER TABLE public.stock_movement ADD COLUMN vial_id bigint CONSTRAINT stock_movement_vial_fk REFERENCES public.vial;
CREATE INDEX stock_movement_vial ON public.stock_movement (vial_id, id) WHERE vial_id IS NOT NULL;

-- Multi-dose lots on file pooled their millilitres: their whole vials count as sealed, and a balance
-- that is not a whole number of vials has one open vial holding the rest. That vial was punctured by
-- the first movement after the balance last held a whole vial more than it does now; it is dated by
-- the earliest time of the movements since (a session's performed_at, else when the row was written),
-- so that its beyond-use day is never later than the real one. A lot whose draws emptied vials exactly
-- has no open vial.
WITH partial AS (
    SELECT l.id, mod(l.on_hand_ml, p.vial_ml) AS rest, (trunc(l.on_hand_ml / p.vial_ml) + 1) * p.vial_ml AS whole_above
      FROM public.lot l JOIN public.product p ON p.code = l.product_code
     WHERE NOT p.single_use AND l.status <> 'destroyed' AND mod(l.on_hand_ml, p.vial_ml) > 0
), last_whole AS (
    SELECT t.id AS lot_id, coalesce(max(m.id) FILTER (WHERE m.balance_after_ml >= t.whole_above), 0) AS movement_id
      FROM partial t JOIN public.stock_movement m ON m.lot_id = t.id
     GROUP BY t.id
), opened AS (
    SELECT w.lot_id, min(coalesce(s.performed_at, m.recorded_at)) AS opened_at
      FROM last_whole w
      JOIN public.stock_movement m ON m.lot_id = w.lot_id AND m.id > w.movement_id
      LEFT JOIN public.session s ON s.id = m.session_id
     GROUP BY w.lot_id
)
INSERT INTO public.vial (lot_id, opened_at, content_ml, remaining_ml, recorded_at, recorded_by, recorded_login)
SELECT t.id, o.opened_at, t.rest, t.rest, pg_catalog.now(), 'meso db migrate', session_user
  FROM partial t JOIN opened o ON o.lot_id = t.id
 ORDER BY t.id;

-- ---------------------------------------------------------------------------------------------
-- Rules on single rows, the clock tolerance named once. Back-dated facts lie within the year (366
-- days) before and the clock tolerance after when their row was written: a session's performed_at,
-- a lot's first arrival and each receipt's received_at (Schema/0012's constraints, restated with
-- meso_clock_tolerance). A destruction of a lot's sealed vials writes off everything the lot held;
-- one of an open vial (vial_id) empties that vial, the sealed vials' row coming last.
ALTER TABLE public.session DROP CONSTRAINT session_performed_at_bounded;
ALTER TABLE public.session ADD CONSTRAINT session_performed_at_bounded CHECK (
    performed_at <= recorded_at + public.meso_clock_tolerance()
    AND performed_at >= recorded_at - interval '366 days' - public.meso_clock_tolerance()) NOT VALID;
ALTER TABLE public.lot DROP CONSTRAINT lot_received_at_bounded;
ALTER TABLE public.lot ADD CONSTRAINT lot_received_at_bounded CHECK (
    received_at <= recorded_at + public.meso_clock_tolerance()
    AND received_at >= recorded_at - interval '366 days' - public.meso_clock_tolerance()) NOT VALID;
ALTER TABLE public.lot_receipt ADD CONSTRAINT lot_receipt_received_at_bounded CHECK (
    received_at <= recorded_at + public.meso_clock_tolerance()
    AND received_at >= recorded_at - interval '366 days' - public.meso_clock_tolerance()) NOT VALID;
ALTER TABLE public.stock_movement DROP CONSTRAINT stock_movement_shape;
ALTER TABLE public.stock_movement ADD CONSTRAINT stock_movement_shape CHECK (
    (session_id IS NULL) = (patient_id IS NULL)
    AND (kind = 'reversal') = (reverses_id IS NOT NULL)
    AND (kind NOT IN ('receipt', 'count-adjustment', 'destruction') OR session_id IS NULL)
    AND (kind <> 'destruction' OR balance_after_ml = 0 OR vial_id IS NOT NULL)) NOT VALID;

DO $$
DECLARE
    rule record;
BEGIN
    FOR rule IN SELECT * FROM (VALUES ('session', 'session_performed_at_bounded'),
                                      ('lot', 'lot_received_at_bounded'),
                                      ('lot_receipt', 'lot_receipt_received_at_bounded'),
                                      ('stock_movement', 'stock_movement_shape')) AS r(table_name, constraint_name) LOOP
        BEGIN
            EXECUTE format('ALTER TABLE public.%I VALIDATE CONSTRAINT %I', rule.table_name, rule.constraint_name);
        EXCEPTION WHEN check_violation THEN
            RAISE NOTICE 'Rows of % break %: audit verify lists them.', rule.table_name, rule.constraint_name;
        END;
    END LOOP;
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- The rule: whether a lot (a new vial, or whole single-use vials) or an open vial may be drawn for a
-- session at a time.

-- An open vial's beyond-use day: the clinic day it was opened plus the in-use period, or the lot's
-- expiry if that comes first. It may be drawn through that day, never after.
CREATE FUNCTION public.meso_beyond_use_day(opened_at timestamptz, in_use_days integer, expiry date) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT least(public.meso_clinic_day(opened_at) + in_use_days, expiry)
$$;

-- NULL when the lot (opened_at NULL: its sealed stock) or the vial opened at opened_at may be drawn for a
-- session at at_time; else why not: 'quarantined', 'recalled', 'destroyed', 'expired' or 'beyond-use'.
-- Quantities are not judged here: the planner and the ledger's constraints weigh them.
--
-- The status: a session within the clock tolerance of now is judged by the lot's status now (a recall
-- made a minute ago on the server binds a client whose clock runs behind); a session further in the
-- past by the status the lot had then (lot_status_at), so that a session typed in after a recall can
-- record the lot injected before it and put its patient on the recall list. With released_now_too
-- (meso's own first-expiry-first-out choice) the lot must also be released now: meso never picks a lot
-- recalled since on its own; only a lot the practitioner names. Expiry and beyond-use are judged on the
-- clinic's day of at_time. A vial opened after at_time was not open then: drawing it then opens it.
CREATE FUNCTION public.meso_draw_refusal(of_lot bigint, opened_at timestamptz, at_time timestamptz,
                                         released_now_too boolean) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    current_status text;
    judged text;
    lot_expiry date;
    in_use integer;
    day date;
BEGIN
    SELECT l.status, l.expiry, p.in_use_days INTO current_status, lot_expiry, in_use
      FROM public.lot l JOIN public.product p ON p.code = l.product_code
     WHERE l.id = of_lot;
    IF NOT FOUND THEN
        RETURN 'destroyed';
    END IF;
    judged := current_status;
    IF current_status <> 'destroyed' AND at_time < pg_catalog.now() - public.meso_clock_tolerance()
       AND (current_status = 'released' OR NOT released_now_too) THEN
        judged := coalesce(public.lot_status_at(of_lot, at_time), current_status);
    END IF;
    IF judged <> 'released' THEN
        RETURN judged;
    END IF;
    day := public.meso_clinic_day(at_time);
    IF lot_expiry < day THEN
        RETURN 'expired';
    END IF;
    IF opened_at IS NOT NULL AND opened_at <= at_time
       AND public.meso_beyond_use_day(opened_at, in_use, lot_expiry) < day THEN
        RETURN 'beyond-use';
    END IF;
    RETURN NULL;
END;
$$;

-- A lot's open vials as a session at at_time sees them, in the order it draws them: first beyond-use
-- day first (a vial opened after at_time counts as opened then), then the earliest opened. refusal is
-- meso_draw_refusal's for each. The ledger trigger draws the first one with no refusal; the planner
-- plans in this order.
CREATE FUNCTION public.lot_open_vials(of_lot bigint, at_time timestamptz, released_now_too boolean)
RETURNS TABLE (draw_order bigint, vial_id bigint, opened_at timestamptz, remaining_ml numeric, beyond_use_day date,
               refusal text)
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT row_number() OVER (ORDER BY o.beyond_use_day, o.opened_at, o.id), o.id, o.opened_at, o.remaining_ml,
           o.beyond_use_day, public.meso_draw_refusal(of_lot, o.opened_at, at_time, released_now_too)
      FROM (SELECT v.id, v.opened_at, v.remaining_ml,
                   public.meso_beyond_use_day(least(v.opened_at, at_time), p.in_use_days, l.expiry) AS beyond_use_day
              FROM public.vial v
              JOIN public.lot l ON l.id = v.lot_id
              JOIN public.product p ON p.code = l.product_code
             WHERE v.lot_id = of_lot AND v.remaining_ml > 0) o
$$;

-- How a session's draw of drawn_ml (negative, as the ledger writes it) from a lot at at_time is taken
-- vial by vial: from the lot's open vials in the order lot_open_vials gives (those it refuses left
-- alone), each as far as it holds, then from new vials (vial_id NULL), a whole vial at a time. Any other
-- movement, or a single-use lot, is one row as given. `session record` writes its ledger rows through
-- it, so that what it writes is split by the rule, on the rows its locks hold.
CREATE FUNCTION public.lot_vial_draws(of_lot bigint, movement_kind text, drawn_ml numeric, at_time timestamptz)
RETURNS TABLE (vial_id bigint, quantity_ml numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    need numeric := -drawn_ml;
    vial_size numeric;
    multi_dose boolean;
    open_vial record;
    taken numeric;
BEGIN
    SELECT p.vial_ml, NOT p.single_use INTO vial_size, multi_dose
      FROM public.lot l JOIN public.product p ON p.code = l.product_code WHERE l.id = of_lot;
    IF movement_kind <> 'session-use' OR NOT coalesce(multi_dose, false) OR need <= 0 THEN
        vial_id := NULL;
        quantity_ml := drawn_ml;
        RETURN NEXT;
        RETURN;
    END IF;
    FOR open_vial IN
        SELECT o.vial_id AS id, o.remaining_ml AS remaining
          FROM public.lot_open_vials(of_lot, at_time, false) o
         WHERE o.refusal IS NULL ORDER BY o.draw_order
    LOOP
        EXIT WHEN need <= 0;
        taken := least(open_vial.remaining, need);
        vial_id := open_vial.id;
        quantity_ml := -taken;
        RETURN NEXT;
        need := need - taken;
    END LOOP;
    WHILE need > 0 LOOP
        taken := least(vial_size, need);
        vial_id := NULL;
        quantity_ml := -taken;
        RETURN NEXT;
        need := need - taken;
    END LOOP;
    RETURN;
END;
$$;

-- The millilitres of a lot in sealed vials: its balance less what its open vials hold.
CREATE FUNCTION public.lot_sealed_ml(of_lot bigint) RETURNS numeric
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT l.on_hand_ml - coalesce((SELECT sum(v.remaining_ml) FROM public.vial v
                                     WHERE v.lot_id = l.id AND v.remaining_ml > 0), 0)
      FROM public.lot l WHERE l.id = of_lot
$$;

-- ---------------------------------------------------------------------------------------------
-- The functions that move a lot's caches and its vials run as meso_ledger (Schema/0012). Replacing
-- one, or giving a new one that owner, needs membership in meso_ledger and its CREATE on the schema:
-- both are given for this migration only and taken back at its end.
DO $$
BEGIN
    IF NOT pg_catalog.pg_has_role(current_user, 'meso_ledger', 'MEMBER') THEN
        EXECUTE pg_catalog.format('GRANT meso_ledger TO %I', current_user);
        PERFORM pg_catalog.set_config('meso.migration_joined_ledger', 'yes', true);
    END IF;
    GRANT CREATE ON SCHEMA public TO meso_ledger;
END;
$$;

-- meso_ledger reads what the rule and the vials need, opens vials and moves what they hold, and moves
-- a lot's first arrival to an earlier receipt.
GRANT SELECT ON public.product, public.clinic TO meso_ledger;
GRANT SELECT, INSERT ON public.vial TO meso_ledger;
GRANT UPDATE (remaining_ml, opened_at) ON public.vial TO meso_ledger;
GRANT UPDATE (received_at) ON public.lot TO meso_ledger;

-- ---------------------------------------------------------------------------------------------
-- The ledger trigger: 0012's function with the rule above and vials.
--
-- A multi-dose lot's stock is its sealed vials and its open vials. Every ledger row of such a lot either
-- names an open vial (vial_id) and moves what that vial holds, or moves sealed vials, whole ones only:
-- - session-use draws from the lot's open vial drawn first (lot_open_vials) while one may be drawn, and
--   otherwise opens a sealed vial (a new vial row holding a full vial); the row records the vial, and a
--   row naming another vial is refused. A draw never takes more than the vial holds.
-- - waste names the open vial it was spilled from, or writes off whole sealed vials; `stock discard`
--   writes off open vials past their beyond-use day this way.
-- - a count adjusts the sealed vials, in whole vials: the open vials hold what their ledger says.
-- - a destruction writes off the sealed vials and each open vial, a row for each.
-- - a reversal puts back into the vial (or the sealed vials) the row it reverses took from.
-- Single-use lots have no open vials: a session opens and empties them, wasting the rest.
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

-- ---------------------------------------------------------------------------------------------
-- Receiving: a receipt row writes its ledger row, in the same statement, whoever inserts it. It runs
-- as the writer (the ledger's policies admit the pharmacist's receipt row) and locks the lot through
-- meso_lock_lots, the one lock order.
CREATE FUNCTION public.lot_receipt_apply() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    lot_row public.lot%ROWTYPE;
    vial_size numeric;
    lot_label text;
BEGIN
    SELECT * INTO lot_row FROM public.meso_lock_lots(ARRAY[NEW.lot_id]);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Lot % does not exist.', NEW.lot_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    lot_label := 'Lot ' || lot_row.lot_number || ' of ' || lot_row.product_code;
    IF lot_row.status IN ('recalled', 'destroyed') THEN
        RAISE EXCEPTION '% is %: a recalled or destroyed lot receives nothing.', lot_label, lot_row.status
            USING ERRCODE = 'MS040';
    END IF;
    IF lot_row.expiry < public.meso_clinic_day(NEW.received_at) THEN
        RAISE EXCEPTION '% expired on %, before this delivery arrived on %: an expired lot cannot be received.',
            lot_label, lot_row.expiry, public.meso_clinic_day(NEW.received_at) USING ERRCODE = 'MS041', COLUMN = 'received_at';
    END IF;
    SELECT p.vial_ml INTO vial_size FROM public.product p WHERE p.code = lot_row.product_code;
    NEW.received_ml := NEW.vials * vial_size;
    INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, reason, actor)
    VALUES (NEW.lot_id, 'receipt', NEW.received_ml, NEW.vials || ' × ' || pg_catalog.trim_scale(vial_size) || ' mL',
            NEW.recorded_by)
    RETURNING id INTO NEW.movement_id;
    RETURN NEW;
END;
$$;

-- A lot's received_at is its first arrival: a receipt that arrived earlier (a delivery typed in late
-- with --at) moves it. Runs as meso_ledger, the one role lot_guard lets change it.
CREATE FUNCTION public.lot_receipt_first_arrival() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE public.lot SET received_at = NEW.received_at WHERE id = NEW.lot_id AND received_at > NEW.received_at;
    RETURN NULL;
END;
$$;

CREATE TRIGGER lot_receipt_apply
    BEFORE INSERT ON public.lot_receipt
    FOR EACH ROW EXECUTE FUNCTION public.lot_receipt_apply();
CREATE TRIGGER meso_stamp
    BEFORE INSERT ON public.lot_receipt
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER lot_receipt_first_arrival
    AFTER INSERT ON public.lot_receipt
    FOR EACH ROW EXECUTE FUNCTION public.lot_receipt_first_arrival();
CREATE TRIGGER lot_receipt_append_only
    BEFORE UPDATE OR DELETE ON public.lot_receipt
    FOR EACH ROW EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER lot_receipt_no_truncate
    BEFORE TRUNCATE ON public.lot_receipt
    FOR EACH STATEMENT EXECUTE FUNCTION public.meso_refuse_change();

-- A pack is scanned with its receipt, in the transaction that writes it, and is a pack of the lot's
-- product.
CREATE FUNCTION public.lot_receipt_pack_apply() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    receipt_written timestamptz;
    product_gtin text;
BEGIN
    SELECT r.recorded_at, p.gtin INTO receipt_written, product_gtin
      FROM public.lot_receipt r
      JOIN public.lot l ON l.id = r.lot_id
      JOIN public.product p ON p.code = l.product_code
     WHERE r.id = NEW.receipt_id;
    IF NOT FOUND OR receipt_written <> pg_catalog.now() THEN
        RAISE EXCEPTION 'A pack is recorded with its receipt, in the same transaction.' USING ERRCODE = 'MS041';
    END IF;
    IF NEW.gtin IS DISTINCT FROM product_gtin THEN
        RAISE EXCEPTION 'The pack''s GTIN % is not the GTIN of the lot''s product.', NEW.gtin USING ERRCODE = 'MS041';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER lot_receipt_pack_apply
    BEFORE INSERT ON public.lot_receipt_pack
    FOR EACH ROW EXECUTE FUNCTION public.lot_receipt_pack_apply();
CREATE TRIGGER meso_stamp
    BEFORE INSERT ON public.lot_receipt_pack
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER lot_receipt_pack_append_only
    BEFORE UPDATE OR DELETE ON public.lot_receipt_pack
    FOR EACH ROW EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER lot_receipt_pack_no_truncate
    BEFORE TRUNCATE ON public.lot_receipt_pack
    FOR EACH STATEMENT EXECUTE FUNCTION public.meso_refuse_change();

-- A receipt row of the ledger belongs to a lot receipt, checked when the transaction commits: stock
-- does not arrive without when, how many vials and from whom.
CREATE FUNCTION public.stock_movement_receipt_recorded() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM public.lot_receipt r WHERE r.movement_id = NEW.id AND r.lot_id = NEW.lot_id) THEN
        RAISE EXCEPTION 'Ledger row % receives stock into lot % without its receipt (lot_receipt).', NEW.id, NEW.lot_id
            USING ERRCODE = 'MS006';
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER stock_movement_receipt_recorded
    AFTER INSERT ON public.stock_movement DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.kind = 'receipt') EXECUTE FUNCTION public.stock_movement_receipt_recorded();

-- A lot is received with a receipt, and its received_at is its earliest receipt (checked at commit).
CREATE OR REPLACE FUNCTION public.lot_has_receipt() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    first_arrival timestamptz;
    lot_arrival timestamptz;
BEGIN
    SELECT min(r.received_at) INTO first_arrival FROM public.lot_receipt r WHERE r.lot_id = NEW.id;
    IF first_arrival IS NULL THEN
        RAISE EXCEPTION 'Lot % of % was recorded without its receipt.', NEW.lot_number, NEW.product_code
            USING ERRCODE = 'MS006';
    END IF;
    SELECT l.received_at INTO lot_arrival FROM public.lot l WHERE l.id = NEW.id;
    IF lot_arrival <> first_arrival THEN
        RAISE EXCEPTION 'Lot % of % is recorded as received at %, but its first receipt arrived at %.',
            NEW.lot_number, NEW.product_code, lot_arrival, first_arrival USING ERRCODE = 'MS006';
    END IF;
    RETURN NULL;
END;
$$;

-- 0012's guard with the receipt columns gone. A lot's identity never changes. Its caches (balance,
-- status, and its first arrival, the earliest receipt) change only inside the functions that run as
-- meso_ledger: the ledger, status-change and first-arrival triggers.
CREATE OR REPLACE FUNCTION public.lot_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF (NEW.id, NEW.product_code, NEW.lot_number, NEW.expiry, NEW.received_by, NEW.recorded_at, NEW.recorded_login)
       IS DISTINCT FROM
       (OLD.id, OLD.product_code, OLD.lot_number, OLD.expiry, OLD.received_by, OLD.recorded_at, OLD.recorded_login) THEN
        RAISE EXCEPTION 'A lot''s identity cannot be changed once recorded.' USING ERRCODE = 'MS005';
    END IF;
    IF (NEW.on_hand_ml, NEW.status, NEW.status_changed_at, NEW.received_at)
       IS DISTINCT FROM (OLD.on_hand_ml, OLD.status, OLD.status_changed_at, OLD.received_at)
       AND current_user <> 'meso_ledger' THEN
        RAISE EXCEPTION 'A lot''s balance, status and first arrival change only by recording a stock movement, a status change or a receipt.'
            USING ERRCODE = 'MS004';
    END IF;
    RETURN NEW;
END;
$$;

-- A vial row is written by the ledger trigger alone, which runs as meso_ledger: it opens a vial (a
-- session's draw from a sealed one) and moves what the vial holds and when it was first drawn with
-- the ledger rows that name it (audit verify proves them). When and by which login are the server's.
-- A vial's identity never changes, it was opened no later than first recorded, and it is never
-- deleted, whoever writes (the schema's owner included).
CREATE TRIGGER meso_stamp
    BEFORE INSERT ON public.vial
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');

CREATE FUNCTION public.vial_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'A vial is never deleted: it is emptied or written off through the ledger.' USING ERRCODE = 'MS001';
    END IF;
    IF TG_OP = 'UPDATE'
       AND ((NEW.id, NEW.lot_id, NEW.content_ml, NEW.opened_by_session, NEW.recorded_at, NEW.recorded_by, NEW.recorded_login)
            IS DISTINCT FROM
            (OLD.id, OLD.lot_id, OLD.content_ml, OLD.opened_by_session, OLD.recorded_at, OLD.recorded_by, OLD.recorded_login)
            OR NEW.opened_at > OLD.opened_at) THEN
        RAISE EXCEPTION 'A vial''s identity cannot be changed, and it was opened no later than first recorded.'
            USING ERRCODE = 'MS005';
    END IF;
    IF current_user <> 'meso_ledger' THEN
        RAISE EXCEPTION 'A vial is opened, and what it holds moves, only by recording a stock movement.'
            USING ERRCODE = 'MS004';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER vial_guard
    BEFORE INSERT OR UPDATE OR DELETE ON public.vial
    FOR EACH ROW EXECUTE FUNCTION public.vial_guard();
CREATE TRIGGER vial_no_truncate
    BEFORE TRUNCATE ON public.vial
    FOR EACH STATEMENT EXECUTE FUNCTION public.meso_refuse_change();

-- ---------------------------------------------------------------------------------------------
-- Grants: the pharmacist records receipts and their packs; nobody writes vials but the ledger trigger.
GRANT SELECT ON public.lot_receipt, public.lot_receipt_pack, public.vial
    TO meso_pharmacist, meso_practitioner, meso_auditor;
GRANT INSERT ON public.lot_receipt, public.lot_receipt_pack TO meso_pharmacist;

-- The first-arrival trigger runs as meso_ledger, then the migration gives back what it borrowed.
REVOKE ALL ON FUNCTION public.lot_receipt_first_arrival() FROM PUBLIC;
DO $$
BEGIN
    ALTER FUNCTION public.lot_receipt_first_arrival() OWNER TO meso_ledger;
    REVOKE CREATE ON SCHEMA public FROM meso_ledger;
    IF pg_catalog.current_setting('meso.migration_joined_ledger', true) = 'yes' THEN
        EXECUTE pg_catalog.format('REVOKE meso_ledger FROM %I', current_user);
        PERFORM pg_catalog.set_config('meso.migration_joined_ledger', '', true);
    END IF;
END;
$$;
