-- The subscription of the standby cloud's server to the primary's publication (publication.sql).
-- Idempotent: run it on the subscriber as its owner (on Azure, the Entra administrator):
--
--   psql "<subscriber conninfo>" \
--     -v publisher='host=<primary host> hostaddr=<primary private IP> port=5432 dbname=<db> user=<replication role> password=<its password> sslmode=require' \
--     -f scripts/replication/subscription.sql
--
-- `publisher` is required and must ask for TLS (sslmode=require or stricter): the link is the
-- site-to-site VPN, and neither managed server can load the other cloud's CA, so verify-full is only
-- possible where the subscriber trusts the publisher's CA. `hostaddr` lets the subscriber connect
-- without resolving the publisher's private DNS name (a fail-back from Azure: AWS cannot resolve
-- Azure's private zone), while `host` stays the name TLS and the logs show.
-- It creates the subscription (copying the existing rows first, unless -v copy_data=false) only when
-- none of that name exists; an existing one is left as it is, so a rerun never copies the data twice.
-- A disabled one (after a failover) is left as well: drop it first (README, "Failover runbook").
\set ON_ERROR_STOP on
\if :{?publisher}
\else
  -- psql has no exit status of its own for \quit: an error under ON_ERROR_STOP exits with 3.
  DO $$ BEGIN RAISE EXCEPTION 'subscription.sql: set -v publisher=''host=... sslmode=require ...'' (the primary''s conninfo)'; END $$;
\endif
\if :{?subscription}
\else
  \set subscription platform
\endif
\if :{?publication}
\else
  \set publication platform
\endif
-- copy_data=false where the subscriber already holds the rows (a fail-back onto a restored copy).
\if :{?copy_data}
\else
  \set copy_data true
\endif

-- libpq takes the last sslmode of a conninfo (key=value, spaces allowed around =, or a URI's
-- ?sslmode=/&sslmode=); no sslmode at all means "prefer", which may fall back to plain text.
SELECT coalesce(
  (SELECT m[1] FROM regexp_matches(:'publisher', '(?:^|[\s?&])sslmode\s*=\s*''?([a-z-]+)', 'g')
     WITH ORDINALITY AS found(m, n) ORDER BY n DESC LIMIT 1),
  'prefer'
) IN ('require', 'verify-ca', 'verify-full') AS publisher_uses_tls \gset
\if :publisher_uses_tls
\else
  DO $$ BEGIN RAISE EXCEPTION 'subscription.sql: the publisher conninfo must set sslmode=require, verify-ca or verify-full'; END $$;
\endif

SELECT format(
  'CREATE SUBSCRIPTION %I CONNECTION %L PUBLICATION %I WITH (copy_data = %s)',
  :'subscription', :'publisher', :'publication',
  CASE WHEN (:'copy_data')::boolean THEN 'true' ELSE 'false' END
)
WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_subscription WHERE subname = :'subscription')
\gexec

SELECT subname, subenabled FROM pg_catalog.pg_subscription WHERE subname = :'subscription';
