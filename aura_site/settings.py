"""Settings for the Aura Mothership, read from the environment.

Every setting is documented in README.md ("Settings"). The embedded default
needs none of them: SQLite under var/, in-memory channel layer and cache.
"""

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("AURA_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

AURA_VERSION = "0.1.0"
AURA_API_VERSION = "1.0"


def _env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _kept_secret(env_name, filename, make):
    """A secret from the environment, else generated once and kept under var/."""
    value = os.environ.get(env_name)
    if value:
        return value
    path = VAR_DIR / filename
    if path.exists():
        return path.read_text().strip()
    value = make()
    path.write_text(value + "\n")
    path.chmod(0o600)
    return value


SECRET_KEY = _kept_secret("AURA_SECRET_KEY", "secret_key", lambda: secrets.token_urlsafe(50))
# "kid:secret[,kid:secret...]": the first pair signs new tokens, the others still verify.
AURA_TOKEN_PEPPER = _kept_secret(
    "AURA_TOKEN_PEPPER", "token_pepper", lambda: "k1:" + secrets.token_urlsafe(32)
)

DEBUG = _env_bool("AURA_DEBUG")
AURA_MODE = os.environ.get("AURA_MODE", "team")  # "team" or "local"
ALLOWED_HOSTS = _env_list("AURA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
if AURA_MODE == "local":
    # Loopback names only: a DNS-rebinding page cannot reach the daemon.
    ALLOWED_HOSTS = [h for h in ALLOWED_HOSTS if h in {"127.0.0.1", "localhost", "[::1]", "::1"}] or [
        "127.0.0.1", "localhost", "[::1]"
    ]

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "aura_site.api",
    "accounts",
    "events",
    "intents",
    "impacts",
    "messages.apps.MessagesConfig",
    "snapshots",
    "zones",
    "prove",
    "agents",
    "knowledge",
    "presence",
    "demo",
    "dashboard",
]

MIDDLEWARE = [
    "aura_site.api.middleware.RequestIdMiddleware",
    # CORS wraps the 426 and 413 answers below, so a browser client can read them.
    "corsheaders.middleware.CorsMiddleware",
    # A request that waited past AURA_SHED_AFTER_MS for a worker: 503 at once (aura_site/api/shedding.py).
    "aura_site.api.shedding.LoadSheddingMiddleware",
    "aura_site.api.middleware.ApiVersionMiddleware",
    "aura_site.api.middleware.BodySizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "aura_site.api.middleware.ApiExceptionMiddleware",
]

ROOT_URLCONF = "aura_site.urls"
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

WSGI_APPLICATION = "aura_site.wsgi.application"
ASGI_APPLICATION = "aura_site.asgi.application"

# --- Database ---------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'aura.sqlite3'}"
_db = dj_database_url.parse(DATABASE_URL)
# A database that does not answer within this many seconds (no pooled
# connection free, or none can be made): the request is answered 503
# service_unavailable with Retry-After (docs/api.md, Errors).
AURA_DB_TIMEOUT_SECONDS = 5
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        # Concurrent writers wait for the lock instead of failing.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _use_pool = _env_bool("AURA_DB_POOL", True)
    _db["OPTIONS"] = {**(_db.get("OPTIONS") or {})}
    _db["OPTIONS"].setdefault("connect_timeout", AURA_DB_TIMEOUT_SECONDS)
    if _use_pool:
        _db["OPTIONS"]["pool"] = {
            "min_size": int(os.environ.get("AURA_DB_POOL_MIN", "1")),
            "max_size": int(os.environ.get("AURA_DB_POOL_MAX", "20")),
            "timeout": AURA_DB_TIMEOUT_SECONDS,
            # psycopg's pool retries a lost connection with a growing delay
            # (1, 2, 4, … s) for reconnect_timeout, and no request gets a
            # connection meanwhile: after a restart it could wait a minute
            # for its next attempt. Giving up after the request timeout lets
            # the next request start a fresh attempt at once.
            "reconnect_timeout": AURA_DB_TIMEOUT_SECONDS,
        }
        # The pool checks each connection before handing it out
        # (ConnectionPool.check_connection): none that died with a database
        # restart reaches a request.
        _db["CONN_HEALTH_CHECKS"] = True
    # The pool owns connection reuse; Django must not keep its own.
    _db["CONN_MAX_AGE"] = 0
# Django's backends with a hook that runs just before each commit, where the
# event log hands out its sequence numbers (aura_site/db/hooks.py).
_ENGINES = {
    "django.db.backends.sqlite3": "aura_site.db.sqlite3",
    "django.db.backends.postgresql": "aura_site.db.postgresql",
}
if _db["ENGINE"] not in _ENGINES:
    raise ImproperlyConfigured(
        f"DATABASE_URL names {_db['ENGINE']}; the mothership runs on PostgreSQL (postgres://) or SQLite (sqlite://)."
    )
_db["ENGINE"] = _ENGINES[_db["ENGINE"]]
_db.setdefault("TEST", {})
if os.environ.get("AURA_TEST_DB_NAME"):
    _db["TEST"]["NAME"] = os.environ["AURA_TEST_DB_NAME"]
DATABASES = {"default": _db}
# SQLite has no covering indexes: the intents' INCLUDE columns (a PostgreSQL
# speed-up) are simply left out there, which models.W040 would announce at
# every start of the embedded default.
SILENCED_SYSTEM_CHECKS = ["models.W040"] if _db["ENGINE"] == "aura_site.db.sqlite3" else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, channel layer ---------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "aura_site.cache.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

RATELIMIT_USE_CACHE = "default"
# With Redis: each process keeps what a token's lookup read for at most this
# many seconds, used only while the authentication generation is unchanged
# (accounts/tokencache.py); 0: every request reads its token from the database.
AURA_TOKEN_CACHE_SECONDS = int(os.environ.get("AURA_TOKEN_CACHE_SECONDS", "300"))
if AURA_TOKEN_CACHE_SECONDS < 0:
    raise ImproperlyConfigured("AURA_TOKEN_CACHE_SECONDS: a number of seconds, or 0 to read every token.")
# A token's last_used_at and a member's last_seen_at (at most once a minute
# each) are written this many seconds after the request, together with every
# other use noted meanwhile, by a thread of the process (accounts/usetimes.py);
# 0: each request writes its own.
AURA_USE_WRITE_SECONDS = float(os.environ.get("AURA_USE_WRITE_SECONDS", "10"))
if AURA_USE_WRITE_SECONDS < 0:
    raise ImproperlyConfigured("AURA_USE_WRITE_SECONDS: a number of seconds, or 0 to write use times at once.")
# Every per-address limit keys on this (REMOTE_ADDR, or X-Real-IP from a trusted proxy).
RATELIMIT_IP_META_KEY = "aura_site.api.clientip.client_ip"
AURA_TRUSTED_PROXIES = _env_list("AURA_TRUSTED_PROXIES")
for _proxy in AURA_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip("[]"), strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"AURA_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network (e.g. 10.0.0.5, 10.0.0.0/24)."
        ) from None
