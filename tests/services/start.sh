#!/usr/bin/env bash
# Starts the test servers on loopback: PostgreSQL 15 and Redis 7, data and logs in DIR.
# Writes DIR/env (KEY=VALUE lines) for the tests. Re-runnable: stops what it started before.
set -euo pipefail

DIR=${1:?usage: start.sh DIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
REDIS_SERVER=${REDIS_SERVER:-/usr/bin/redis-server}
SUPERUSER=postgres

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

bash "$HERE/stop.sh" "$DIR" >/dev/null 2>&1 || true
if [ -f "$DIR/pgroot" ]; then rm -rf "$(cat "$DIR/pgroot")"; fi
rm -rf "$DIR/pg" "$DIR/sock" "$DIR/redis" "$DIR/env" "$DIR/pgroot" "$DIR"/*.log
mkdir -p "$DIR/redis"

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

fail() {
    echo "start.sh: $*" >&2
    for f in "${PGLOG:-}" "$DIR/redis.log" "$DIR/initdb.log"; do
        [ -n "$f" ] && [ -f "$f" ] && { echo "---- $f" >&2; tail -n 50 "$f" >&2; }
    done
    exit 1
}

# PostgreSQL refuses to run as root: run it as the postgres OS user then. Its data and
# socket live in DIR unless that user cannot reach DIR (a clone under /root): then in a
# private directory under /tmp, whose path DIR/pgroot records for stop.sh.
AS=()
PGROOT=$DIR
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || fail "running as root but there is no 'postgres' OS user"
    AS=(runuser -u postgres --)
    chmod 755 "$DIR"
    if ! runuser -u postgres -- test -x "$DIR"; then
        PGROOT=$(mktemp -d /tmp/postscope-pg.XXXXXX)
        chmod 755 "$PGROOT"
        echo "$PGROOT" >"$DIR/pgroot"
    fi
fi
mkdir -p "$PGROOT/pg" "$PGROOT/sock"
[ "$(id -u)" = 0 ] && chown -R postgres: "$PGROOT/pg" "$PGROOT/sock"
PGLOG=$PGROOT/postgres.log

PG_PORT=$(free_port)
REDIS_PORT=$(free_port)
while [ "$REDIS_PORT" = "$PG_PORT" ]; do REDIS_PORT=$(free_port); done

"${AS[@]}" "$PGBIN/initdb" -D "$PGROOT/pg" -U "$SUPERUSER" --auth-local=trust --auth-host=trust \
    -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || fail "initdb failed"

# The superuser connects without a password; every other role over TCP must use SCRAM,
# so tests of wrong/right passwords are real.
cat >"$PGROOT/pg/pg_hba.conf" <<HBA
local all all trust
host  all $SUPERUSER 127.0.0.1/32 trust
host  all all 127.0.0.1/32 scram-sha-256
HBA
cat >>"$PGROOT/pg/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PGROOT/sock'
password_encryption = scram-sha-256
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
logging_collector = off
CONF
touch "$PGLOG"
[ "$(id -u)" = 0 ] && chown postgres: "$PGLOG"
"${AS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/pg" -l "$PGLOG" -w -t 60 start >/dev/null \
    || fail "PostgreSQL did not start"

"$REDIS_SERVER" --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DIR/redis" \
    --save '' --appendonly no --daemonize yes --pidfile "$DIR/redis.pid" \
    --logfile "$DIR/redis.log" --maxmemory-policy noeviction --databases 64 \
    || fail "redis-server did not start"

ok=
for _ in $(seq 1 150); do
    if pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -U "$SUPERUSER" \
        && [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; then
        ok=1; break
    fi
    sleep 0.2
done
[ -n "$ok" ] || fail "servers did not answer within 30 s"

cat >"$DIR/env" <<ENV
PG_HOST=127.0.0.1
PG_PORT=$PG_PORT
PG_SUPERUSER=$SUPERUSER
PG_ADMIN_URL=postgresql://$SUPERUSER@127.0.0.1:$PG_PORT/postgres
PG_SOCKET_DIR=$PGROOT/sock
REDIS_HOST=127.0.0.1
REDIS_PORT=$REDIS_PORT
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
SERVICES_DIR=$DIR
ENV
echo "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT (env: $DIR/env)"
