"""Vluchtwijzer settings: one module, configured from the environment.

Every variable is documented in the README ("Configuration"). A value that cannot be parsed
stops the start-up with a clear message instead of silently falling back.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # git-ignored: the SQLite file and the generated dev secret live here


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _local_secret_key() -> str:
    """A random key kept in var/ so a first run (DEBUG) needs no configuration."""
    VAR_DIR.mkdir(exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Without a key and without DEBUG, commands that sign nothing (check, makemigrations, migrate)
# still run on a key invented for this process; serving and signed e-mail refuse to start and
# `check --deploy` reports it (content/configuration.py).
SECRET_KEY_CONFIGURED = bool(SECRET_KEY) or DEBUG
if not SECRET_KEY:
    SECRET_KEY = _local_secret_key() if DEBUG else secrets.token_urlsafe(50)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin integration is patched in.
    "modeltranslation",
    "beheer.apps.VerifiedAdminConfig",  # django.contrib.admin, with the second-factor site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # search on PostgreSQL; harmless on SQLite
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "reversion",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "beheer",  # after the django_otp apps: it takes their device admins off the site
    # The project's apps, bottom layer first (the layers are checked by `make lint`, README "Layout").
    "content",
    "trajecten",
    "organisaties",
    "woordenlijst",
    "actueel",
    "zoeken",
    "vertalen",
    "onderhoud",  # keeping listings and links true: checks, reader reports, link checker, "Mijn regio"
    "stappen",
    "vluchtwijzer",  # the composition: its management commands see every app (restore_backup)
]

# The apps whose models readers see: a save bumps the content version (content/invalidation.py).
CONTENT_APPS = ["content", "trajecten", "organisaties", "woordenlijst", "actueel", "stappen"]
# `load_starterskit` runs each app's seed loader in this order (each needs the ones before).
STARTERSKIT_LOADERS = [
    "actueel.seed.ActueelSeed",  # the rules first: the texts refer to them
    "trajecten.seed.TrajectenSeed",
    "organisaties.seed.OrganisatiesSeed",
    "woordenlijst.seed.WoordenlijstSeed",
    "stappen.seed.StappenSeed",  # last: steps point at chapters, rules, regions and organisations
]
# Tokens in Markdown, `{{kind:key}}`, and the class that renders each kind (content/markup.py).
MARKUP_TOKENS = {"regel": "actueel.markup.RuleTokens"}
# What the admin calls when staff tick "Announce this change" (a line of "Wat is er veranderd?").
CHANGE_ANNOUNCER = "actueel.announcements.announce_change"
# Staff roles (groups) and what they may do, kept in sync after every migrate (beheer/roles.py):
# "app_label" grants every permission of an app, "app_label.codename" one permission.
STAFF_ROLES = {
    "Redactie": ["trajecten", "organisaties", "woordenlijst", "actueel", "onderhoud", "stappen",
                 "content.view_translationstatus", "content.change_translationstatus",
                 "content.view_seedrecord"],
    "Regiocoördinatoren": ["organisaties.view_organisation", "organisaties.add_organisation",
                           "organisaties.change_organisation", "organisaties.delete_organisation",
                           # their region's queue (onderhoud), scoped like the listings
                           "onderhoud.view_report", "onderhoud.change_report",
                           "onderhoud.view_changeproposal", "onderhoud.change_changeproposal",
                           "onderhoud.view_verificationrequest",
                           "onderhoud.view_linkcheck", "onderhoud.change_linkcheck"],
}  # fmt: skip
# Where a staff member lands after the second sign-in step when they asked for the admin's
# index: coordinators and editors see "Mijn regio" first (beheer reads this dotted path).
STAFF_LANDING_PAGE = "onderhoud.overview.landing_page"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "content.middleware.PrebuiltCSPMiddleware",  # django-csp, its static policy built once
    "content.page_cache.PageCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "content.middleware.DatabaseUnavailableMiddleware",
    # Last, so it sees the failed logins the authentication middleware let through.
    "axes.middleware.AxesMiddleware",
]

# A chapter's admin form carries its sections, suggestions and testimonials in ten languages:
# well over Django's default of 1,000 fields (a larger number is still a limit).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Only staff see messages, and staff have sessions: no signed message cookie to read for readers.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login throttling first: refuses locked-out attempts
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "vluchtwijzer.urls"
WSGI_APPLICATION = "vluchtwijzer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# DATABASE_URL unset: an SQLite file for a first run. postgres://user:pass@host:5432/name in production.
_default_sqlite = f"sqlite:///{VAR_DIR / 'vluchtwijzer.sqlite3'}"
if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=_default_sqlite,
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured("DATABASE_URL must be a sqlite:// or postgres:// URL.")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Dutch is the source; the others are translations of it. Adding one: README.
LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", _("Dutch")),
    ("fr", _("French")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
    ("fa", _("Dari/Farsi")),
    ("ps", _("Pashto")),
    ("ti", _("Tigrinya")),
    ("tr", _("Turkish")),
    ("so", _("Somali")),
]
# Django knows Turkish but not these three: their names in their own script, and Pashto's direction.
LANG_INFO.update(
    {
        "ps": {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"},
        "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
        "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
    }
)
LANGUAGES_BIDI = ["ar", "fa", "ps"]
# Day-month-year dates for the languages Django has no formats for (vluchtwijzer/formats/).
FORMAT_MODULE_PATH = ["vluchtwijzer.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "nl"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl",)

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Whole-page cache for readers (content/page_cache.py), keyed by the content version. Without
# REDIS_URL each process keeps its own cache and learns of an edit from a stamp file (one
# machine); with it, pages, fragments and the version live in Redis, shared by every app server.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
# Stored fragments of pages (content/fragments.py); off while developing, so a template edit shows.
FRAGMENT_CACHE = env_bool("FRAGMENT_CACHE", not DEBUG)
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "vluchtwijzer"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# How a process learns that the content changed (content/version.py): "stamp" (a file, one
# machine), "cache" (the shared cache) or "database" (one query per request).
CONTENT_VERSION_SOURCE = os.environ.get("CONTENT_VERSION_SOURCE", "cache" if REDIS_URL else "stamp")
if CONTENT_VERSION_SOURCE not in ("stamp", "cache", "database"):
    raise ImproperlyConfigured("CONTENT_VERSION_SOURCE must be stamp, cache or database.")
if CONTENT_VERSION_SOURCE == "cache" and not REDIS_URL:
    raise ImproperlyConfigured("CONTENT_VERSION_SOURCE=cache needs a shared cache: set REDIS_URL.")
CONTENT_VERSION_STAMP = os.environ.get("CONTENT_VERSION_STAMP", str(VAR_DIR / "content-version"))

# Security: safe defaults in production, relaxed only by DEBUG for local development.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Only staff have sessions (readers get no cookie). A staff session ends after a working day
# without activity; each request moves the deadline.
SESSION_COOKIE_AGE = env_int("STAFF_SESSION_HOURS", 8) * 3600
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("BEHIND_TLS_PROXY", False):
    # Trust the proxy's X-Forwarded-Proto only when the README's deployment says it sets it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: everything from this site only; no inline scripts or styles anywhere,
# no third parties (fonts, scripts, analytics). Nothing may frame the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
}

# Admin login throttling (django-axes): after 5 failed attempts for a user name from one
# address, that combination is locked for an hour; staff unlock it in the admin.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_RESET_ON_SUCCESS = True
PROXY_COUNT = env_int("PROXY_COUNT", 0)  # reverse proxies in front that add X-Forwarded-For
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT or None

# Staff sign in with a second factor (beheer/): an authenticator app (TOTP) or a passkey, with
# recovery codes. Passkeys belong to one domain: WEBAUTHN_RP_ID and the origins the browser
# shows, which default to the first host name in ALLOWED_HOSTS.
OTP_TOTP_ISSUER = "Vluchtwijzer"
OTP_WEBAUTHN_RP_NAME = "Vluchtwijzer"
OTP_WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID") or ALLOWED_HOSTS[0].lstrip(".")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "WEBAUTHN_ORIGINS",
    ",".join(
        [f"https://{OTP_WEBAUTHN_RP_ID}"]
        + ([f"http://localhost:{env_int('PORT', 8000)}"] if DEBUG else [])
    ),
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a passkey is the second step, after the password

# E-mail (the yearly listing check and the coordinators' digest): SMTP from the environment.
# Without EMAIL_HOST, DEBUG prints mails to the console and production hands them to a mail
# server on localhost:25 (Django's default).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true.")
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_HOST = "localhost"
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)  # seconds: a hanging mail server must not hang cron
_mail_domain = ALLOWED_HOSTS[0].lstrip(".") if ALLOWED_HOSTS else "localhost"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"Vluchtwijzer <noreply@{_mail_domain}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address in e-mails (links in the listing check), e.g. https://vluchtwijzer.be.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/") or (
    f"http://localhost:{env_int('PORT', 8000)}" if DEBUG else f"https://{_mail_domain}"
)

# Keeping listings true (onderhoud/, README "Keeping listings true").
VERIFY_EVERY_DAYS = env_int("VERIFY_EVERY_DAYS", 365)  # a listing is checked once per period
VERIFY_ANSWER_DAYS = (
    30  # the links in the e-mail work this long; then it is in the coordinator's queue
)
REPORTS_PER_HOUR = env_int("REPORTS_PER_HOUR", 5)  # reader reports per address per hour
REPORT_MIN_SECONDS = 3  # a person needs longer than this to read the form and type a message
LINK_CHECK_TIMEOUT = env_int("LINK_CHECK_TIMEOUT", 15)  # seconds per request
LINK_CHECK_WORKERS = env_int("LINK_CHECK_WORKERS", 16)  # URLs checked at the same time

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
