"""Settings for every environment. Everything that differs between machines comes from the environment."""

import os
import secrets
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from resolute.config import nodes

PACKAGE_DIR = Path(__file__).resolve().parents[2]
PROJECT_DIR = PACKAGE_DIR.parents[1]
VAR_DIR = Path(os.environ.get("RESOLUTE_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def local_secret_key() -> str:
    """A key generated once into an untracked file, so the zero-setup run needs no configuration."""
    key_file = VAR_DIR / ".secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    # Named in full: each apps.py also holds the ResoluteAppConfig it imports, so Django would not
    # pick the app's own config by itself (and the app's contributions would never load).
    "resolute.core.apps.CoreConfig",
    "resolute.orgunits.apps.OrgUnitsConfig",
    "resolute.accounts.apps.AccountsConfig",
    "resolute.webhooks.apps.WebhooksConfig",
    "resolute.directives.apps.DirectivesConfig",
    "resolute.targets.apps.TargetsConfig",
    "resolute.tasks.apps.TasksConfig",
    "resolute.reporting.apps.ReportingConfig",
    "resolute.investment.apps.InvestmentConfig",
    "resolute.oversight.apps.OversightConfig",
    "resolute.petitions.apps.PetitionsConfig",
    "resolute.extraction.apps.ExtractionConfig",
    "resolute.reports.apps.ReportsConfig",
    "resolute.api.apps.ApiConfig",
    "resolute.web.apps.WebConfig",
    "resolute.demo.apps.DemoConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "resolute.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "resolute.api.problems.ProblemDetailsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "resolute.accounts.middleware.IdleSessionMiddleware",
    "resolute.accounts.middleware.UserLanguageMiddleware",
    "resolute.accounts.middleware.TwoFactorMiddleware",
    "resolute.api.ratelimit.ApiRateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "resolute.config.urls"
WSGI_APPLICATION = "resolute.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "resolute.web.context_processors.navigation",
            ],
        },
    }
]

