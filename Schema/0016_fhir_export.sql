-- meso 0016: what the FHIR export needs of the database.
--
-- 1. Compounds carry codes from public systems (an ATC code, a SNOMED CT concept) beside meso's
--    own, so that an EMR or a regulator reading an exported allergy or Medication recognises the
--    substance. The codes a compound carries are derived from an append-only history of additions
--    and removals, each with who (actor and login) and when (the server's clock).
-- 2. A compound's name is corrected through an append-only change row that keeps the name before.
-- 3. Exporting is a privilege of its own: a practitioner exports a patient's record, a practitioner
--    or an auditor a lot's recall. The two functions below are what an export calls first (they
--    return the clinic's identifier system, under which every exported identifier lives); EXECUTE
--    on them is granted to those roles only, so the database refuses anyone else. The tables an
--    export then reads are read with the caller's own privileges.
--
-- SQLSTATEs: MS050 a public code added twice or removed while absent; MS051 a compound renamed to
-- the name it has, or renamed while unknown.

-- Every addition and removal of a public code. The compound's codes are those whose last row is
-- an addition (compound_coding below).
CREATE TABLE public.compound_coding_change (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    compound_code   text NOT NULL REFERENCES public.compound,
    -- An absolute URI naming the code system (http://www.whocc.no/atc, http://snomed.info/sct):
    -- a scheme, then printable ASCII without spaces or '|', which separates SYSTEM from CODE.
    system          text NOT NULL
                    CONSTRAINT compound_coding_change_system_format
                    CHECK (system ~ '^[a-z][a-z0-9+.-]*:[!-{}~]+$' AND length(system) <= 255),
    -- A FHIR code: no leading or trailing space, no run of spaces, nothing unprintable.
    code            text NOT NULL
                    CONSTRAINT compound_coding_change_code_format
                    CHECK (code ~ '^[!-~]+( [!-~]+)*$' AND length(code) <= 100),
    change          text NOT NULL CONSTRAINT compound_coding_change_change_known CHECK (change IN ('added', 'removed')),
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    recorded_by     text NOT NULL
                    CONSTRAINT compound_coding_change_recorded_by_format
                    CHECK (length(recorded_by) BETWEEN 1 AND 200 AND public.meso_is_printable(recorded_by)),
    recorded_login  text NOT NULL DEFAULT session_user
);
CREATE INDEX compound_coding_change_compound ON public.compound_coding_change (compound_code, system, code, id);

-- The codes each compound carries now.
CREATE VIEW public.compound_coding AS
SELECT c.compound_code, c.system, c.code, c.recorded_at AS added_at, c.recorded_by AS added_by
  FROM (SELECT DISTINCT ON (compound_code, system, code) *
          FROM public.compound_coding_change
         ORDER BY compound_code, system, code, id DESC) c
 WHERE c.change = 'added';

-- An addition of a code the compound carries, or a removal of one it does not, is refused (it would make the history say something that did not
-- happen). Changes to one compound's codes queue behind a transaction lock of their own, so two
-- concurrent additions of one code cannot both find it absent.
CREATE FUNCTION public.compound_coding_change_apply() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    carried boolean;
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('compound_coding_change ' || NEW.compound_code));
    SELECT c.change = 'added' INTO carried
      FROM public.compound_coding_change c
     WHERE c.compound_code = NEW.compound_code AND c.system = NEW.system AND c.code = NEW.code
     ORDER BY c.id DESC LIMIT 1;
    carried := coalesce(carried, false);
    IF NEW.change = 'added' AND carried THEN
        RAISE EXCEPTION 'The compound % already carries the code % of %.', NEW.compound_code, NEW.code, NEW.system
            USING ERRCODE = 'MS050', COLUMN = 'code';
    ELSIF NEW.change = 'removed' AND NOT carried THEN
        RAISE EXCEPTION 'The compound % carries no code % of %, so it cannot be removed.', NEW.compound_code, NEW.code,
            NEW.system USING ERRCODE = 'MS050', COLUMN = 'code';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER compound_coding_change_apply
    BEFORE INSERT ON public.compound_coding_change
    FOR EACH ROW EXECUTE FUNCTION public.compound_coding_change_apply();
-- When and by which login are the server's.
CREATE TRIGGER meso_stamp
    BEFORE INSERT ON public.compound_coding_change
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER compound_coding_change_append_only
    BEFORE UPDATE OR DELETE ON public.compound_coding_change
    FOR EACH ROW EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER compound_coding_change_no_truncate
    BEFORE TRUNCATE ON public.compound_coding_change
    FOR EACH STATEMENT EXECUTE FUNCTION public.meso_refuse_change();

-- Every correction of a compound's name, with the name before; the compound's row takes the new
-- name in the same statement.
CREATE TABLE public.compound_name_change (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    compound_code   text NOT NULL REFERENCES public.compound,
    name_before     text,
    name_after      text NOT NULL
                    CONSTRAINT compound_name_change_name_format
                    CHECK (length(name_after) BETWEEN 1 AND 200 AND public.meso_is_printable(name_after)),
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    recorded_by     text NOT NULL
                    CONSTRAINT compound_name_change_recorded_by_format
                    CHECK (length(recorded_by) BETWEEN 1 AND 200 AND public.meso_is_printable(recorded_by)),
    recorded_login  text NOT NULL DEFAULT session_user
);
CREATE INDEX compound_name_change_compound ON public.compound_name_change (compound_code, id);

-- SECURITY DEFINER: the pharmacist corrects a name through this row and holds no UPDATE on compound.
CREATE FUNCTION public.compound_name_change_apply() RETURNS trigger
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
    UPDATE public.compound SET name = NEW.name_after WHERE code = NEW.compound_code;
    RETURN NEW;
END;
$$;
REVOKE ALL ON FUNCTION public.compound_name_change_apply() FROM PUBLIC;

CREATE TRIGGER compound_name_change_apply
    BEFORE INSERT ON public.compound_name_change
    FOR EACH ROW EXECUTE FUNCTION public.compound_name_change_apply();
CREATE TRIGGER meso_stamp
    BEFORE INSERT ON public.compound_name_change
    FOR EACH ROW EXECUTE FUNCTION public.meso_stamp('recorded_at', 'recorded_login');
CREATE TRIGGER compound_name_change_append_only
    BEFORE UPDATE OR DELETE ON public.compound_name_change
    FOR EACH ROW EXECUTE FUNCTION public.meso_refuse_change();
CREATE TRIGGER compound_name_change_no_truncate
    BEFORE TRUNCATE ON public.compound_name_change
    FOR EACH STATEMENT EXECUTE FUNCTION public.meso_refuse_change();

-- Everyone reads the catalog's codes and names; the pharmacist writes them.
GRANT SELECT ON public.compound_coding_change, public.compound_coding, public.compound_name_change
    TO meso_pharmacist, meso_practitioner, meso_auditor;
GRANT INSERT ON public.compound_coding_change, public.compound_name_change TO meso_pharmacist;
GRANT USAGE ON SEQUENCE public.compound_coding_change_id_seq, public.compound_name_change_id_seq TO meso_pharmacist;

-- The export's privileges. Each returns the clinic's identifier system, the first thing an export
-- reads; only the roles that may make that export may call it.
CREATE FUNCTION public.meso_fhir_patient_export() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT c.identifier_system FROM public.clinic c
$$;
CREATE FUNCTION public.meso_fhir_recall_export() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT c.identifier_system FROM public.clinic c
$$;
REVOKE ALL ON FUNCTION public.meso_fhir_patient_export() FROM PUBLIC;
REVOKE ALL ON FUNCTION public.meso_fhir_recall_export() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.meso_fhir_patient_export() TO meso_practitioner;
GRANT EXECUTE ON FUNCTION public.meso_fhir_recall_export() TO meso_practitioner, meso_auditor;
