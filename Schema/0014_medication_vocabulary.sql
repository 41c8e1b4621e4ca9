-- meso 0014: the medication vocabulary the bleeding-risk rule matches, and medications that stop.
--
-- The pre-session check warns about medicines and supplements that make bruising and bleeding after
-- injections more likely. Clinics type them in English, French and Arabic, as substances and as brands,
-- with accents, clitics and letter variants: the check reads each record against a vocabulary of names
-- (terms), each naming a substance of a class, and each class carrying the washout during which a
-- stopped medication still counts. The reference catalog (Fixtures/) seeds the vocabulary; the
-- pharmacist extends it. Classes are part of the schema: the check's wording and washouts rest on them.
--
-- Names are compared in one normal form, computed here by PostgreSQL (meso_medication_words): Unicode
-- compatibility forms folded (NFKC: ligatures, full-width letters, Arabic presentation forms),
-- diacritics and Arabic harakat dropped, Arabic letter variants folded, lower case, and the words
-- separated by single spaces with a comma marking each break between clauses. The check matches words
-- in that form (Sources/MesoCore/Vocabulary/MedicationMatcher.swift).
--
-- SQLSTATE: MS030 a medication stop refused.

-- A name in its normal form: what the vocabulary stores for each term and what the check compares
-- each medication record with. Steps:
--   1. symbols that are not part of a name (™ ® ©) become spaces; œ æ ß become oe ae ss and the
--      Latin letters with a stroke (ø ł đ ħ) their base letter, since no decomposition covers them;
--   2. compatibility decomposition (NFKD), which also splits أ إ آ ؤ ئ into a letter and its hamza
--      or madda;
--   3. combining marks dropped (Latin accents, Arabic harakat, hamza and madda marks, superscript
--      alef, Quranic marks), with tatweel, the soft hyphen and zero-width characters;
--   4. Arabic letter variants folded (ٱ ى ی → ا ي ي, ة ۀ → ه, ک → ك) and Arabic-Indic digits made ASCII;
--   5. recomposed (NFC) and lower-cased;
--   6. clause breaks (, ; : brackets, a bar, a new line, the Arabic comma and semicolon) become the
--      word ","; every other character that is neither a letter nor a digit becomes a space;
--   7. spaces and breaks collapsed; none at either end.
-- Letters and digits are told apart by listing the separators, not by the database's locale, so the
-- words are the same whatever the collation; lower() follows the database's ctype for cased scripts
-- other than Latin (Greek, Cyrillic), which no seeded term uses.
-- IMMUTABLE: stored in medication_term.words; changing it means recomputing that column.
CREATE FUNCTION public.meso_medication_words(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.regexp_replace(
               pg_catalog.regexp_replace(pg_catalog.regexp_replace(
                   pg_catalog.lower(pg_catalog.normalize(pg_catalog.translate(pg_catalog.regexp_replace(
                       pg_catalog.normalize(
                           pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
                           pg_catalog.replace(pg_catalog.replace(
                               pg_catalog.translate(name, '™℠®©ØøŁłĐđĦħı', '    OoLlDdHhi'),
                               'Œ', 'oe'), 'œ', 'oe'), 'Æ', 'ae'), 'æ', 'ae'), 'ß', 'ss'), 'ẞ', 'ss'),
                           'NFKD'),
                       '[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F\u0610-\u061A\u061C\u0640\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E4\u06E7\u06E8\u06EA-\u06ED\u00AD\u200B-\u200F\u2060\uFEFF]',
                       '', 'g'),
                       'ٱىیةۀک٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹', 'اييههك01234567890123456789'), 'NFC')),
                   '[,;:()\[\]{}|\n\r\u060C\u061B\u2022]', ' , ', 'g'),
               '[\u0001-\u002B\u002D-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u00BF\u00D7\u00F7\u2000-\u2BFF\u2E00-\u2E7F\u3000-\u303F\u060D\u061F\u066A-\u066D\u06D4]+',
               ' ', 'g'),
           ' *(, *)+', ' , ', 'g'),
           '^[ ,]+|[ ,]+$', '', 'g'),
           ' +', ' ', 'g')
$$;

