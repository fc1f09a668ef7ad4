"""All settings, read from the environment in this one module (see .env.example).

A bad or missing value fails at start-up with the variable's name, never later.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

ENVIRONMENTS = ("development", "test", "production")
DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in ENVIRONMENTS:
    raise ImproperlyConfigured(f"DJANGO_ENV must be one of {ENVIRONMENTS}, not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be false when DJANGO_ENV=production")

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")  # required: no default in production
else:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The base of every link that leaves the portal (sponsorship/links.py). Unset, it is the
# local server on PORT, the port `make run` serves on (scripts/dev.py sets both).
PORT = env.int("PORT", default=8000)
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{PORT}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_htmx",
    "pgtrigger",
    "rules.apps.AutodiscoverRulesConfig",
    "sponsorship",
    "groups",
    "newcomers",
    "housing",
    "training",
    "matching",
    "sponsorships",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sponsorship.input_guard.InputGuardMiddleware",
    "sponsorship.csp.ReportingCspMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sponsorship.middleware.NoStoreMiddleware",
    "sponsorship.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sponsorship.outbox.DeferredWorkMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sponsorship.middleware.StaffSessionMiddleware",
    "sponsorship.middleware.MfaRequiredMiddleware",
]

ROOT_URLCONF = "sponsorship.urls"
WSGI_APPLICATION = "sponsorship.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sponsorship.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env.db_url("DATABASE_URL")}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...)")
# A socket directory may come as ?host=/path (the embedded server): make it the HOST.
if not DATABASES["default"].get("HOST") and "host" in DATABASES["default"].get("OPTIONS", {}):
    DATABASES["default"]["HOST"] = DATABASES["default"]["OPTIONS"].pop("host")
# A connection per request costs a connect and authentication each time; production keeps
# each for a minute, checked before reuse (a restarted PostgreSQL costs one error-free
# reconnect, not a failed request). Development stays at 0: runserver opens a thread, so
# a connection, per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60 if PRODUCTION else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False

REDIS_URL = env.str("REDIS_URL")
# While Redis is unreachable the cache falls back to each process's memory (logins and
# the public form keep working; rate limits count per process): sponsorship/cache.py.
CACHE_TIMEOUT_SECONDS = env.float("CACHE_TIMEOUT_SECONDS", default=0.5)
CACHES = {
    "default": {
        "BACKEND": "sponsorship.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
        "OPTIONS": {
            "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
            "socket_timeout": CACHE_TIMEOUT_SECONDS,
        },
    }
}

AUTH_USER_MODEL = "sponsorship.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "sponsorship.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# allauth: e-mail login, no open sign-up (see sponsorship.accounts.AccountAdapter).
ACCOUNT_ADAPTER = "sponsorship.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Samen Hier] "
# Rate limits live in the shared Redis cache, so they hold across web processes.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "login": "30/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Samen Hier portal"
STAFF_IDLE_SECONDS = env.int("STAFF_IDLE_MINUTES", default=30) * 60
# The idle timer is renewed (the session written) at most this often, not on every request.
STAFF_IDLE_STAMP_SECONDS = 60
# However active, a staff session ends this long after its login (ASVS 7.3.2).
STAFF_SESSION_MAX_SECONDS = env.int("STAFF_SESSION_MAX_HOURS", default=12) * 60 * 60

# The number of proxies in front of the portal that append to X-Forwarded-For (the TLS
# proxy of the documented set-up: 1). The client address for the audit, every rate limit
# and allauth is the entry that many hops from the right (sponsorship.middleware.client_ip);
# with 0 the header is ignored and REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Amsterdam")
USE_I18N = True
USE_TZ = True
# One date style per language (sponsorship/formats/<lang>/formats.py): "vr 11 dec 2026".
FORMAT_MODULE_PATH = ["sponsorship.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    # Icons (npm lucide-static, ISC); static/css/portal.css names the ones it uses.
    ("vendor/lucide", BASE_DIR / "node_modules" / "lucide-static" / "icons"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Empty means unset (as in .env.example), not the working directory.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default="") or BASE_DIR / ".local" / "media")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Production must name a real mail server, checked here rather than by `check --deploy`
# alone (which nothing runs at start-up): a console backend would print every mail, with
# its personal data and login links, to the log. Elsewhere mail is printed by default.
_DEV_ONLY_MAIL_SCHEMES = ("consolemail", "filemail", "memorymail", "dummymail")
# django-environ reads smtps:// as STARTTLS, which hangs against an implicit-TLS port, and
# knows no submission://; both are rewritten to what they mean, with their usual port.
_MAIL_SCHEME_ALIASES = {"smtps": ("smtp+ssl", 465), "submission": ("smtp+tls", 587)}
_email_url = env.str("EMAIL_URL", default="") or ("" if PRODUCTION else "consolemail://")
_email_scheme = _email_url.partition("://")[0]
if PRODUCTION and (not _email_url or _email_scheme in _DEV_ONLY_MAIL_SCHEMES):
    raise ImproperlyConfigured(
        "EMAIL_URL must name a mail server when DJANGO_ENV=production, e.g. "
        "smtp+tls://user:password@smtp.example.org:587 (percent-encode @ : / in the password)"
    )
if _email_scheme in _MAIL_SCHEME_ALIASES:
    _email_scheme, _default_port = _MAIL_SCHEME_ALIASES[_email_scheme]
    _email_url = _email_scheme + _email_url[_email_url.index("://") :]
else:
    _default_port = None
_email = environ.Env.email_url_config(_email_url)
_email["EMAIL_PORT"] = _email.get("EMAIL_PORT") or _default_port
_email_options = {
    key: _email[setting]
    for key, setting in [
        ("host", "EMAIL_HOST"),
        ("port", "EMAIL_PORT"),
        ("username", "EMAIL_HOST_USER"),
        ("password", "EMAIL_HOST_PASSWORD"),
        ("use_tls", "EMAIL_USE_TLS"),
        ("use_ssl", "EMAIL_USE_SSL"),
        ("file_path", "EMAIL_FILE_PATH"),
    ]
    if _email.get(setting) not in (None, "")
}
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    # A mail server that accepts the connection and then stalls must not hold a worker
    # (or a request) for ever.
    _email_options["timeout"] = env.int("EMAIL_TIMEOUT_SECONDS", default=20)
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Samen Hier <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
# Lax, not Strict: a link in an e-mail (invitation, notification) must open logged in.
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads these: htmx takes the CSRF token from the page's form field (portal.js).
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Flash messages live in the session: a cookie of their own would carry their text (an
# e-mail address, a household's name) signed but readable, and without the __Host- prefix.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
X_FRAME_OPTIONS = "DENY"

# Nothing on a page may come from another host (privacy): 'self' only. Scripts also need
# the request's nonce (every <script> tag carries nonce="{{ csp_nonce }}"), so a script
# injected into a page of this origin does not run; no 'unsafe-inline' anywhere (htmx's
# indicator styles are off, see base.html). Violations are reported to /csp-report
# (sponsorship.csp; ASVS 3.4.3, docs/security.md).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "report-uri": "/csp-report",
    "report-to": "csp-endpoint",
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # __Host- cookies (ASVS 3.3.1): a browser keeps them only when Secure, with Path=/ and
    # no Domain, so neither a sibling subdomain nor a plain-http page can set or shadow them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # The container's health check asks over plain http from inside (docker-compose.yml);
    # /healthz carries no personal data, so it answers there instead of redirecting.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_SSL_HOST = env.str("SECURE_SSL_HOST", default=None)

# Celery: Redis as broker and result store. Late acks: a job whose worker dies is
# redelivered instead of lost; tasks are therefore written to be idempotent.
# Empty means unset, as .env.example lists them: an empty broker URL would make Celery
# fall back to amqp://localhost without a word.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or REDIS_URL
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="portal")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
# Every background job goes through the outbox (sponsorship/outbox.py): published after
# the commit over a connection that fails within OUTBOX_PUBLISH_TIMEOUT_SECONDS, else
# left for the sweeper; a run or bundle no worker started within OUTBOX_GIVE_UP_MINUTES
# is failed with a reason.
OUTBOX_PUBLISH_TIMEOUT_SECONDS = env.float("OUTBOX_PUBLISH_TIMEOUT_SECONDS", default=1.0)
OUTBOX_REDISPATCH_SECONDS = env.int("OUTBOX_REDISPATCH_SECONDS", default=300)
OUTBOX_LEASE_SECONDS = CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
OUTBOX_GIVE_UP_SECONDS = env.int("OUTBOX_GIVE_UP_MINUTES", default=30) * 60
# E-mail rows (sponsorship/mail.py): given up (their secrets wiped) when the mail server
# took none of the attempts within this many hours; deleted this many days after.
OUTGOING_MAIL_GIVE_UP_HOURS = env.int("OUTGOING_MAIL_GIVE_UP_HOURS", default=24)
OUTGOING_MAIL_KEEP_DAYS = env.int("OUTGOING_MAIL_KEEP_DAYS", default=7)
CELERY_BEAT_SCHEDULE: dict = {
    "sweep-outbox": {
        "task": "sponsorship.tasks.sweep_outbox",
        "schedule": 30,
    },
    "purge-expired-application-drafts": {
        "task": "groups.tasks.purge_expired_drafts",
        "schedule": 60 * 60 * 6,
    },
    "purge-old-csp-reports": {
        "task": "sponsorship.tasks.purge_csp_reports",
        "schedule": 60 * 60 * 24,
    },
    # A run whose worker died is failed within about a minute, so it can be started again.
    "matching-reap-stale-runs": {
        "task": "matching.tasks.reap_stale_runs",
        "schedule": 30,
    },
    # Reminders are idempotent (one row per user and key), so the morning run is repeated
    # hourly: a run lost with a killed worker is completed by the next one.
    "run-reminders": {
        "task": "sponsorship.tasks.run_reminders",
        "schedule": crontab(minute=5, hour="6-9"),
    },
    "send-notification-emails": {
        "task": "sponsorship.tasks.send_notification_emails",
        "schedule": 60 * 5,
    },
    # Retries what the mail server did not take; new rows are sent at once (the outbox).
    "send-outgoing-mail": {
        "task": "sponsorship.tasks.send_outgoing_mail",
        "schedule": 60 * 5,
    },
    "purge-outgoing-mail": {
        "task": "sponsorship.tasks.purge_outgoing_mail",
        "schedule": 60 * 60 * 24,
    },
    "send-digests": {
        "task": "sponsorship.tasks.send_digests",
        "schedule": crontab(minute=30, hour=17),
    },
}

HEALTHZ_TIMEOUT_SECONDS = env.float("HEALTHZ_TIMEOUT_SECONDS", default=1.0)
# /healthz calls the worker down when no worker stamped its heartbeat for this long
# (sponsorship/worker_health.py; a worker stamps every 10 s).
HEALTHZ_WORKER_STALE_SECONDS = env.float("HEALTHZ_WORKER_STALE_SECONDS", default=120.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
