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
-- It creates the subscription (copying the existing rows first) only when none of that name exists;
-- an existing one is left as it is, so a rerun never copies the data twice.
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

SELECT :'publisher' ~ '(^|\s)sslmode=(require|verify-ca|verify-full)(\s|$)' AS publisher_uses_tls \gset
\if :publisher_uses_tls
\else
  DO $$ BEGIN RAISE EXCEPTION 'subscription.sql: the publisher conninfo must set sslmode=require, verify-ca or verify-full'; END $$;
\endif

SELECT format(
  'CREATE SUBSCRIPTION %I CONNECTION %L PUBLICATION %I WITH (copy_data = true)',
  :'subscription', :'publisher', :'publication'
)
WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_subscription WHERE subname = :'subscription')
\gexec

SELECT subname, subenabled FROM pg_catalog.pg_subscription WHERE subname = :'subscription';