-- The part of a term every medication that names it must contain: its longest word without the Arabic
-- article or a Latin plural or French final e. The check reads only the terms whose key a patient's
-- medication contains (a cheap filter; the matcher decides), so the key must be a substring of any
-- form of the word the matcher accepts (the word itself, with clitics stripped, or its stem).
CREATE FUNCTION public.meso_medication_term_key(words text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_catalog.regexp_replace(pg_catalog.regexp_replace(w, '^ال', ''), 'e?s?$', '')
      FROM pg_catalog.regexp_split_to_table(words, ' ') AS w
     ORDER BY pg_catalog.length(w) DESC, w
     LIMIT 1
$$;

-- Classes of medicines by how they affect bleeding, each with the washout after a stop during which
-- the medication still counts, the source of that period, and the advice the check gives. A class
-- whose medicines are prescribed is never stopped by the clinic: its washout only matters when the
-- prescriber has stopped it. Sources are in README.md ("Bleeding risk") and Fixtures/README.md.
CREATE TABLE public.medication_class (
    code            text PRIMARY KEY CONSTRAINT medication_class_code_format CHECK (code ~ '^[a-z][a-z-]{1,39}$'),
    name            text NOT NULL,
    bleeding_risk   boolean NOT NULL,
    prescribed      boolean NOT NULL,
    washout_days    integer NOT NULL CONSTRAINT medication_class_washout_range CHECK (washout_days BETWEEN 0 AND 90),
    washout_source  text NOT NULL,
    advice          text NOT NULL
);

INSERT INTO public.medication_class (code, name, bleeding_risk, prescribed, washout_days, washout_source, advice) VALUES
('salicylate', 'salicylate', true, false, 7,
 'catalog-facts (non-prescribed products about 7 days); aspirin inhibits platelets for their lifespan: CHEST 2012 (9th ed.) weighs stopping it 7 to 10 days before surgery',
 'aspirin prescribed for the heart is never stopped by the clinic; otherwise it is usually stopped about 7 days before a session'),
('nsaid', 'NSAID', true, false, 7,
 'catalog-facts: non-prescribed products are usually stopped about 7 days before',
 'it is usually stopped about 7 days before a session'),
('antiplatelet', 'antiplatelet', true, true, 7,
 'ACC/AHA 2016 dual antiplatelet therapy update: clopidogrel and ticagrelor stopped at least 5 days, prasugrel at least 7 days before elective surgery; the class takes the longest',
 'it is prescribed and the clinic never stops it; expect more bruising and bleeding'),
('vitamin-k-antagonist', 'vitamin K antagonist', true, true, 5,
 'CHEST 2012 (9th ed.) and 2022: vitamin K antagonists are stopped 5 days before surgery',
 'it is prescribed and the clinic never stops it; expect more bruising and bleeding'),
('direct-oral-anticoagulant', 'direct oral anticoagulant', true, true, 4,
 'PAUSE (JAMA Intern Med 2019) and CHEST 2022: omitted 1 to 2 days before a procedure, up to 4 days for dabigatran with a creatinine clearance under 50 mL/min; the class takes the longest',
 'it is prescribed and the clinic never stops it; expect more bruising and bleeding'),
('heparin', 'heparin or LMWH', true, true, 2,
 'CHEST 2022: the last therapeutic dose of a low-molecular-weight heparin is given about 24 hours before surgery, counted here as 2 days; fondaparinux carries its own washout',
 'it is prescribed and the clinic never stops it; expect more bruising and bleeding'),
('ssri-snri', 'SSRI or SNRI', true, true, 14,
 'platelet serotonin recovers as platelets are renewed (7 to 10 days) once the drug is eliminated (about 5 half-lives, a week at most for all but fluoxetine, whose substance carries its own washout)',
 'it is prescribed and the clinic never stops it; expect more bruising'),
('supplement-herb', 'supplement or herb', true, false, 7,
 'catalog-facts: non-prescribed products are usually stopped about 7 days before (evening primrose oil about 2 weeks, carried by its substance)',
 'it is usually stopped about 7 days before a session; ask what it contains'),
('alcohol', 'alcohol', true, false, 7,
 'catalog-facts: alcohol is among the non-prescribed products usually stopped about 7 days before',
 'ask the patient not to drink in the days before and after the session'),
('blood-thinner', 'anticoagulant or antiplatelet', true, true, 7,
 'the longest washout of the antiplatelet, vitamin K antagonist, direct oral anticoagulant and heparin classes',
 'ask which one: it is prescribed and the clinic never stops it; expect more bruising and bleeding'),
('no-bleeding-risk', 'no known bleeding risk', false, false, 0,
 'none: a name the pharmacist has checked, recorded so that the check does not ask again',
 'no bleeding risk is known');

-- A substance (or what a group name stands for), its class, and its own washout where it differs
-- from its class's (fluoxetine, evening primrose oil, fondaparinux).
CREATE TABLE public.medication_substance (
    name            text PRIMARY KEY
                    CONSTRAINT medication_substance_name_format CHECK (length(name) BETWEEN 1 AND 100 AND public.meso_is_printable(name)),
    class_code      text NOT NULL REFERENCES public.medication_class,
    washout_days    integer CONSTRAINT medication_substance_washout_range CHECK (washout_days BETWEEN 0 AND 90),
    washout_source  text,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    recorded_by     text NOT NULL
                    CONSTRAINT medication_substance_recorded_by_format CHECK (length(recorded_by) BETWEEN 1 AND 200 AND public.meso_is_printable(recorded_by)),
    recorded_login  text NOT NULL DEFAULT session_user,
    CONSTRAINT medication_substance_washout_sourced CHECK ((washout_days IS NULL) = (washout_source IS NULL))
);
CREATE UNIQUE INDEX medication_substance_name_unique ON public.medication_substance (lower(name));

-- A name a medication may be recorded under: the substance in English, French or Arabic, a brand, or
-- a group name ("blood thinner"). Two terms never share a normal form.
CREATE TABLE public.medication_term (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    term            text NOT NULL
                    CONSTRAINT medication_term_term_format CHECK (length(term) BETWEEN 1 AND 200 AND public.meso_is_printable(term)),
    words           text NOT NULL GENERATED ALWAYS AS (public.meso_medication_words(term)) STORED
                    -- One name: something to match, and no clause break inside it.
                    CONSTRAINT medication_term_one_name CHECK (words <> '' AND strpos(words, ',') = 0)
                    CONSTRAINT medication_term_words_unique UNIQUE,
    match_key       text NOT NULL GENERATED ALWAYS AS (public.meso_medication_term_key(public.meso_medication_words(term))) STORED,
    substance       text NOT NULL REFERENCES public.medication_substance,
    language        text CONSTRAINT medication_term_language_known CHECK (language IN ('en', 'fr', 'ar')),
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    recorded_by     text NOT NULL
                    CONSTRAINT medication_term_recorded_by_format CHECK (length(recorded_by) BETWEEN 1 AND 200 AND public.meso_is_printable(recorded_by)),
    recorded_login  text NOT NULL DEFAULT session_user
);
CREATE INDEX medication_term_substance ON public.medication_term (substance);

-- A stop of a medication on a day of the clinic. The latest stop of a medication is its current one;
-- an earlier one stays as history (a corrected date is a new row).
CREATE TABLE public.patient_medication_stop (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    medication_id   bigint NOT NULL REFERENCES public.patient_medication,
    stopped_on      date NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    recorded_by     text NOT NULL
                    CONSTRAINT patient_medication_stop_recorded_by_format CHECK (length(recorded_by) BETWEEN 1 AND 200 AND public.meso_is_printable(recorded_by)),
    recorded_login  text NOT NULL DEFAULT session_user
);
CREATE INDEX patient_medication_stop_medication ON public.patient_medication_stop (medication_id, id);

-- A stop may not lie after the clinic's today: a stop is a fact, not a plan.
CREATE FUNCTION public.patient_medication_stop_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    today date := public.meso_clinic_day(pg_catalog.now());
BEGIN
    IF NEW.stopped_on > today THEN
        RAISE EXCEPTION '--on % is after today in the clinic (%): record a stop once it has happened.',
            NEW.stopped_on, today USING ERRCODE = 'MS030', COLUMN = 'stopped_on';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER patient_medication_stop_check
    BEFORE INSERT ON public.patient_medication_stop
    FOR EACH ROW EXECUTE FUNCTION public.patient_medication_stop_check();

-- When each row was written and by which login are the server's (0012's shared stamp).
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.medication_substance
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.medication_term
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER meso_stamp BEFORE INSERT ON public.patient_medication_stop
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');

