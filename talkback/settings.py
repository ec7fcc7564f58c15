"""Django settings for Talkback.

Every setting can be changed through the environment. The defaults give the embedded
configuration: one machine, an SQLite file under ./var, moderation run in the request.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.conf.locale import LANG_INFO

# Lets the code subscript Django's generic classes (admin.ModelAdmin[Site]) for the type checker.
django_stubs_ext.monkeypatch()

# Northern Kurdish (Kurmanji, Latin script) is not among Django's languages; Central Kurdish
# (Sorani) is, as ckb.
_KURMANJI: dict[str, Any] = {
    "bidi": False,
    "code": "kmr",
    "name": "Northern Kurdish (Kurmanji)",
    "name_local": "Kurdî",
}
LANG_INFO.setdefault("kmr", _KURMANJI)


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
    "django_tasks_db",
    "talkback.core",
    "talkback.newsroom",
    "talkback.comments",
    "talkback.console",
    "talkback.api",
    "talkback.accounts",
    "talkback.embed",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "talkback.api.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "talkback.core.locale.ReaderLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "talkback.core.middleware.ContentSecurityPolicyMiddleware",
    "talkback.api.middleware.JsonErrorsMiddleware",
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
        os.getenv("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'talkback.sqlite3'}",
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

# Moderation runs through Django's Tasks API. TASKS_BACKEND=immediate (the default) runs it inside
# the request; TASKS_BACKEND=database queues it in the database (django-tasks-db) for
# `talkback worker` processes. A dotted path names any other backend.
TASK_BACKEND_ALIASES = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_tasks_backend = os.getenv("TASKS_BACKEND", "immediate")
TASKS = {"default": {"BACKEND": TASK_BACKEND_ALIASES.get(_tasks_backend, _tasks_backend)}}
# TASKS_DATABASE_URL keeps the task queue in a database of its own (its churn off the comments'
# database); without it the queue is a table beside the comments.
if os.getenv("TASKS_DATABASE_URL"):
    DATABASES["tasks"] = dj_database_url.parse(
        os.environ["TASKS_DATABASE_URL"], conn_max_age=envint("DB_CONN_MAX_AGE", "0")
    )
    DATABASE_ROUTERS = ["talkback.core.routers.TaskQueueRouter"]

# The cache holds rate-limit counters and rendered threads (talkback/comments/thread_cache.py).
# At scale every process must share one: CACHE_URL (or REDIS_URL) = redis://host:6379/0 (rediss://
# and unix:// too). Without it each process keeps its own in memory: right for the embedded
# server's one process, wrong for several (a worker's verdict would not reach the servers' pages).
_cache_url = os.getenv("CACHE_URL") or os.getenv("REDIS_URL")
if _cache_url and not _cache_url.startswith(("redis://", "rediss://", "unix://")):
    raise ValueError(f"CACHE_URL must be a redis://, rediss:// or unix:// URL, not {_cache_url!r}")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            # Seconds; an unreachable cache must not hold requests (the thread renders without it).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if _cache_url
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
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
# The reader's language: `?lang=` (embed.js passes the host page's), for an embedded thread the
# article's language, then the language cookie (the switcher, Django's set_language), then
# Accept-Language; English otherwise. ar, fa and ckb are written right to left.
LANGUAGES = [
    ("en", "English"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("tr", "Türkçe"),
    ("ckb", "کوردی (سۆرانی)"),
    ("kmr", "Kurdî (Kurmancî)"),
]
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", VAR_DIR / "static"))
# collectstatic writes gzip and Brotli copies beside each file for WhiteNoise to send.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# WhiteNoise serves, from every process, what collectstatic put in STATIC_ROOT (`talkback serve
# --production` runs it first); until then the embedded server serves static files itself.
if STATIC_ROOT.is_dir():
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

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
# A folder of trained model files for the engine to load instead of the shipped ones.
TALKBACK_MODELS_DIR = os.getenv("TALKBACK_MODELS_DIR", "")
# Comments a worker claims and moderates together; bigger batches score faster per comment.
TALKBACK_WORKER_BATCH = envint("TALKBACK_WORKER_BATCH", "32")
# Top-level comments per thread page.
TALKBACK_THREAD_PAGE_SIZE = envint("TALKBACK_THREAD_PAGE_SIZE", "20")
# Requests per window (seconds) per action and scope: the client's IP, a guest's email, an account.
# Counted in the `default` cache (see talkback/lib/ratelimit.py); over the limit answers 429.
TALKBACK_RATE_LIMITS = {
    "post": {
        "ip": (envint("TALKBACK_POST_LIMIT_IP", "30"), 600),
        "email": (envint("TALKBACK_POST_LIMIT_EMAIL", "10"), 600),
        "account": (envint("TALKBACK_POST_LIMIT_ACCOUNT", "10"), 600),
    },
    "report": {"ip": (60, 3600), "account": (30, 3600)},
    "appeal": {"ip": (20, 3600), "email": (5, 3600), "account": (5, 3600)},
    "embed_article": {"ip": (60, 3600)},
    "signup": {"ip": (10, 3600)},
}
# Trusted reverse proxies in front of Talkback (0: the client is REMOTE_ADDR); the client's IP is
# then read from X-Forwarded-For, as the outermost proxy saw it.
TALKBACK_PROXY_COUNT = envint("TALKBACK_PROXY_COUNT", "0")
# Seconds a reader must take between the comment form's display and its post (bots are faster).
TALKBACK_MIN_FILL_SECONDS = envfloat("TALKBACK_MIN_FILL_SECONDS", "2")
# The largest JSON body the API reads, in bytes.
TALKBACK_API_MAX_BODY = envint("TALKBACK_API_MAX_BODY", str(64 * 1024))

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
