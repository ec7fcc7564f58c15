"""Django settings for Talkback.

Every setting can be changed through the environment. The defaults give the embedded
configuration: one machine, an SQLite file under ./var, moderation run in the request.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext

# Lets the code subscript Django's generic classes (admin.ModelAdmin[Site]) for the type checker.
django_stubs_ext.monkeypatch()


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value not in {"true", "false", "1", "0", "yes", "no"}:
        raise ValueError(f"{name} must be true or false, not {value!r}")
    return value in {"true", "1", "yes"}


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envfloat(name: str, default: str) -> float:
    return float(os.getenv(name, default))


def envsecret(name: str, default: str) -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE (for container secrets)."""
    path = os.getenv(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.getenv(name, default)


def install_secret(path: Path) -> str:
    """Return this installation's own secret key, generating it into `path` on first use.

    Created with O_EXCL and mode 0600, so two processes starting together agree on one key and
    no other user can read it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    with os.fdopen(fd, "w") as file:
        file.write(key)
    return key


#: Where the embedded configuration keeps its database and other runtime files.
VAR_DIR = Path(os.getenv("TALKBACK_VAR_DIR", Path.cwd() / "var"))

DEBUG = envbool("DEBUG", "false")
# Without SECRET_KEY, each installation generates its own key under VAR_DIR; several machines
# serving one site must share one SECRET_KEY.
SECRET_KEY = envsecret("SECRET_KEY", "") or install_secret(VAR_DIR / "secret_key")
ALLOWED_HOSTS = os.getenv("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "talkback.core",
    "talkback.newsroom",
    "talkback.comments",
    "talkback.console",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "talkback.core.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "talkback.urls"
WSGI_APPLICATION = "talkback.wsgi.application"

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
            ],
        },
    },
]

# SQLite by default; DATABASE_URL=postgres://... for the at-scale configuration.
if not os.getenv("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{VAR_DIR / 'talkback.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded server handles requests in threads. Write transactions take SQLite's write
    # lock when they begin (IMMEDIATE), so two of them queue for up to `timeout` seconds instead
    # of failing with "database is locked" when one upgrades a read lock; WAL lets readers go on
    # while a comment is written.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Moderation runs through Django's Tasks API; the immediate backend runs it inside the request.
TASKS = {
    "default": {
        "BACKEND": os.getenv("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", VAR_DIR / "static"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "false")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# The longest comment a reader may post, in characters.
TALKBACK_MAX_COMMENT_LENGTH = envint("TALKBACK_MAX_COMMENT_LENGTH", "5000")
# Seconds the engine may take on one comment before it goes to human review as a system error.
TALKBACK_MODERATION_TIMEOUT = envfloat("TALKBACK_MODERATION_TIMEOUT", "10")
# Top-level comments per thread page.
TALKBACK_THREAD_PAGE_SIZE = envint("TALKBACK_THREAD_PAGE_SIZE", "20")

# Mail to authors (an appeal's outcome): printed to the console unless a backend is configured.
EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "talkback@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task at INFO drowns the server log; failures still show.
        "django_tasks": {"level": "WARNING"},
    },
}