# One database by default; PostgreSQL with a streaming replica and PgBouncer when the environment says
# so (config/nodes.py, docs/operator/deployment.md).
_databases = nodes.database_settings(os.environ, default_url=f"sqlite:///{VAR_DIR / 'resolute.sqlite3'}")
DATABASES = _databases["DATABASES"]
DATABASE_ROUTERS = _databases.get("DATABASE_ROUTERS", [])
# After the replica failed to answer, reads stay on the primary this many seconds before it is tried again.
RESOLUTE_REPLICA_RETRY_SECONDS = float(os.environ.get("RESOLUTE_REPLICA_RETRY_SECONDS", "30"))
MIDDLEWARE = nodes.with_replica_middleware(MIDDLEWARE, DATABASES)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "8"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Behind a load balancer the throttles count the client's address from X-Forwarded-For: set this to
# the number of proxies in front of the nodes (core/client.py). 0: the nodes are reached directly.
RESOLUTE_TRUSTED_PROXIES = int(os.environ.get("RESOLUTE_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "resolute.core.client.client_address"
# Two-factor authentication (TOTP): when on, administrators, offices and superusers must set it up
# and give a code after their password. Anyone may set it up from their profile either way.
RESOLUTE_REQUIRE_TWO_FACTOR = env_bool("RESOLUTE_REQUIRE_TWO_FACTOR", False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Resolute")
# Password reset by e-mail: at most this many links an hour to one address, and requests from one
# client address (the page answers the same either way). The link stays valid this many seconds.
RESOLUTE_PASSWORD_RESETS_PER_ADDRESS = int(os.environ.get("RESOLUTE_PASSWORD_RESETS_PER_ADDRESS", "3"))
RESOLUTE_PASSWORD_RESETS_PER_CLIENT = int(os.environ.get("RESOLUTE_PASSWORD_RESETS_PER_CLIENT", "20"))
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(2 * 3600)))
# Requests one API token (or one person through the browser session) may send: "600/minute"; empty: no
# limit. Counted in the cache (below), so nodes sharing Redis share the counts (api/ratelimit.py).
RESOLUTE_API_RATE_LIMIT = os.environ.get("RESOLUTE_API_RATE_LIMIT", "600/minute")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["resolute.formats"]
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Attachments: the largest accepted file, in bytes.
RESOLUTE_MAX_UPLOAD_BYTES = int(os.environ.get("RESOLUTE_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Uploaded files under MEDIA_ROOT, or in an S3-compatible bucket every node shares when S3_BUCKET is set.
STORAGES = {
    "default": nodes.storage_settings(os.environ, max_memory_bytes=FILE_UPLOAD_MAX_MEMORY_SIZE)
    or {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Each process's own memory, or a Redis every node shares when REDIS_URL is set: the counters of
# password resets and petition look-ups, and the sessions (kept in the database as well).
_shared_cache = nodes.cache_settings(os.environ)
if _shared_cache:
    CACHES = _shared_cache["CACHES"]
    SESSION_ENGINE = _shared_cache["SESSION_ENGINE"]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Resolute <resolute@localhost>")

# Background jobs (imports, reports, reminders) are stored in the database and run by
# `resolute db_worker`, which `make run` starts beside the web server.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        # "long": reading texts and importing workbooks; "default": the short periodic jobs. Each queue
        # has its own worker (`resolute workers`), so e-mail never waits behind a long reading.
        "QUEUES": ["default", "long"],
    }
}
# Jobs that always end (docs/dev/jobs.md): a running job records a sign of life every
# HEARTBEAT_SECONDS; one silent for DEAD_AFTER seconds has lost its worker and is queued again, up to
# MAX_ATTEMPTS runs in all, then failed. A job of the long queue is stopped after LONG_JOB_TIME_LIMIT.
RESOLUTE_JOB_HEARTBEAT_SECONDS = float(os.environ.get("RESOLUTE_JOB_HEARTBEAT_SECONDS", "5"))
RESOLUTE_JOB_DEAD_AFTER = float(os.environ.get("RESOLUTE_JOB_DEAD_AFTER", "60"))
RESOLUTE_JOB_MAX_ATTEMPTS = int(os.environ.get("RESOLUTE_JOB_MAX_ATTEMPTS", "2"))
RESOLUTE_JOB_RECOVERY_INTERVAL = int(os.environ.get("RESOLUTE_JOB_RECOVERY_INTERVAL", "60"))
RESOLUTE_LONG_JOB_TIME_LIMIT = float(os.environ.get("RESOLUTE_LONG_JOB_TIME_LIMIT", "600"))
# The largest text the reader accepts (pasted or from a file): about 7 s of reading each.
RESOLUTE_MAX_READING_CHARACTERS = int(os.environ.get("RESOLUTE_MAX_READING_CHARACTERS", "1000000"))
RESOLUTE_MAX_READING_PARAGRAPHS = int(os.environ.get("RESOLUTE_MAX_READING_PARAGRAPHS", "10000"))

# A signed-in session that makes no request for this many minutes is signed out (0: never); the
# sign-in page then says the session expired. The session cookie itself lives SESSION_COOKIE_AGE.
RESOLUTE_SESSION_IDLE_MINUTES = int(os.environ.get("RESOLUTE_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "resolute.web.views.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Task follow-up: lateness is judged against the "current" deadline (after approved extensions)
# or the "original" one; a task without a deadline is flagged after this many days without a report.
RESOLUTE_LATENESS_AGAINST = os.environ.get("RESOLUTE_LATENESS_AGAINST", "current")
RESOLUTE_SILENT_TASK_DAYS = int(os.environ.get("RESOLUTE_SILENT_TASK_DAYS", "90"))

# Indicator values: whether submitted (not yet approved) values count, marked as such; and how many
# days after a period's end its data entry closes.
RESOLUTE_COUNT_SUBMITTED_VALUES = env_bool("RESOLUTE_COUNT_SUBMITTED_VALUES", False)
RESOLUTE_LOCK_DAYS_AFTER_DEADLINE = int(os.environ.get("RESOLUTE_LOCK_DAYS_AFTER_DEADLINE", "15"))
# Days of stored target evaluations kept (today's is the only one read; see targets.actions.evaluations).
RESOLUTE_TARGET_SNAPSHOT_DAYS = int(os.environ.get("RESOLUTE_TARGET_SNAPSHOT_DAYS", "7"))
