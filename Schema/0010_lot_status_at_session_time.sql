-- meso 0010: a session recorded after the fact is judged by the lot's status at the session's time.
--
-- A recall notice arrives at 11:00; the session performed at 10:00 is typed in at 11:30 with
-- `session record --at 10:00 --lot P:L`. Until now the lot's current status decided, so the session
-- was refused and its patient missed the recall list of the very lot they received. Now a session
-- more than the clock tolerance (10 minutes) in the past is judged by the status the lot had then,
-- read from its status history; a lot quarantined then and released since is refused for it. Closer
-- to now, the current status decides, as before. meso's FEFO plan asks more (released now and then),
-- so it never picks a lot recalled since on its own: only a lot the practitioner names.

-- The status a lot had at a time: its last status change at or before it, else, if it had arrived
-- by then, the status it was received in (a receipt typed in after the fact, `lot receive --at`, has
-- its first change dated when it was typed); NULL for a lot not yet in the clinic, which callers
-- judge by its status now.
CREATE FUNCTION lot_status_at(of_lot bigint, at_time timestamptz) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(
        (SELECT c.to_status FROM lot_status_change c
          WHERE c.lot_id = of_lot AND c.changed_at <= at_time
          ORDER BY c.changed_at DESC, c.id DESC LIMIT 1),
        (SELECT c.to_status FROM lot_status_change c JOIN lot l ON l.id = c.lot_id
          WHERE c.lot_id = of_lot AND l.received_at <= at_time
          ORDER BY c.id LIMIT 1))
$$;

-- 0004's function, with the status rule judged at the session's time when it is in the past.
CREATE OR REPLACE FUNCTION stock_movement_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    lot_row lot%ROWTYPE;
    used_at timestamptz;
    used_on date;
    judged_status text;
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
        -- Within the clock tolerance of now the lot is judged as it stands: a recall made a minute ago
        -- on the server's clock binds a session timed by a client clock that runs behind.
        IF used_at < now() - interval '10 minutes' THEN
            judged_status := coalesce(lot_status_at(lot_row.id, used_at), lot_row.status);
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
