-- meso 0006: a lot's status history starts at its receipt.
--
-- 0002 records every status *change*, so a lot received into quarantine and never released had no
-- row at all, and "the lot's status is the last of its lot_status_change rows" did not hold for it.
-- The first row of a lot's history may now record the status it was received in: from_status NULL,
-- to_status the lot's current status, written in the transaction that received the lot (its
-- received_at is that transaction's now()). Every other row is still a transition among those a
-- pharmacy makes.

CREATE OR REPLACE FUNCTION lot_status_change_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    current text;
    lot_label text;
    received timestamptz;
BEGIN
    SELECT status, lot_number || ' of ' || product_code, received_at INTO current, lot_label, received
      FROM lot WHERE id = NEW.lot_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Lot % does not exist.', NEW.lot_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NEW.to_status = current AND received = now()
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