# A request that waited longer than this for a worker (X-Request-Start from a
# trusted proxy) is answered 503 service_unavailable at once; 0: never shed.
AURA_SHED_AFTER_MS = int(os.environ.get("AURA_SHED_AFTER_MS", "1000"))
if AURA_SHED_AFTER_MS < 0:
    raise ImproperlyConfigured("AURA_SHED_AFTER_MS: a number of milliseconds, or 0 to never shed.")
# Failed sign-ins (/accounts/login/, /admin/login/) before further attempts are
# refused with 429 until the window ends: per account, and per client address.
AURA_LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("AURA_LOGIN_FAILURES_PER_ACCOUNT", "10"))
AURA_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("AURA_LOGIN_FAILURES_PER_ADDRESS", "30"))
AURA_LOGIN_WINDOW_SECONDS = int(os.environ.get("AURA_LOGIN_WINDOW_SECONDS", "900"))
RATELIMIT_FAIL_OPEN = True  # counters unreachable: serve (logged), do not refuse everything
RATELIMIT_ENABLE = AURA_MODE != "local"
AURA_RATE_LIMIT_PER_MINUTE = int(os.environ.get("AURA_RATE_LIMIT_PER_MINUTE", "60"))
AURA_RATE_LIMIT_PER_SECOND = int(os.environ.get("AURA_RATE_LIMIT_PER_SECOND", "10"))
# Signed-in browsers (the dashboard loads several resources per page) count
# against a per-user budget of their own.
AURA_SESSION_RATE_LIMIT_PER_MINUTE = int(os.environ.get("AURA_SESSION_RATE_LIMIT_PER_MINUTE", "600"))
AURA_SESSION_RATE_LIMIT_PER_SECOND = int(os.environ.get("AURA_SESSION_RATE_LIMIT_PER_SECOND", "30"))
# A member is active this long after their last heartbeat (POST /v1/presence).
AURA_PRESENCE_WINDOW_SECONDS = int(os.environ.get("AURA_PRESENCE_WINDOW_SECONDS", "120"))
# POST /v1/invites/redeem is public: attempts per minute per client address.
AURA_INVITE_REDEEM_PER_MINUTE = int(os.environ.get("AURA_INVITE_REDEEM_PER_MINUTE", "10"))

