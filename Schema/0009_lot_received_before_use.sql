-- meso 0009: a session cannot use a lot that had not yet arrived.
--
-- A session may be back-dated (`session record --at`, up to a year) and a receipt too (`lot receive
-- --at`). 0004 judged a session-use row by the lot's status and expiry on the session's day only, so
-- a session back-dated to before a lot's receipt could draw that lot, putting on the lot's recall list
-- a patient who never received it. A session-use row is now refused (MS002) when the lot was received
-- more than 10 minutes after the session's performed_at: the clock tolerance of
-- Sources/MesoCore/Support/ClockTolerance.swift, since received_at and performed_at may come from
-- different machines' clocks.

-- 0004's function, with the receipt rule added after the status and expiry rules.
CREATE OR REPLACE FUNCTION stock_movement_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    lot_row lot%ROWTYPE;
    used_at timestamptz;
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
        SELECT performed_at INTO used_at FROM session WHERE id = NEW.session_id;
        used_at := coalesce(used_at, NEW.recorded_at);
        used_on := (used_at AT TIME ZONE 'UTC')::date;
        IF lot_row.status <> 'released' THEN
            RAISE EXCEPTION 'Lot % of % is % and cannot be used for a session.',
                lot_row.lot_number, lot_row.product_code, lot_row.status USING ERRCODE = 'MS002';
        END IF;
        IF lot_row.expiry < used_on THEN
            RAISE EXCEPTION 'Lot % of % expired on % and cannot be used for a session.',
                lot_row.lot_number, lot_row.product_code, lot_row.expiry USING ERRCODE = 'MS002';
        END IF;
        IF lot_row.received_at > used_at + interval '10 minutes' THEN
            RAISE EXCEPTION 'Lot % of % was not yet received at the session''s time %: it arrived at %.',
                lot_row.lot_number, lot_row.product_code,
                to_char(used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                to_char(lot_row.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                USING ERRCODE = 'MS002';
        END IF;
    END IF;
    NEW.balance_after_ml := lot_row.on_hand_ml;
    RETURN NEW;
END;
$$;

-- 0006 recognised the first status row of a lot, the status it was received in, by the lot's
-- received_at being the transaction's now(). A receipt recorded after the fact (`lot receive --at`)
-- has an earlier received_at, so the receiving transaction is now recognised by its receipt row in
-- the ledger, whose recorded_at is always when it was written. Otherwise 0006's function unchanged.
CREATE OR REPLACE FUNCTION lot_status_change_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    current text;
    lot_label text;
BEGIN
    SELECT status, lot_number || ' of ' || product_code INTO current, lot_label
      FROM lot WHERE id = NEW.lot_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Lot % does not exist.', NEW.lot_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NEW.to_status = current
       AND EXISTS (SELECT 1 FROM stock_movement
                    WHERE lot_id = NEW.lot_id AND kind = 'receipt' AND recorded_at = now())
       AND NOT EXISTS (SELECT 1 FROM lot_status_change WHERE lot_id = NEW.lot_id) THEN
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
    UPDATE lot SET status = NEW.to_status, status_changed_at = NEW.changed_at WHERE id = NEW.lot_id;
    RETURN NEW;
END;
$$;
