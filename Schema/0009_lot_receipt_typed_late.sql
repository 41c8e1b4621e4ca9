-- meso 0009: lots received after the fact (`lot receive --at`).
--
-- A delivery typed in later than it arrived carries its arrival in lot.received_at, so that a
-- session recorded after the fact plans from the lots that were in the clinic at its time (the
-- planner puts them first; a draw from a lot received since is reported, not refused).

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
