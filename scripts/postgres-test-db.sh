#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 cluster and creates the test role and database; safe to run again.
set -euo pipefail
# Only the URL may reach stdout: callers capture it.
exec 3>&1 1>&2
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "PostgreSQL no está instalado (pg_ctlcluster no existe)" >&2
  exit 1
fi
# The server outlives this script: it must not inherit any descriptor of ours, or a caller
# reading our stdout (`url=$(...)`) or a CI runner reading its pipes waits for it forever.
start_detached() {
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
    done
    exec setsid "$@"
  ) </dev/null >/dev/null 2>&1
}
if ! pg_lsclusters -h 2>/dev/null | awk '$1=="15" && $2=="main" {print $4}' | grep -q online; then
  start_detached pg_ctlcluster 15 main start || { echo "No se pudo iniciar PostgreSQL 15" >&2; exit 1; }
fi
as_postgres() { runuser -u postgres -- "$@"; }
for _ in $(seq 1 30); do
  as_postgres psql -qAtc "select 1" >/dev/null 2>&1 && break
  sleep 1
done
if [ "$(as_postgres psql -qAtc "select 1 from pg_roles where rolname='moad'")" != "1" ]; then
  as_postgres psql -qc "create role moad login password 'moad' superuser"
fi
if [ "$(as_postgres psql -qAtc "select 1 from pg_database where datname='moad_test'")" != "1" ]; then
  as_postgres createdb -O moad moad_test
fi
echo "postgresql+psycopg://moad:moad@127.0.0.1:5432/moad_test" >&3
