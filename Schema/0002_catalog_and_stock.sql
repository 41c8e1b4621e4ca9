-- meso 0002: the catalog (compounds, allergen groups, products) and the stock (lots and the
-- append-only ledger).

CREATE TABLE compound (
    code        text PRIMARY KEY
                CONSTRAINT compound_code_format CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
    name        text NOT NULL
                CONSTRAINT compound_name_format CHECK (length(name) BETWEEN 1 AND 200 AND meso_is_printable(name)),
    class       text NOT NULL
                CONSTRAINT compound_class_known CHECK (class IN (
                    'vitamin', 'amino-acid', 'mineral', 'coenzyme', 'nucleic-acid', 'antioxidant',
                    'glycosaminoglycan', 'anaesthetic', 'silicon', 'homeopathic', 'peptide', 'excipient')),
    role        text NOT NULL DEFAULT 'active'
                CONSTRAINT compound_role_known CHECK (role IN ('active', 'excipient')),
    source      text NOT NULL DEFAULT 'synthetic'
                CONSTRAINT compound_source_known CHECK (source IN (
                    'synthetic', 'bacterial-fermentation', 'avian', 'bovine', 'fish', 'plant', 'mineral')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL
);

-- Class links for the allergy check: an allergy to a group, or to one member, reaches every member.
CREATE TABLE allergen_group (
    code        text PRIMARY KEY
                CONSTRAINT allergen_group_code_format CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
    name        text NOT NULL
                CONSTRAINT allergen_group_name_format CHECK (length(name) BETWEEN 1 AND 200 AND meso_is_printable(name)),
    note        text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL
);

CREATE TABLE allergen_group_member (
    group_code     text NOT NULL REFERENCES allergen_group,
    compound_code  text NOT NULL REFERENCES compound,
    added_at       timestamptz NOT NULL DEFAULT now(),
    added_by       text NOT NULL,
    PRIMARY KEY (group_code, compound_code)
);
CREATE INDEX allergen_group_member_compound ON allergen_group_member (compound_code);

-- The most a patient may receive of a compound per procedure. A row with with_compound applies
-- instead of the plain one when the cocktail also contains that compound (lidocaine with epinephrine).
CREATE TABLE dose_limit (
    compound_code  text NOT NULL REFERENCES compound,
    mg_per_kg      numeric(8,3) NOT NULL CONSTRAINT dose_limit_per_kg_positive CHECK (mg_per_kg > 0),
    max_mg         numeric(10,3) NOT NULL CONSTRAINT dose_limit_max_positive CHECK (max_mg > 0),
    with_compound  text REFERENCES compound,
    CONSTRAINT dose_limit_one_per_case UNIQUE NULLS NOT DISTINCT (compound_code, with_compound)
);

CREATE TABLE product (
    code        text PRIMARY KEY
                CONSTRAINT product_code_format CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{0,39}$'),
    name        text NOT NULL
                CONSTRAINT product_name_format CHECK (length(name) BETWEEN 1 AND 200 AND meso_is_printable(name)),
    gtin        text CONSTRAINT product_gtin_unique UNIQUE
                CONSTRAINT product_gtin_valid CHECK (meso_gtin_is_valid(gtin)),
    vial_ml     numeric(10,3) NOT NULL CONSTRAINT product_vial_ml_range CHECK (vial_ml > 0 AND vial_ml <= 1000),
    single_use  boolean NOT NULL,
    reorder_ml  numeric(12,3) NOT NULL DEFAULT 0 CONSTRAINT product_reorder_ml_range CHECK (reorder_ml >= 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL
);

-- Strength of each compound per mL of the product. Immutable: what a vial contains must not
-- change under the sessions that injected it.
CREATE TABLE product_ingredient (
    product_code   text NOT NULL REFERENCES product,
    compound_code  text NOT NULL REFERENCES compound,
    amount         numeric(14,4) NOT NULL
                   CONSTRAINT product_ingredient_amount_range CHECK (amount > 0 AND amount <= 1000000),
    unit           text NOT NULL CONSTRAINT product_ingredient_unit_known CHECK (unit IN ('mg', 'ug', 'IU')),
    PRIMARY KEY (product_code, compound_code)
);
CREATE INDEX product_ingredient_compound ON product_ingredient (compound_code);

CREATE TRIGGER product_ingredient_append_only
    BEFORE UPDATE OR DELETE ON product_ingredient
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();

-- A lot of a product. on_hand_ml and status are caches: on_hand_ml is the sum of the lot's
-- ledger rows and changes only by inserting one; status changes only by inserting a
-- lot_status_change. Expired is not a status: it is derived from the date.
CREATE TABLE lot (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_code       text NOT NULL REFERENCES product,
    lot_number         text NOT NULL
                       CONSTRAINT lot_number_format CHECK (lot_number ~ '^[!-~]{1,20}$'),
    expiry             date NOT NULL,
    status             text NOT NULL
                       CONSTRAINT lot_status_known CHECK (status IN ('quarantined', 'released', 'recalled', 'destroyed')),
    on_hand_ml         numeric(12,3) NOT NULL DEFAULT 0
                       CONSTRAINT lot_on_hand_not_negative CHECK (on_hand_ml >= 0),
    vials_received     integer NOT NULL CONSTRAINT lot_vials_received_range CHECK (vials_received BETWEEN 1 AND 100000),
    received_ml        numeric(12,3) NOT NULL CONSTRAINT lot_received_ml_positive CHECK (received_ml > 0),
    supplier           text CONSTRAINT lot_supplier_format CHECK (length(supplier) BETWEEN 1 AND 200 AND meso_is_printable(supplier)),
    gs1_serial         text CONSTRAINT lot_gs1_serial_format CHECK (gs1_serial ~ '^[!-~]{1,20}$'),
    received_at        timestamptz NOT NULL DEFAULT now(),
    received_by        text NOT NULL,
    status_changed_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT lot_number_unique_per_product UNIQUE (product_code, lot_number),
    CONSTRAINT lot_not_expired_at_receipt CHECK (expiry >= (received_at AT TIME ZONE 'UTC')::date),
    CONSTRAINT lot_destroyed_is_empty CHECK (status <> 'destroyed' OR on_hand_ml = 0)
);
CREATE INDEX lot_product_expiry ON lot (product_code, expiry, id);

-- Every status change, with its reason: the lot's status is the last of these.
CREATE TABLE lot_status_change (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lot_id       bigint NOT NULL REFERENCES lot,
    from_status  text,
    to_status    text NOT NULL,
    reason       text NOT NULL CONSTRAINT lot_status_change_reason_present CHECK (length(reason) BETWEEN 1 AND 2000),
    changed_at   timestamptz NOT NULL DEFAULT now(),
    changed_by   text NOT NULL
);
CREATE INDEX lot_status_change_lot ON lot_status_change (lot_id, id);

-- The stock ledger. Append-only; each row carries the lot's balance after it, so that the
-- history can be checked for a negative point without replaying it.
CREATE TABLE stock_movement (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lot_id            bigint NOT NULL REFERENCES lot,
    kind              text NOT NULL
                      CONSTRAINT stock_movement_kind_known CHECK (kind IN (
                          'receipt', 'session-use', 'waste', 'count-adjustment', 'destruction', 'reversal')),
    quantity_ml       numeric(12,3) NOT NULL,
    balance_after_ml  numeric(12,3) NOT NULL
                      CONSTRAINT stock_movement_balance_not_negative CHECK (balance_after_ml >= 0),
    reason            text CONSTRAINT stock_movement_reason_length CHECK (length(reason) BETWEEN 1 AND 2000),
    actor             text NOT NULL,
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    session_id        bigint,
    patient_id        bigint,
    reverses_id       bigint REFERENCES stock_movement,
    CONSTRAINT stock_movement_sign CHECK (
        (kind = 'receipt' AND quantity_ml > 0)
        OR (kind IN ('session-use', 'waste', 'destruction') AND quantity_ml < 0)
        OR (kind = 'count-adjustment')
        OR (kind = 'reversal' AND quantity_ml > 0 AND reverses_id IS NOT NULL)),
    CONSTRAINT stock_movement_session_use_has_session CHECK (kind <> 'session-use' OR session_id IS NOT NULL),
    CONSTRAINT stock_movement_reason_required CHECK (kind IN ('receipt', 'session-use') OR reason IS NOT NULL)
);
CREATE INDEX stock_movement_lot ON stock_movement (lot_id, id);
CREATE INDEX stock_movement_session ON stock_movement (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX stock_movement_recorded_at ON stock_movement (recorded_at);

CREATE TRIGGER stock_movement_append_only
    BEFORE UPDATE OR DELETE ON stock_movement
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();
CREATE TRIGGER stock_movement_no_truncate
    BEFORE TRUNCATE ON stock_movement
    FOR EACH STATEMENT EXECUTE FUNCTION meso_refuse_change();
CREATE TRIGGER lot_status_change_append_only
    BEFORE UPDATE OR DELETE ON lot_status_change
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();
CREATE TRIGGER lot_status_change_no_truncate
    BEFORE TRUNCATE ON lot_status_change
    FOR EACH STATEMENT EXECUTE FUNCTION meso_refuse_change();

-- Applies a ledger row to its lot in the same statement: the balance moves, the CHECK on
-- lot.on_hand_ml refuses a negative one (no oversell, whatever the client did), and the row
-- records the balance after it. The UPDATE takes the lot's row lock, so concurrent movements on
-- one lot queue up instead of losing each other's changes.
-- SECURITY DEFINER: a practitioner's role inserts session-use rows but may not update lots itself.
CREATE FUNCTION stock_movement_apply() RETURNS trigger
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
        used_on := (NEW.recorded_at AT TIME ZONE 'UTC')::date;
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

CREATE TRIGGER stock_movement_apply
    BEFORE INSERT ON stock_movement
    FOR EACH ROW EXECUTE FUNCTION stock_movement_apply();

-- Applies a status change to its lot, refusing the transitions a pharmacy does not make:
-- quarantined <-> released; quarantined or released -> recalled; anything but destroyed -> destroyed.
CREATE FUNCTION lot_status_change_apply() RETURNS trigger
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

CREATE TRIGGER lot_status_change_apply
    BEFORE INSERT ON lot_status_change
    FOR EACH ROW EXECUTE FUNCTION lot_status_change_apply();

-- A lot's identity and receipt never change, and its caches change only from the two triggers
-- above (which run one trigger level deeper than a direct UPDATE).
CREATE FUNCTION lot_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.product_code IS DISTINCT FROM OLD.product_code
       OR NEW.lot_number IS DISTINCT FROM OLD.lot_number
       OR NEW.expiry IS DISTINCT FROM OLD.expiry
       OR NEW.vials_received IS DISTINCT FROM OLD.vials_received
       OR NEW.received_ml IS DISTINCT FROM OLD.received_ml
       OR NEW.received_at IS DISTINCT FROM OLD.received_at
       OR NEW.received_by IS DISTINCT FROM OLD.received_by
       OR NEW.gs1_serial IS DISTINCT FROM OLD.gs1_serial
       OR NEW.supplier IS DISTINCT FROM OLD.supplier THEN
        RAISE EXCEPTION 'A lot''s identity and receipt cannot be changed once recorded.' USING ERRCODE = 'MS005';
    END IF;
    IF pg_trigger_depth() < 2 AND (NEW.on_hand_ml IS DISTINCT FROM OLD.on_hand_ml
                                   OR NEW.status IS DISTINCT FROM OLD.status
                                   OR NEW.status_changed_at IS DISTINCT FROM OLD.status_changed_at) THEN
        RAISE EXCEPTION 'A lot''s balance and status change only by recording a stock movement or a status change.'
            USING ERRCODE = 'MS004';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER lot_guard
    BEFORE UPDATE ON lot
    FOR EACH ROW EXECUTE FUNCTION lot_guard();

CREATE TRIGGER lot_no_delete
    BEFORE DELETE ON lot
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();

-- A lot is received with its receipt in the ledger, checked when the transaction commits.
CREATE FUNCTION lot_has_receipt() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM stock_movement WHERE lot_id = NEW.id AND kind = 'receipt') THEN
        RAISE EXCEPTION 'Lot % of % was recorded without its receipt in the ledger.',
            NEW.lot_number, NEW.product_code USING ERRCODE = 'MS006';
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER lot_has_receipt
    AFTER INSERT ON lot DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION lot_has_receipt();
