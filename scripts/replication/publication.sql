-- The publication the other cloud's server subscribes to: every table of the database, under one name.
-- Idempotent: run it on the current primary as its owner (on AWS, platform_admin, a member of
-- rds_superuser; on Azure after a failover, the Entra administrator), as often as you like:
--
--   psql "<primary conninfo>" -f scripts/replication/publication.sql
--
-- It creates the publication only when none of that name exists, and changes nothing otherwise.
\set ON_ERROR_STOP on
\if :{?publication}
\else
  \set publication platform
\endif

SELECT format('CREATE PUBLICATION %I FOR ALL TABLES', :'publication')
WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = :'publication')
\gexec

SELECT pubname, puballtables FROM pg_catalog.pg_publication WHERE pubname = :'publication';
