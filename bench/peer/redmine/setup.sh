#!/usr/bin/env bash
# Install Redmine 5.0 from Debian's packages, create its PostgreSQL database, migrate, enable
# the REST API and create an admin API key (written to state/redmine/api_key).
# Idempotent: safe to re-run. Run as root.
set -euo pipefail
source "$(dirname "$0")/env.sh"
mkdir -p "$STATE"

# 1. Packages. Skip dbconfig-common's own DB setup: we create the DB ourselves.
echo "redmine redmine/instances/default/dbconfig-install boolean false" | debconf-set-selections
if ! dpkg -s redmine redmine-pgsql puma >/dev/null 2>&1; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    redmine redmine-pgsql puma postgresql
fi

# 2. PostgreSQL: start the cluster if it is down (remember that we started it).
PGV=$(ls /etc/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk -v v="$PGV" '$1==v && $2=="main"' | grep -q online; then
  pg_ctlcluster --skip-systemctl-redirect "$PGV" main start
  echo "$PGV" > "$STATE/pg_started_by_us"
fi
setpriv --reuid=postgres --regid=postgres --init-groups psql -X -q -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASS';
  END IF;
END \$\$;
SQL
if ! setpriv --reuid=postgres --regid=postgres --init-groups psql -X -tAc \
     "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" -d postgres | grep -q 1; then
  setpriv --reuid=postgres --regid=postgres --init-groups createdb -O "$DB_USER" -E UTF8 -T template0 "$DB_NAME"
fi

# 3. Redmine instance config: DB over TCP on 127.0.0.1, pool >= puma threads.
cat > /etc/redmine/$RM_INSTANCE/database.yml <<YML
production:
  adapter: postgresql
  database: $DB_NAME
  host: 127.0.0.1
  port: 5432
  username: $DB_USER
  password: $DB_PASS
  encoding: utf8
  pool: $((PUMA_THREADS + 2))
YML
chown root:www-data /etc/redmine/$RM_INSTANCE/database.yml
chmod 640 /etc/redmine/$RM_INSTANCE/database.yml

# 4. Migrations + default data (trackers, statuses, priorities, roles), as www-data.
cd "$RM_ROOT"
as_www RAILS_ENV=production REDMINE_INSTANCE=$RM_INSTANCE SCHEMA=/dev/null rake db:migrate
as_www RAILS_ENV=production REDMINE_INSTANCE=$RM_INSTANCE REDMINE_LANG=en rake redmine:load_default_data

# 5. Enable REST API, turn off e-mail notifications (no mail server here), make sure
#    admin has an API key, and give admin a password of its own for the pages' sign-in
#    (generated once into state/redmine/admin_password). The key is then read as stored.
[ -s "$STATE/admin_password" ] || (umask 077; head -c 18 /dev/urandom | base64 > "$STATE/admin_password")
as_www RAILS_ENV=production REDMINE_INSTANCE=$RM_INSTANCE ADMIN_PASSWORD="$(cat "$STATE/admin_password")" rails runner '
  Setting.rest_api_enabled = "1"
  Setting.login_required = "1"
  Setting.notified_events = []
  admin = User.find_by_login("admin")
  unless admin.check_password?(ENV["ADMIN_PASSWORD"])
    admin.password = admin.password_confirmation = ENV["ADMIN_PASSWORD"]
    admin.save!
  end
  admin.update_columns(must_change_passwd: false)
  admin.api_key
'
psql_db -At -c "SELECT value FROM tokens WHERE action = 'api'
                AND user_id = (SELECT id FROM users WHERE login = 'admin')" > "$STATE/api_key"
test -s "$STATE/api_key"
echo "setup done; admin API key in $STATE/api_key, its password in $STATE/admin_password"