-- History is append-only: a wrong term or stop is answered by a new row, never by an edit.
CREATE TRIGGER medication_class_append_only
    BEFORE UPDATE OR DELETE ON public.medication_class FOR EACH ROW EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER medication_class_no_truncate
    BEFORE TRUNCATE ON public.medication_class FOR EACH STATEMENT EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER medication_substance_append_only
    BEFORE UPDATE OR DELETE ON public.medication_substance FOR EACH ROW EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER medication_substance_no_truncate
    BEFORE TRUNCATE ON public.medication_substance FOR EACH STATEMENT EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER medication_term_append_only
    BEFORE UPDATE OR DELETE ON public.medication_term FOR EACH ROW EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER medication_term_no_truncate
    BEFORE TRUNCATE ON public.medication_term FOR EACH STATEMENT EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER patient_medication_stop_append_only
    BEFORE UPDATE OR DELETE ON public.patient_medication_stop FOR EACH ROW EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER patient_medication_stop_no_truncate
    BEFORE TRUNCATE ON public.patient_medication_stop FOR EACH STATEMENT EXECUTE FUNCTION public.meso_refuse_change();

-- Grants, each table's explicitly. Everyone who runs the check reads the vocabulary; the pharmacist
-- extends it; the classes are the schema owner's. Medications are patient clinical data: only the
-- practitioner reads them (0012) and their stops, and records stops.
REVOKE ALL ON public.medication_class, public.medication_substance, public.medication_term,
              public.patient_medication_stop
    FROM meso_pharmacist, meso_practitioner, meso_auditor;
GRANT SELECT ON public.medication_class, public.medication_substance, public.medication_term
    TO meso_pharmacist, meso_practitioner, meso_auditor;
GRANT INSERT ON public.medication_substance, public.medication_term TO meso_pharmacist;
GRANT USAGE ON SEQUENCE public.medication_term_id_seq TO meso_pharmacist;
GRANT SELECT, INSERT ON public.patient_medication_stop TO meso_practitioner;
GRANT USAGE ON SEQUENCE public.patient_medication_stop_id_seq TO meso_practitioner;
