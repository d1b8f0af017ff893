#!/usr/bin/env bash
# Runs the benchmarks against fresh test servers: bash tests/bench/run.sh [build dir] [runs, default 3]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
svc=$(mktemp -d /tmp/postscope-bench.XXXXXX)
trap 'bash "$root/tests/services/stop.sh" "$svc" >/dev/null 2>&1 || true; rm -rf "$svc"' EXIT
cmake --build "$build" --target bench_capture >/dev/null
bash "$root/tests/services/start.sh" "$svc" >/dev/null
# shellcheck disable=SC1091
source "$svc/env"
pg="postgresql://$PG_SUPERUSER@127.0.0.1:$PG_PORT/bench"
psql "$PG_ADMIN_URL" -q -c 'CREATE DATABASE bench'
psql "$pg" -q -f "$root/tests/fixtures/schema.sql"
redis="redis://127.0.0.1:$REDIS_PORT/0"
echo "writing the benchmark workspace…"
node "$here/bench-data.mjs" --pg "$pg" --redis "$redis"
"$build/tests/bench/bench_capture" --pg "$pg" --redis "$redis" --runs "${2:-3}"
