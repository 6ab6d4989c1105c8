"""Django settings. Local runs need nothing set; production sets the SHEZU_* variables."""

from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from shezu.config.env import env_bool, env_path, env_str, user_data_dir

DEBUG = env_bool("SHEZU_DEBUG", True)
# One database per user whatever folder a command runs from (a database in the current
# folder meant a second, empty register the moment someone ran shezu from elsewhere).
DATA_DIR = env_path("SHEZU_DATA_DIR", user_data_dir())

SECRET_KEY = env_str("SHEZU_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SHEZU_SECRET_KEY must be set when SHEZU_DEBUG is off.")
    SECRET_KEY = "local-development-only-not-a-secret"

# The master key that seals personal data at rest (shezu/personal.py): 64 hex digits, kept
# apart from the database and its backups. A development machine generates one into
# DATA_DIR; production must set it, or the numbers would be sealed under a key that lives
# beside the database it protects.
DATA_KEY = env_str("SHEZU_DATA_KEY", "")
DATA_KEYS_OLD = [k for k in env_str("SHEZU_DATA_KEYS_OLD", "").split(",") if k.strip()]
if not DATA_KEY and not DEBUG:
    raise ImproperlyConfigured("SHEZU_DATA_KEY must be set when SHEZU_DEBUG is off.")

ALLOWED_HOSTS = [h for h in env_str("SHEZU_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "shezu.census",
    "shezu.affiliation",
    "shezu.party",
    "shezu.accounts",
    "shezu.web",
    "shezu.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shezu.web.middleware.ContentSecurityPolicy",
    "shezu.accounts.middleware.PasswordExpiry",
    # Last: it answers a locked-out login before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shezu.config.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shezu.web.context.user_area",
            ]
        },
    }
]
STATIC_URL = "/static/"
# Collected for production only; in development the finders serve the app's own folders.
STATIC_ROOT = None if DEBUG else DATA_DIR / "static"
# Served by the app itself (intranets have no CDN); finders in development, the collected
# and compressed files in production.
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Accounts and security (等保 2.0 level 3 baseline; see docs/architecture.md).
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"  # LogoutView would otherwise need a template of its own
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before any other
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "shezu.accounts.passwords.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "shezu.accounts.passwords.CharacterClassesValidator"},
    {"NAME": "shezu.accounts.passwords.NotRecentlyUsedValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]  # fmt: skip
PASSWORD_MAX_AGE_DAYS = int(env_str("SHEZU_PASSWORD_MAX_AGE_DAYS", "90"))  # 0: never expires
SESSION_COOKIE_AGE = int(env_str("SHEZU_SESSION_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the timeout counts from the last request
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind TLS (SHEZU_TLS=1, a reverse proxy setting X-Forwarded-Proto): HSTS, secure cookies.
if env_bool("SHEZU_TLS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = int(env_str("SHEZU_LOCKOUT_MINUTES", "30")) / 60  # hours
# The account is locked, whichever address the attempts come from (等保: 5 failures lock
# the account); axes' warning that IP addresses are not counted does not apply then.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# axes' own answer is one English sentence as plain text; the user reads why in Chinese.
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AUDIT_RETENTION_DAYS = max(180, int(env_str("SHEZU_AUDIT_RETENTION_DAYS", "180")))

DATABASES = {
    "default": dj_database_url.parse(
        env_str("SHEZU_DATABASE_URL", f"sqlite:///{DATA_DIR / 'shezu.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web pages read while a long import writes. A background relink holds
    # the write lock while it stores the register; the timeout (seconds) makes a page's
    # write (a session, an audit line) wait for it instead of failing "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "timeout": 30,
    }

# Background jobs (后台任务: imports, relinks) run by huey. Its queue and the jobs' live
# progress live in huey's own store — a SQLite file beside the database, or Redis when
# SHEZU_REDIS_URL is set — because an import is one transaction: progress written to the
# main database would be locked out (SQLite) or invisible until the end (PostgreSQL).
# `shezu serve` runs one consumer thread in-process; `shezu worker` runs it alone.
REDIS_URL = env_str("SHEZU_REDIS_URL", "")
HUEY: dict[str, Any] = {
    "name": "shezu",
    "results": False,  # a job's outcome is stored on its Job row, not as a task result
    # djhuey would run tasks inline whenever DEBUG is on; the demo runs with DEBUG on and
    # must show the background path. The tests switch it on (tests/conftest.py).
    "immediate": False,
    "consumer": {"workers": 1, "worker_type": "thread"},
}
if REDIS_URL:
    HUEY.update(huey_class="huey.RedisHuey", url=REDIS_URL)
else:
    HUEY.update(huey_class="huey.SqliteHuey", filename=str(DATA_DIR / "jobs.sqlite3"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
LANGUAGE_CODE = "zh-hans"
USE_I18N = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SHEZU_LOG_LEVEL", "WARNING")},
}
