# Common settings for the Redmine side of the side-by-side benchmark. Sourced by the other scripts.
# Override any of these from the environment, e.g. `N_ISSUES=50000 ./load.sh`.
PEER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE="${PEER_STATE:-$(dirname "$PEER_DIR")/state}/redmine"   # pid file, API key, logs (git-ignored)
RM_ROOT=/usr/share/redmine         # Debian's Redmine code
RM_INSTANCE=default                # Debian multi-instance id -> /etc/redmine/default
PORT="${REDMINE_PORT:-3300}"
BASE_URL="http://127.0.0.1:$PORT"
DB_NAME="${REDMINE_DB_NAME:-peer_redmine}"
DB_USER="${REDMINE_DB_USER:-peer_redmine}"
DB_PASS="${REDMINE_DB_PASS:-peer_redmine}"
PUMA_WORKERS="${PUMA_WORKERS:-2}"  # one per core on this 2-core machine
PUMA_THREADS="${PUMA_THREADS:-5}"  # Rails' default pool size
# The number of issues: N_ISSUES, else the comparison's PEER_TASKS, else 200,000.
N_ISSUES="${N_ISSUES:-${PEER_TASKS:-200000}}"
SEED="${SEED:-42}"

export RAILS_ENV=production REDMINE_INSTANCE="$RM_INSTANCE"
# Rails reads DATABASE_URL in place of database.yml: never let another app's setting reach Redmine.
unset DATABASE_URL

# Run a command as www-data (exec, so $! of a backgrounded call is the real PID).
as_www() { setpriv --reuid=www-data --regid=www-data --init-groups env HOME=/var/www "$@"; }
# Run psql as the postgres superuser on the bench database.
psql_db() { setpriv --reuid=postgres --regid=postgres --init-groups psql -X -q -v ON_ERROR_STOP=1 -d "$DB_NAME" "$@"; }
