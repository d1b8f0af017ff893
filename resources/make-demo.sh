#!/usr/bin/env bash
# Remakes demo-snapshot.json: a real capture, by `postscope snapshot`, of the demo
# workspace that the fixture generator writes through the real bullmq (one lane per
# failure of docs/rules.md plus healthy ones, and the seed guide's two posts 15 s apart).
#   bash resources/make-demo.sh [build dir]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-$root/build}
svc=$(mktemp -d /tmp/postscope-demo.XXXXXX)
trap 'bash "$root/tests/services/stop.sh" "$svc" >/dev/null 2>&1 || true; rm -rf "$svc"' EXIT
bash "$root/tests/fixtures/install.sh"
bash "$root/tests/services/start.sh" "$svc" >/dev/null
# shellcheck disable=SC1091
source "$svc/env"
psql "$PG_ADMIN_URL" -q -c 'CREATE DATABASE postiz'
pg="postgresql://$PG_SUPERUSER@127.0.0.1:$PG_PORT/postiz"
redis="redis://127.0.0.1:$REDIS_PORT/0"
node "$root/tests/fixtures/generate.mjs" --bullmq 5.12 --schema --pg "$pg" --redis "$redis" --scenario demo \
    > "$svc/demo-report.json"
"$build/postscope" snapshot --pg "$pg" --redis "$redis" --from now-7d --to now+30d -o "$here/demo-snapshot.json"
echo "wrote $here/demo-snapshot.json ($(wc -c < "$here/demo-snapshot.json") bytes)"
