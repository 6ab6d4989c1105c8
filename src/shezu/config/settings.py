"""Django settings. Local runs need nothing set; production sets the SHEZU_* variables."""

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

ALLOWED_HOSTS = [h for h in env_str("SHEZU_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "shezu.census",
    "shezu.affiliation",
    "shezu.demo",
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("SHEZU_DATABASE_URL", f"sqlite:///{DATA_DIR / 'shezu.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web pages read while a long import writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;"}

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
