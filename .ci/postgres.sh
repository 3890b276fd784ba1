#!/usr/bin/env bash
# Install (Debian's postgresql) and start a local PostgreSQL, and (re)create one empty database.
# Usage: .ci/postgres.sh DBNAME   -> prints the DATABASE_URL to use. Needs root, as in CI.
set -euo pipefail
db="${1:-vluchtwijzer}"
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
fi
version=$(ls /etc/postgresql | sort -V | tail -n 1)
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do su postgres -c "pg_isready -q" && break; sleep 1; done
su postgres -c "psql -v ON_ERROR_STOP=1 -q" >&2 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vluchtwijzer') THEN
    CREATE ROLE vluchtwijzer LOGIN CREATEDB PASSWORD 'vluchtwijzer';
  END IF;
END $$;
SQL
su postgres -c "dropdb --if-exists $db && createdb -O vluchtwijzer $db" >&2
echo "postgres://vluchtwijzer:vluchtwijzer@127.0.0.1:5432/$db"
