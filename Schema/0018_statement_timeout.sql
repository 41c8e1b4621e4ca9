-- meso 0018: a statement of any login connected to meso's database ends after 10 minutes.
--
-- Beside 0012's lock_timeout (30 s) and idle_in_transaction_session_timeout (10 min), a default
-- statement_timeout bounds how long a login's runaway statement holds what it locked. It is set on the
-- database because a setting on a group role does not reach its members. meso's own connections set
-- their own, shorter timeouts; a login may still SET its own for its session (docs/design.md, "What a
-- login can still do"), and the owner does so for a longer maintenance statement.
DO $$
BEGIN
    EXECUTE pg_catalog.format('ALTER DATABASE %I SET statement_timeout = %L', pg_catalog.current_database(), '10min');
END;
$$;
