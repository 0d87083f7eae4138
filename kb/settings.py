"""OneReply settings: one module, configured from the environment.

Development defaults are safe to run locally; set DEBUG=0 with a real SECRET_KEY and
ALLOWED_HOSTS for production (`manage.py check --deploy` passes then).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ONEREPLY_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
# The visitor's 404/500 pages instead of Django's technical ones while DEBUG is on (the demo).
FRIENDLY_ERROR_PAGES = env_bool("FRIENDLY_ERROR_PAGES", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "kb",
    "kb.accounts",
    "kb.editing",
    "kb.forum",
    "social",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_ratelimit",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kb.middleware.LocaleMiddleware",
    "kb.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "kb.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kb.middleware.NulPathMiddleware",  # before Wagtail's redirects look the path up
    "kb.middleware.SiteMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "kb.errors.FriendlyErrorsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kb.urls"
WSGI_APPLICATION = "kb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kb.context_processors.user_roles",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'onereply.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # A server's connection is kept by its worker (opening one per request costs a
        # PostgreSQL server several ms); SQLite's is cheap to open.
        conn_max_age=int(
            os.environ.get("CONN_MAX_AGE", "0" if DATABASE_URL.startswith("sqlite") else "60")
        ),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite behind a web server: readers do not block the writer (WAL), a transaction takes
    # the write lock when it begins (IMMEDIATE: no "database is locked" upgrading a read lock
    # mid-transaction), and a writer waits for the lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_TIMEOUT", "30")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests run real concurrent requests: they need a file (WAL, busy timeout), not the shared
    # in-memory database, whose table locks fail at once.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_onereply.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate-limit counters must be shared by all workers: Redis when REDIS_URL is set, else the
# database (migrate creates its table, see kb.apps), whose increments kb.cache makes atomic.
# Both count atomically; django-ratelimit only warns that it does not know them by name (W001).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "kb.cache.AtomicDatabaseCache", "LOCATION": "onereply_cache"}}
RATELIMIT_VIEW = "kb.views.rate_limited"
# Off only for load tests from one address (benchmarks/load.py); never in production.
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)

# Anonymous pages (kb/page_cache.py): their own cache, so that clearing it touches nothing else.
# Per process without REDIS_URL (each worker warms its own copy), shared with it.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
if os.environ.get("REDIS_URL"):
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "pages",
    }
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }

# Django's Tasks API (the django-tasks backport). "default" runs Wagtail's own small tasks
# (search and reference index updates) at once, as before Wagtail had tasks; "background" holds
# this project's long jobs (imports, polling, index rebuilds, e-mails, group replies): the
# database by default, run by `manage.py db_worker --backend background`.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# Scale-out: TASKS_BACKEND=rq (with REDIS_URL) queues them in Redis for RQ workers on any
# machine (`manage.py rqworker default --job-class django_tasks_rq.Job`).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}
    TASKS["background"] = {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "kb.accounts.lockout.LoginAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in lockout (django-axes, counted in the database, so shared by all workers): after 10
# failures for one username, or 10 from one address, signing in pauses for 15 minutes, on
# /accounts/login/ and on Wagtail's /admin/login/ alike, whether or not the account exists.
AXES_FAILURE_LIMIT = 10
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_CALLABLE = "kb.accounts.lockout.locked_out"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:start"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "kb" / "locale"]
# The language of the last /en/ or /fr/ page read; the forum, wiki and inbox follow it.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# WhiteNoise serves collected static files from the app server, compressed, with cache headers.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "help@nimbus.example")

WAGTAIL_SITE_NAME = "Nimbus Help Center"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if os.environ.get("ELASTICSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "wagtail.search.backends.elasticsearch8",
        "URLS": [os.environ["ELASTICSEARCH_URL"]],
        "INDEX": "onereply",
    }

# The social matcher's on-disk index (derived from the database, rebuilt on demand).
MATCHER_INDEX_DIR = Path(os.environ.get("MATCHER_INDEX_DIR", VAR_DIR / "matcher-index"))
# The matcher's sentence-embedding model: a folder with model.onnx + tokenizer.json (default: the
# shipped all-MiniLM-L6-v2 int8), its pooling ("mean" or "cls"), max tokens, query/document
# prefixes and the languages it understands ([] = all). None: lexical matching only.
MATCHER_MODEL = {
    "path": os.environ.get("MATCHER_MODEL_DIR", BASE_DIR / "social" / "matching" / "model"),
    "pooling": "mean",
    "max_tokens": 128,
    "query_prefix": "",
    "document_prefix": "",
    "languages": ["en"],
}

# The forum's topic index (same engine, separate index), for forum search and the Ask box.
FORUM_INDEX_DIR = Path(os.environ.get("FORUM_INDEX_DIR", VAR_DIR / "forum-index"))
# Shared secret of the complaint webhook (HMAC-SHA256 of the body); unset = webhook disabled.
SOCIAL_WEBHOOK_SECRET = os.environ.get("SOCIAL_WEBHOOK_SECRET", "")
# A reply still "sending" after this many seconds lost its process: retried or checked by the CM.
SOCIAL_SENDING_TIMEOUT = int(os.environ.get("SOCIAL_SENDING_TIMEOUT", "120"))

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
