#!/usr/bin/env bash
# Start a throwaway PostgreSQL (Debian's package) on 127.0.0.1 for the storage tests; print its URL.
# Usage: eval "$(.ci/postgres.sh start)"   ...   .ci/postgres.sh stop
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
DIR=${CCPL_PG_DIR:-/tmp/ccpl-postgres}
PORT=${CCPL_PG_PORT:-54329}
case "${1:-start}" in
  start)
    if [ -f "$DIR/data/postmaster.pid" ]; then  # never delete a running cluster's files
      runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null || true
    fi
    rm -rf "$DIR" && mkdir -p "$DIR" && chown postgres "$DIR"
    runuser -u postgres -- "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres >/dev/null
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" start >/dev/null
    runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" ccpl_test
    echo "export CCPL_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:$PORT/ccpl_test"
    ;;
  stop)
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null || true
    ;;
esac
