-- meso 0003: cocktails (formulas, versioned and immutable) and patients with the facts the
-- pre-session check reads: allergies, conditions, medications.

CREATE TABLE formula (
    code        text PRIMARY KEY
                CONSTRAINT formula_code_format CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{0,39}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL
);

-- Changing a cocktail writes version n+1; a session records the version it used.
CREATE TABLE formula_version (
    formula_code       text NOT NULL REFERENCES formula,
    version            integer NOT NULL CONSTRAINT formula_version_positive CHECK (version >= 1),
    name               text NOT NULL
                       CONSTRAINT formula_version_name_format CHECK (length(name) BETWEEN 1 AND 200 AND meso_is_printable(name)),
    indication         text CONSTRAINT formula_version_indication_length CHECK (length(indication) BETWEEN 1 AND 2000),
    min_interval_days  integer NOT NULL DEFAULT 15
                       CONSTRAINT formula_version_interval_range CHECK (min_interval_days BETWEEN 1 AND 365),
    created_at         timestamptz NOT NULL DEFAULT now(),
    created_by         text NOT NULL,
    PRIMARY KEY (formula_code, version)
);

CREATE TABLE formula_component (
    formula_code  text NOT NULL,
    version       integer NOT NULL,
    position      smallint NOT NULL CONSTRAINT formula_component_position_positive CHECK (position >= 1),
    product_code  text NOT NULL REFERENCES product,
    volume_ml     numeric(10,3) NOT NULL
                  CONSTRAINT formula_component_volume_range CHECK (volume_ml > 0 AND volume_ml <= 50),
    PRIMARY KEY (formula_code, version, product_code),
    CONSTRAINT formula_component_position_unique UNIQUE (formula_code, version, position),
    FOREIGN KEY (formula_code, version) REFERENCES formula_version
);

CREATE TRIGGER formula_version_immutable
    BEFORE UPDATE OR DELETE ON formula_version
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();
CREATE TRIGGER formula_component_immutable
    BEFORE UPDATE OR DELETE ON formula_component
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();

-- A version without components would pass every check and inject nothing: refused at commit.
CREATE FUNCTION formula_version_has_components() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM formula_component
                    WHERE formula_code = NEW.formula_code AND version = NEW.version) THEN
        RAISE EXCEPTION 'Formula % version % has no components.', NEW.formula_code, NEW.version
            USING ERRCODE = 'MS006';
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER formula_version_has_components
    AFTER INSERT ON formula_version DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION formula_version_has_components();

CREATE TABLE patient (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mrn                 text NOT NULL CONSTRAINT patient_mrn_unique UNIQUE
                        CONSTRAINT patient_mrn_format CHECK (mrn ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$'),
    name                text NOT NULL
                        CONSTRAINT patient_name_format CHECK (length(name) BETWEEN 1 AND 200 AND meso_is_printable(name)),
    birth_date          date CONSTRAINT patient_birth_date_range CHECK (birth_date >= DATE '1900-01-01'),
    weight_kg           numeric(5,1) CONSTRAINT patient_weight_range CHECK (weight_kg > 0 AND weight_kg <= 400),
    -- unknown: nobody asked; none-known: asked, no allergy; listed: allergies are recorded.
    allergy_assessment  text NOT NULL DEFAULT 'unknown'
                        CONSTRAINT patient_allergy_assessment_known CHECK (allergy_assessment IN ('unknown', 'none-known', 'listed')),
    created_at          timestamptz NOT NULL DEFAULT now(),
    created_by          text NOT NULL
);

-- An allergy or intolerance to one compound or to a whole allergen group (FHIR AllergyIntolerance).
CREATE TABLE patient_allergy (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_id     bigint NOT NULL REFERENCES patient,
    compound_code  text REFERENCES compound,
    group_code     text REFERENCES allergen_group,
    criticality    text NOT NULL DEFAULT 'unable-to-assess'
                   CONSTRAINT patient_allergy_criticality_known CHECK (criticality IN ('high', 'low', 'unable-to-assess')),
    verification   text NOT NULL DEFAULT 'unconfirmed'
                   CONSTRAINT patient_allergy_verification_known CHECK (verification IN (
                       'confirmed', 'unconfirmed', 'refuted', 'entered-in-error')),
    reaction       text CONSTRAINT patient_allergy_reaction_length CHECK (length(reaction) BETWEEN 1 AND 2000),
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    recorded_by    text NOT NULL,
    CONSTRAINT patient_allergy_one_substance CHECK (num_nonnulls(compound_code, group_code) = 1)
);
CREATE INDEX patient_allergy_patient ON patient_allergy (patient_id);

-- Recording an allergy is itself an assessment: the patient's state becomes "listed".
CREATE FUNCTION patient_allergy_marks_listed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    UPDATE patient SET allergy_assessment = 'listed'
     WHERE id = NEW.patient_id AND allergy_assessment <> 'listed';
    RETURN NEW;
END;
$$;

CREATE TRIGGER patient_allergy_marks_listed
    AFTER INSERT ON patient_allergy
    FOR EACH ROW EXECUTE FUNCTION patient_allergy_marks_listed();

CREATE TABLE patient_condition (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_id   bigint NOT NULL REFERENCES patient,
    kind         text NOT NULL
                 CONSTRAINT patient_condition_kind_known CHECK (kind IN (
                     'facial-surgery', 'skin-disease', 'infection', 'inflammation', 'pregnancy', 'other')),
    onset        date,
    note         text CONSTRAINT patient_condition_note_length CHECK (length(note) BETWEEN 1 AND 2000),
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    recorded_by  text NOT NULL,
    -- The four-month rule needs the date of the operation.
    CONSTRAINT patient_condition_surgery_dated CHECK (kind <> 'facial-surgery' OR onset IS NOT NULL)
);
CREATE INDEX patient_condition_patient ON patient_condition (patient_id);

-- Medicines and supplements the patient takes, as named; the check matches bleeding risks by name.
CREATE TABLE patient_medication (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_id   bigint NOT NULL REFERENCES patient,
    name         text NOT NULL
                 CONSTRAINT patient_medication_name_format CHECK (length(name) BETWEEN 1 AND 200 AND meso_is_printable(name)),
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    recorded_by  text NOT NULL
);
CREATE INDEX patient_medication_patient ON patient_medication (patient_id);

CREATE TRIGGER patient_allergy_append_only
    BEFORE UPDATE OR DELETE ON patient_allergy
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();
CREATE TRIGGER patient_condition_append_only
    BEFORE UPDATE OR DELETE ON patient_condition
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();
CREATE TRIGGER patient_medication_append_only
    BEFORE UPDATE OR DELETE ON patient_medication
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();
