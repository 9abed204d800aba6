#!/usr/bin/env bash
# Stop the comparison's gunicorn by its recorded PID (TERM: it finishes the requests in flight).
set -uo pipefail
source "$(dirname "$0")/env.sh"

if [ -f "$STATE/gunicorn.pid" ]; then
  PID=$(cat "$STATE/gunicorn.pid")
  if kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID"
    for _ in $(seq 1 30); do kill -0 "$PID" 2>/dev/null || break; sleep 1; done
    kill -0 "$PID" 2>/dev/null && kill -KILL "$PID"
    echo "gunicorn $PID stopped"
  fi
  rm -f "$STATE/gunicorn.pid"
fi
