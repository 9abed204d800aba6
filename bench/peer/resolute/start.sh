#!/usr/bin/env bash
# Serve the comparison's database (resolute_peer) as `make run` serves Resolute: gunicorn with
# 3 sync workers on 127.0.0.1:8001, in the background (PID in state/resolute/gunicorn.pid, access
# log in state/resolute/access.log). Waits at most 60 s for the app to answer.
set -euo pipefail
source "$(dirname "$0")/env.sh"

if [ -f "$STATE/gunicorn.pid" ] && kill -0 "$(cat "$STATE/gunicorn.pid")" 2>/dev/null; then
  echo "gunicorn already running, pid $(cat "$STATE/gunicorn.pid")"; exit 0
fi
"$VENV/bin/python" -m resolute.manage collectstatic --noinput --verbosity 0
cd "$PROJECT_DIR"
"$VENV/bin/gunicorn" resolute.config.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --access-logfile "$STATE/access.log" > "$STATE/gunicorn.log" 2>&1 &
echo $! > "$STATE/gunicorn.pid"
echo "gunicorn started, pid $(cat "$STATE/gunicorn.pid"), workers=$WORKERS"
for _ in $(seq 1 120); do
  if curl -fsS -o /dev/null 2>/dev/null "$BASE_URL/healthz"; then
    echo "Resolute is up at $BASE_URL"; exit 0
  fi
  kill -0 "$(cat "$STATE/gunicorn.pid")" 2>/dev/null || { echo "gunicorn died:"; tail -30 "$STATE/gunicorn.log"; exit 1; }
  sleep 0.5
done
echo "Resolute did not answer within 60 s"; tail -30 "$STATE/gunicorn.log"; exit 1
