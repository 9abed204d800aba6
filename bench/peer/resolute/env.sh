# Common settings for the Resolute side of the side-by-side benchmark. Sourced by the other scripts.
RS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_DIR="$(cd "$RS_DIR/../../.." && pwd)"
STATE="${PEER_STATE:-$(dirname "$RS_DIR")/state}/resolute"   # pid file, secret key, logs (git-ignored)
VENV="${PEER_VENV:-$PROJECT_DIR/.venv}"
PORT="${RESOLUTE_PORT:-8001}"
BASE_URL="http://127.0.0.1:$PORT"
PG_SERVER="${PEER_PG:-postgres://postgres@127.0.0.1:5432}"
DB_NAME="${RESOLUTE_PEER_DB:-resolute_peer}"
WORKERS="${RESOLUTE_WORKERS:-3}"    # as `make run`

# The app as `make run` serves it, with the production settings: DEBUG off, secrets from the
# environment. Plain HTTP on the loopback, so no redirect to HTTPS and no HSTS.
mkdir -p "$STATE"
[ -s "$STATE/secret_key" ] || (umask 077; head -c 48 /dev/urandom | base64 | tr -d '\n' > "$STATE/secret_key")
export DJANGO_SETTINGS_MODULE=resolute.config.settings.production
export SECRET_KEY="$(cat "$STATE/secret_key")"
export DATABASE_URL="$PG_SERVER/$DB_NAME"
export DEBUG=false SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 SECURE_HSTS_PRELOAD=false
export RESOLUTE_VAR_DIR="$STATE/var" STATIC_ROOT="$STATE/static" MEDIA_ROOT="$STATE/media"
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
# The client pages through every overdue task with one token: the comparison measures speed, not the limit.
export RESOLUTE_API_RATE_LIMIT="${RESOLUTE_API_RATE_LIMIT-}"
export PYTHONPATH="$PROJECT_DIR/src${PYTHONPATH:+:$PYTHONPATH}"
