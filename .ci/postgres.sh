#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the store tests and exports TOCSIN_TEST_POSTGRES_URL; stops it when the
# calling shell exits. Source it (`. .ci/postgres.sh`) from .ci/run, or run it by hand to get a server for
# `swift test`: `bash .ci/postgres.sh --foreground` prints the URL and keeps the server until Ctrl-C.
#
# The server runs as the `postgres` user when we are root (initdb refuses root), on the first free port from
# 55432, listening on 127.0.0.1 and on a Unix socket in its own /tmp folder, with password (SCRAM) login, so the
# tests exercise the same authentication as production.
set -euo pipefail

# initdb and the server write to /dev/null as the postgres user; a machine where it is missing or a plain file
# (seen on a shared machine) fails there with a cryptic "cannot create /dev/null", so say it plainly first.
if [ ! -c /dev/null ]; then
    if [ "$(id -u)" = "0" ]; then
        echo "warning: /dev/null was not a character device; recreating it" >&2
        rm -f /dev/null && mknod -m 666 /dev/null c 1 3
    else
        echo "error: /dev/null is not a character device here; PostgreSQL cannot start (mknod -m 666 /dev/null c 1 3)" >&2
        exit 1
    fi
fi

tocsin_pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

if [ -z "$(tocsin_pg_bin)" ] || [ ! -x "$(tocsin_pg_bin)/initdb" ]; then
    echo "== installing Debian's postgresql"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null
fi
TOCSIN_PG_BIN="$(tocsin_pg_bin)"

if [ "$(id -u)" = "0" ]; then
    if ! id postgres > /dev/null 2>&1; then useradd --system --no-create-home postgres; fi
    tocsin_pg_run() { runuser -u postgres -- "$@"; }
    TOCSIN_PG_OWNER=postgres
else
    tocsin_pg_run() { "$@"; }
    TOCSIN_PG_OWNER="$(id -un)"
fi

TOCSIN_PG_DIR="$(mktemp -d /tmp/tocsin-pg.XXXXXX)"
chmod 755 "$TOCSIN_PG_DIR"
chown "$TOCSIN_PG_OWNER" "$TOCSIN_PG_DIR"
TOCSIN_PG_PASSWORD="ci-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$TOCSIN_PG_PASSWORD" > "$TOCSIN_PG_DIR/pwfile"
chown "$TOCSIN_PG_OWNER" "$TOCSIN_PG_DIR/pwfile"

TOCSIN_PG_PORT=55432
while (echo > "/dev/tcp/127.0.0.1/$TOCSIN_PG_PORT") 2> /dev/null; do TOCSIN_PG_PORT=$((TOCSIN_PG_PORT + 1)); done

tocsin_pg_stop() {
    tocsin_pg_run "$TOCSIN_PG_BIN/pg_ctl" -D "$TOCSIN_PG_DIR/data" -m fast -w stop > /dev/null 2>&1 || true
    rm -rf "$TOCSIN_PG_DIR"
}
trap tocsin_pg_stop EXIT

tocsin_pg_run "$TOCSIN_PG_BIN/initdb" -D "$TOCSIN_PG_DIR/data" -U postgres --auth=scram-sha-256 \
    --pwfile="$TOCSIN_PG_DIR/pwfile" -E UTF8 --no-sync > "$TOCSIN_PG_DIR/initdb.log"
tocsin_pg_run "$TOCSIN_PG_BIN/pg_ctl" -D "$TOCSIN_PG_DIR/data" -l "$TOCSIN_PG_DIR/server.log" -w \
    -o "-p $TOCSIN_PG_PORT -k $TOCSIN_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200" start > /dev/null
PGPASSWORD="$TOCSIN_PG_PASSWORD" "$TOCSIN_PG_BIN/createdb" -h 127.0.0.1 -p "$TOCSIN_PG_PORT" -U postgres tocsin_test

export TOCSIN_TEST_POSTGRES_URL="postgres://postgres:${TOCSIN_PG_PASSWORD}@127.0.0.1:${TOCSIN_PG_PORT}/tocsin_test?sslmode=disable"
echo "== PostgreSQL $("$TOCSIN_PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$TOCSIN_PG_PORT (data in $TOCSIN_PG_DIR)"

if [ "${1:-}" = "--foreground" ]; then
    echo "TOCSIN_TEST_POSTGRES_URL=$TOCSIN_TEST_POSTGRES_URL"
    echo "(Ctrl-C or SIGTERM stops the server)"
    # wait, unlike a foreground sleep, lets a signal through at once; the EXIT trap then stops the server.
    trap 'kill "$tocsin_pg_sleep" 2> /dev/null; exit 0' INT TERM
    while true; do
        sleep 3600 &
        tocsin_pg_sleep=$!
        wait "$tocsin_pg_sleep"
    done
fi