# --- Auth, sessions ---------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "accounts.signin.LockoutBackend",  # a throttled sign-in stops before any password check
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/dashboard/"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = _env_list("AURA_CSRF_TRUSTED_ORIGINS")

# --- CORS: off unless exact origins are listed; never with credentials ----------
CORS_ALLOWED_ORIGINS = _env_list("AURA_CORS_ORIGINS")
CORS_ALLOW_CREDENTIALS = False
CORS_URLS_REGEX = r"^/(v1/|openapi\.json).*$"
CORS_ALLOW_HEADERS = [
    "authorization",
    "content-type",
    "idempotency-key",
    "aura-api-version",
    "last-event-id",
    "if-none-match",
]
CORS_EXPOSE_HEADERS = [
    "x-request-id",
    "x-aura-version",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "retry-after",
    "idempotent-replayed",
    "etag",
]

# --- Limits -------------------------------------------------------------------
AURA_MAX_BODY_BYTES = int(os.environ.get("AURA_MAX_BODY_BYTES", str(16 * 1024 * 1024)))
AURA_SNAPSHOT_MAX_BYTES = int(os.environ.get("AURA_SNAPSHOT_MAX_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = AURA_MAX_BODY_BYTES
# Uploads larger than this spool to a temporary file instead of memory (Django's
# default); the body limit itself is AURA_MAX_BODY_BYTES.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
AURA_EVENT_RETENTION_DAYS = int(os.environ.get("AURA_EVENT_RETENTION_DAYS", "30"))
AURA_IDEMPOTENCY_TTL_SECONDS = 24 * 3600
AURA_IDEMPOTENCY_LEASE_SECONDS = 60
AURA_WEBHOOK_ALLOWED_HOSTS = _env_list("AURA_WEBHOOK_ALLOWED_HOSTS")
# Event stream and webhook delivery timing (docs/api/events.md, docs/api/webhooks.md).
AURA_EVENT_HEARTBEAT_SECONDS = float(os.environ.get("AURA_EVENT_HEARTBEAT_SECONDS", "15"))
AURA_EVENT_REREAD_SECONDS = float(os.environ.get("AURA_EVENT_REREAD_SECONDS", "1"))
# A stream whose reader leaves more than this many bytes waiting in the server
# is closed (the client resumes with Last-Event-ID); 0: no bound.
AURA_EVENT_STREAM_MAX_BACKLOG_BYTES = int(os.environ.get("AURA_EVENT_STREAM_MAX_BACKLOG_BYTES", str(1024 * 1024)))
AURA_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("AURA_WEBHOOK_MAX_ATTEMPTS", "8"))
AURA_WEBHOOK_BACKOFF_SECONDS = float(os.environ.get("AURA_WEBHOOK_BACKOFF_SECONDS", "30"))

# --- Storage (snapshot blobs) -------------------------------------------------
MEDIA_ROOT = Path(os.environ.get("AURA_MEDIA_ROOT", VAR_DIR / "blobs"))
# Raw snapshot bodies spool here before they are stored: beside the blobs, so
# that storing one renames the file into place instead of copying it (a /tmp
# on another filesystem would cost a copy of every upload).
FILE_UPLOAD_TEMP_DIR = Path(os.environ.get("AURA_UPLOAD_TEMP_DIR", MEDIA_ROOT / ".incoming"))
try:
    FILE_UPLOAD_TEMP_DIR.mkdir(parents=True, exist_ok=True)
except OSError:  # a read-only blob store (a build step): Django's system check names the directory
    pass
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("AURA_STATIC_ROOT") or BASE_DIR / "staticfiles")

