-- meso 0001: functions the later migrations build on.
--
-- Rules of the schema (DESIGN.md, "Storage rules"):
--   * quantities are numeric in the product's base unit (mL), never integers or floats;
--   * history tables are append-only: a trigger refuses UPDATE, DELETE and TRUNCATE;
--   * cached state (a lot's balance, its status) changes only through the event row that
--     explains it, in the same statement, enforced by triggers rather than by convention.
--
-- SQLSTATEs raised by meso's own rules use class MS so that clients can match them:
--   MS001 append-only table changed      MS002 unusable lot drawn for a session
--   MS003 lot status change not allowed  MS004 cached column changed outside its event
--   MS005 immutable row changed          MS006 incomplete record at commit

CREATE FUNCTION meso_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The table % is append-only: % is not allowed; write a correcting row instead.',
        TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'MS001', TABLE = TG_TABLE_NAME;
END;
$$;

COMMENT ON FUNCTION meso_refuse_change() IS
    'Trigger function for append-only tables: refuses UPDATE, DELETE and TRUNCATE.';

-- GS1 mod-10 check digit of a GTIN-14: digits 1..13 weighted 3,1,3,... from the left.
CREATE FUNCTION meso_gtin_is_valid(gtin text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT gtin ~ '^[0-9]{14}$'
       AND (10 - (SELECT sum(substr(gtin, i, 1)::int * CASE WHEN i % 2 = 1 THEN 3 ELSE 1 END)
                    FROM generate_series(1, 13) AS i) % 10) % 10
           = substr(gtin, 14, 1)::int
$$;

-- True when text holds no control character (a tab or newline in a name breaks every table).
CREATE FUNCTION meso_is_printable(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT value !~ '[\x01-\x1f\x7f]'
$$;
