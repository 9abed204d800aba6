"""Settings for the test suite: fast hashing, mail in memory, the database from DATABASE_URL."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each test process its own cache and sessions in the test database, whatever REDIS_URL says: counters
# of one test never reach another.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = False
# Jobs run at once inside the test, so a test sees their effect without a worker.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "long"]}
}
# Tests that travel in time across requests would be signed out; the idle-session tests turn it on.
RESOLUTE_SESSION_IDLE_MINUTES = 0
# High enough that no test meets it (the counters live in the process's cache across tests); the
# rate-limit tests set their own.
RESOLUTE_API_RATE_LIMIT = "1000000/minute"