# --- i18n ---------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

# --- DRF ------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.BearerTokenAuthentication",
        "accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["aura_site.api.permissions.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["aura_site.api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "aura_site.api.pagination.KeysetPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "aura_site.api.errors.exception_handler",
    # JSON only: ?format= is not a switch (DRF would answer an unknown one with 404).
    "URL_FORMAT_OVERRIDE": None,
    "UNAUTHENTICATED_USER": None,
    "DATETIME_FORMAT": "%Y-%m-%dT%H:%M:%SZ",
    "PAGE_SIZE": 50,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Aura Mothership API",
    "DESCRIPTION": "The Aura HTTP API served to whole teams: intents, impacts, messages, "
    "snapshots, zones, Prove, events and webhooks.",
    "VERSION": AURA_API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "TAGS": [
        {"name": "Status", "description": "Who you are to the server: its version and API version, and the team "
         "your token acts in (with the others you belong to). The first call a client makes."},
        {"name": "Team", "description": "Your teams as a member sees them: the roster of members, and team sync — "
         "where you are in the team's event log, what is waiting for you, and who pushed to which branch."},
        {"name": "Members", "description": "Team administration (the admin scope): add members (humans and agents), "
         "change their role or display name, remove them. A team always keeps at least one admin."},
        {"name": "Tokens", "description": "Team administration (the admin scope): bearer tokens for members, with "
         "their scopes, expiry and rate limits. A new or rotated token's secret is shown once; rotation can keep the "
         "old secret working for a grace period; revocation is immediate."},
        {"name": "Webhooks", "description": "Team administration (the admin scope): URLs the team's events are "
         "POSTed to, signed with the webhook's secret, in raw JSON or a chat format; each one's delivery log, and a "
         "test ping."},
        {"name": "Events", "description": "The team's durable, ordered event log: poll it with a cursor, or hold "
         "an SSE stream open (subscribe=true, served by the ASGI server). What you see follows your read scopes."},
        {"name": "Intents", "description": "What was changed, by whom, and for which ticket: an intent records a "
         "change's summary, its tickets and the logic-graph nodes it touched. Strict teams refuse an intent "
         "without a ticket."},
        {"name": "Impacts", "description": "What another branch changed that affects yours: detected from intents, "
         "or reported by a client; acknowledge, resolve or dismiss them one at a time or in a batch."},
        {"name": "Messages", "description": "The team channel, direct messages between members, and the sentinel "
         "(messages the server posts, e.g. when a write runs into a block zone); mark them read."},
        {"name": "Snapshots", "description": "File content, content-addressed and stored once per team: upload as "
         "JSON or as a raw body, list and read the metadata, download the bytes (with ETag)."},
        {"name": "Zones", "description": "Claims on paths and node names, for a while: a warn zone tells others "
         "you are working there; a block zone refuses their snapshot writes (423). Check a path before writing."},
        {"name": "Prove", "description": "Check a goal's requirements against the logic graph of a repo and branch, "
         "synchronously, and keep the verdict in the history (with group_by and fail_rate over past runs)."},
        {"name": "Invites", "description": "Bring people and agents into a team: an admin makes a code (single- or "
         "N-use, with an expiry, a role and the first token's scopes, optionally for one handle); redeeming it "
         "(public) makes the member and returns its first token, shown once."},
        {"name": "Knowledge", "description": "The questions and answers a team accumulates, written by people and "
         "agents: tags, categories, upvotes, and full-text search ranked by relevance and votes."},
        {"name": "Presence", "description": "Who is active now, on which branch, editing what: a heartbeat a "
         "minute, whose answer carries what the client should act on (open impacts, unread messages, zones)."},
    ],
    "ENUM_NAME_OVERRIDES": {
        "NodeKindEnum": "intents.models.KINDS",
        "MemberKindEnum": "accounts.models.Member.KIND_CHOICES",
        "MemberRoleEnum": "accounts.models.Member.ROLE_CHOICES",
        "ImpactStatusEnum": "impacts.models.STATUSES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "aura_site.api.schema.postprocess",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("AURA_LOG_LEVEL", "WARNING")},
}
