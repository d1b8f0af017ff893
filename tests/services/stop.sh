#!/usr/bin/env bash
# Stops the servers tests/services/start.sh started in DIR. Safe when nothing runs.
DIR=${1:?usage: stop.sh DIR}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -d "$DIR" ] || exit 0
DIR=$(cd "$DIR" && pwd)

PGROOT=$DIR
[ -f "$DIR/pgroot" ] && PGROOT=$(cat "$DIR/pgroot")
if [ -f "$PGROOT/pg/postmaster.pid" ]; then
    AS=()
    [ "$(id -u)" = 0 ] && AS=(runuser -u postgres --)
    "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/pg" -m fast -w -t 30 stop >/dev/null 2>&1 || {
        pid=$(head -n 1 "$PGROOT/pg/postmaster.pid" 2>/dev/null)
        [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
    }
fi

if [ -f "$DIR/redis.pid" ]; then
    pid=$(cat "$DIR/redis.pid" 2>/dev/null)
    port=$(sed -n 's/^REDIS_PORT=//p' "$DIR/env" 2>/dev/null)
    [ -n "$port" ] && redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1
    if [ -n "$pid" ]; then
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    fi
    rm -f "$DIR/redis.pid"
fi

# A fallback data directory under /tmp is ours alone: remove it once stopped.
if [ "$PGROOT" != "$DIR" ] && [ -d "$PGROOT" ] && [ ! -f "$PGROOT/pg/postmaster.pid" ]; then
    rm -rf "$PGROOT"
    rm -f "$DIR/pgroot"
fi
exit 0
