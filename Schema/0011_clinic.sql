-- meso 0011: the clinic and its own calendar day.
--
-- Every day-based rule (a lot's expiry, the four months after facial surgery, the interval between
-- sessions, a course's due dates, a report's days) is judged on the clinic's local calendar day: a lot
-- expiring on the 4th is not usable on the morning of the 5th in the clinic, whatever the day is in UTC.
-- The clinic's time zone is a setting of the database, UTC until set, changed only by the schema's
-- owner (`meso clinic set`, run like `meso db migrate`), and every change is kept with who and when.
--
-- The same row carries the URI under which meso's identifiers are published to other systems
-- (FHIR `identifier.system`): a URN unique to this database until the clinic names its own.

CREATE TABLE clinic (
    singleton          boolean PRIMARY KEY DEFAULT true CONSTRAINT clinic_one_row CHECK (singleton),
    -- An IANA zone name (Area/City, or UTC): never an abbreviation or a POSIX offset, whose sign is the
    -- reverse of ISO 8601's and whose rules ignore daylight saving.
    time_zone          text NOT NULL DEFAULT 'UTC',
    identifier_system  text NOT NULL
                       CONSTRAINT clinic_identifier_system_format CHECK (identifier_system ~ '^[a-z][a-z0-9+.-]*:[!-~]+$' AND length(identifier_system) <= 300),
    changed_at         timestamptz NOT NULL DEFAULT now(),
    changed_by         text NOT NULL
                       CONSTRAINT clinic_changed_by_format CHECK (length(changed_by) BETWEEN 1 AND 200 AND meso_is_printable(changed_by)),
    changed_login      text NOT NULL DEFAULT session_user
);

-- Every change of a setting: the value before and after, who (the actor and the database login) and
-- when (the server's clock).
CREATE TABLE clinic_change (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    setting        text NOT NULL CONSTRAINT clinic_change_setting_known CHECK (setting IN ('time_zone', 'identifier_system')),
    value_before   text NOT NULL,
    value_after    text NOT NULL,
    changed_at     timestamptz NOT NULL,
    changed_by     text NOT NULL,
    changed_login  text NOT NULL
);

-- The zone must be one PostgreSQL knows by its full name; when and by whom are the server's.
CREATE FUNCTION clinic_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.time_zone <> 'UTC' AND (NEW.time_zone !~ '^[A-Z][A-Za-z]+(/[A-Za-z0-9_+-]+)+$'
        OR NOT EXISTS (SELECT FROM pg_catalog.pg_timezone_names WHERE name = NEW.time_zone)) THEN
        RAISE EXCEPTION 'The time zone % is not a zone name PostgreSQL knows (Area/City, such as Europe/Paris, or UTC).',
            pg_catalog.quote_literal(NEW.time_zone) USING ERRCODE = 'MS007', COLUMN = 'time_zone';
    END IF;
    NEW.changed_at := pg_catalog.now();
    NEW.changed_login := session_user;
    RETURN NEW;
END;
$$;

CREATE TRIGGER clinic_stamp
    BEFORE INSERT OR UPDATE ON clinic
    FOR EACH ROW EXECUTE FUNCTION clinic_stamp();

CREATE FUNCTION clinic_keep_history() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.time_zone IS DISTINCT FROM OLD.time_zone THEN
        INSERT INTO public.clinic_change (setting, value_before, value_after, changed_at, changed_by, changed_login)
        VALUES ('time_zone', OLD.time_zone, NEW.time_zone, NEW.changed_at, NEW.changed_by, NEW.changed_login);
    END IF;
    IF NEW.identifier_system IS DISTINCT FROM OLD.identifier_system THEN
        INSERT INTO public.clinic_change (setting, value_before, value_after, changed_at, changed_by, changed_login)
        VALUES ('identifier_system', OLD.identifier_system, NEW.identifier_system, NEW.changed_at, NEW.changed_by,
                NEW.changed_login);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER clinic_keep_history
    AFTER UPDATE ON clinic
    FOR EACH ROW EXECUTE FUNCTION clinic_keep_history();

CREATE TRIGGER clinic_no_delete
    BEFORE DELETE ON clinic
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();
CREATE TRIGGER clinic_no_truncate
    BEFORE TRUNCATE ON clinic
    FOR EACH STATEMENT EXECUTE FUNCTION meso_refuse_change();
CREATE TRIGGER clinic_change_append_only
    BEFORE UPDATE OR DELETE ON clinic_change
    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change();
CREATE TRIGGER clinic_change_no_truncate
    BEFORE TRUNCATE ON clinic_change
    FOR EACH STATEMENT EXECUTE FUNCTION meso_refuse_change();

INSERT INTO clinic (identifier_system, changed_by)
VALUES ('urn:uuid:' || gen_random_uuid()::text, 'meso db migrate');

-- The clinic's calendar day at a moment: what every day-based rule compares.
CREATE FUNCTION meso_clinic_day(at_time timestamptz) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT (at_time AT TIME ZONE c.time_zone)::date FROM public.clinic c
$$;

-- Everyone reads the settings; only the schema's owner changes them.
GRANT SELECT ON clinic, clinic_change TO meso_pharmacist, meso_practitioner, meso_auditor;
