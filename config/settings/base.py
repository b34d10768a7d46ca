"""Settings shared by every profile. Values come from the environment (twelve-factor)."""
from pathlib import Path

import dj_database_url

from config.env import cache_from_url, env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "incidents",
    "learning",
    "search",
    "api",
]

MIDDLEWARE = [
    "config.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns locked-out sign-ins into a clear page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "incidents.context_processors.vigil",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a report is written; a busy timeout waits instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the API's throttle counts. In one process (./dev run) its own memory is enough; with several
# server processes give them Redis (CACHE_URL=redis://host:6379/0), or each process keeps its own budget.
CACHES = {"default": cache_from_url(env("CACHE_URL"))}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling and lockout (django-axes): after AXES_FAILURE_LIMIT failures for one username from one
# address, that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Optional single sign-on through OpenID Connect (Microsoft Entra ID, NHS CIS2): on when a client id is set.
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("incidents.oidc.VigilOIDCBackend")
    OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", "")
    OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid email profile")
    OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", "NHS single sign-on")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
_NHSUK = BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
if _NHSUK.exists():
    STATICFILES_DIRS.append(("nhsuk", _NHSUK))

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "vigil@localhost")

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

REST_FRAMEWORK = {
    # Token first, so that a request without credentials answers 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # OPTIONS answers 405: the OpenAPI schema at /api/v1/schema/ is the description of each endpoint.
    "DEFAULT_METADATA_CLASS": None,
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenClientThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        # "number/second|minute|hour|day"; checked at start-up by the api app's system checks.
        "anonymous_submission": env("VIGIL_API_ANONYMOUS_SUBMISSION_RATE", "60/hour"),
        "follow_up": env("VIGIL_API_FOLLOW_UP_RATE", "30/minute"),
        "token": env("VIGIL_API_TOKEN_RATE", "1200/minute"),
    },
    # Proxies in front of the app server; 0 means "trust REMOTE_ADDR only" so X-Forwarded-For cannot be forged
    # to dodge per-address throttles. Set to 1 behind one TLS proxy.
    "NUM_PROXIES": env_int("VIGIL_API_NUM_PROXIES", 0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Vigil API",
    "DESCRIPTION": (
        "Patient safety incident reporting and learning. Every 4xx and 5xx answer has the body "
        '`{"error": {"code": "...", "message": "...", "fields": {"field": ["..."]}}}`. See docs/api.md.'
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_common_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "PhysicalHarmEnum": "incidents.models.PhysicalHarm",
        "PsychologicalHarmEnum": "incidents.models.PsychologicalHarm",
        "EventTypeEnum": "incidents.models.EventType",
        "AffectedEnum": "incidents.models.Affected",
        "IncidentStatusEnum": "incidents.models.Status",
        "LearningResponseEnum": "incidents.models.LearningResponse",
        "ActionStateEnum": "incidents.models.IncidentAction.State",
    },
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": True},
}

# Sessions: an idle ward PC must not stay signed in (30 minutes idle), and no session outlives a shift
# and a half (12 hours), however active.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_ABSOLUTE_LIFETIME = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)

# Content Security Policy (django-csp): only our own scripts, styles and images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # The NHS.UK design system loads the Frutiger web font from NHS England's asset server.
        "font-src": ["'self'", "data:", "https://assets.nhs.uk"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Years after an incident is closed; set these from the trust's own records retention schedule.
VIGIL_RETENTION = {
    "follow_up_codes": float(env("RETAIN_FOLLOW_UP_CODES_YEARS", "2")),
    "patient_identifiers": float(env("RETAIN_PATIENT_IDENTIFIERS_YEARS", "10")),
    "incidents": float(env("RETAIN_INCIDENTS_YEARS", "20")),
}

HEALTH_CHECKS = {"tasks": "config.health.check_task_queue"}
HEALTH_MAX_QUEUE_DEPTH = env_int("HEALTH_MAX_QUEUE_DEPTH", 1000)

VIGIL = {
    "TRUST_NAME": env("VIGIL_TRUST_NAME", "Demo Teaching Hospitals NHS Foundation Trust"),
    # Where staff reach Vigil; used for links in e-mails.
    "BASE_URL": env("VIGIL_BASE_URL", "http://127.0.0.1:8000"),
    # Narrative fields longer than this are refused with a clear error rather than stored.
    "MAX_NARRATIVE_CHARS": env_int("VIGIL_MAX_NARRATIVE_CHARS", 20000),
    # Dotted path to a function(text, *, known=[...]) -> str used wherever identifiers must not be shown.
    "REDACTOR": env("VIGIL_REDACTOR", "learning.redaction.redact"),
}

# Themes that learn (learning/): where trained models live and how suggestions are shown.
LEARNING = {
    # One sub-directory per model version plus a CURRENT file; `manage.py themes_train` writes here.
    "MODEL_DIR": env("VIGIL_MODEL_DIR", str(BASE_DIR / "var" / "models")),
    # Pin a model version (directory name or absolute path); empty means the one CURRENT names.
    "THEMES_MODEL": env("VIGIL_THEMES_MODEL", ""),
    # Scores below this are not stored as suggestions at all.
    "SUGGESTION_FLOOR": float(env("VIGIL_SUGGESTION_FLOOR", "0.1")),
    # How many times `themes_backfill` retries an incident whose classification keeps failing.
    "MAX_ATTEMPTS": env_int("VIGIL_CLASSIFY_MAX_ATTEMPTS", 5),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.middleware.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "config.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("LOG_FORMAT", "plain"),
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        # One line per request (method, route, status, duration; never user, address or query string).
        "vigil.request": {"level": env("LOG_REQUESTS_LEVEL", "WARNING")},
    },
}

# Search (search/, docs/search.md): configured like CACHES. The database backend (SQLite FTS5 or
# PostgreSQL full text) is the default; set SEARCH_BACKEND to the Elasticsearch backend at scale.
SEARCH_BACKENDS = {
    "default": {
        "BACKEND": env("SEARCH_BACKEND", "search.backends.database.DatabaseSearchBackend"),
        # Used only by search.backends.elasticsearch.ElasticsearchSearchBackend.
        "URLS": env_list("ELASTICSEARCH_URL", ["http://localhost:9200"]),
        "INDEX": env("SEARCH_INDEX", "vigil-incidents"),
        "OPTIONS": {
            "API_KEY": env("ELASTICSEARCH_API_KEY", ""),
            "CA_CERTS": env("ELASTICSEARCH_CA_CERTS", ""),
            "TIMEOUT": env_int("ELASTICSEARCH_TIMEOUT", 10),
        },
    }
}
# Classifier suggestions at or above this score are indexed as themes (confirmed themes always are).
SEARCH_SUGGESTION_MIN_SCORE = float(env("SEARCH_SUGGESTION_MIN_SCORE", "0.5"))
# Saved-search e-mails wait this long after a report so that indexing has caught up.
SEARCH_NOTIFY_SETTLE_SECONDS = env_int("SEARCH_NOTIFY_SETTLE_SECONDS", 300)
