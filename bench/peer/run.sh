#!/usr/bin/env bash
# `make bench-peer`: Resolute side by side with Redmine 5.0 (Debian's packages) on the same machine and
# the same dataset shape. Installs Redmine if needed, loads both databases with PEER_TASKS tasks
# (default 200,000), serves both, runs the client (arguments are passed to bench.py), stops both.
# Run as root: Redmine runs as www-data, its database is created as postgres.
set -euo pipefail
PEER="$(cd "$(dirname "$0")" && pwd)"
VENV="${PEER_VENV:-$(cd "$PEER/../.." && pwd)/.venv}"
export PEER_TASKS="${PEER_TASKS:-200000}"
if [ "$(id -u)" != 0 ]; then echo "bench-peer installs and serves Redmine: run it as root."; exit 1; fi

stop_both() {
  KEEP_PG=1 "$PEER/redmine/stop.sh" || true
  "$PEER/resolute/stop.sh" || true
}
trap stop_both EXIT

echo "== Redmine: install and set up (once)"
"$PEER/redmine/setup.sh" | tail -1
stop_both
echo "== Redmine: load $PEER_TASKS issues"
N_ISSUES="$PEER_TASKS" "$PEER/redmine/load.sh" | grep -E '^ +[0-9]' || true
echo "== Resolute: load $PEER_TASKS tasks"
"$VENV/bin/python" "$PEER/resolute/load.py" --tasks "$PEER_TASKS"
echo "== serve both"
"$PEER/redmine/start.sh"
"$PEER/resolute/start.sh"
echo "== measure"
python3 "$PEER/bench.py" "$@"
