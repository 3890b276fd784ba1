"""The one setting a server must not invent: SECRET_KEY.

Without it (and without DEBUG) the settings still load, so `manage.py check`, `makemigrations`
and `migrate` run anywhere; but nothing that signs may run on a key invented for one process:
the site refuses to serve (vluchtwijzer/wsgi.py), the yearly e-mail refuses to send its signed
links, and `manage.py check --deploy` reports it. One key invented per server would otherwise
silently break sign-ins and links between servers.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MISSING = (
    "SECRET_KEY must be set when DEBUG is false: the same long random value on every app server "
    "(see README, Configuration). For local development set DEBUG=true."
)


def refuse_without_secret_key() -> None:
    """Raise before doing anything that signs, unless SECRET_KEY is configured (or DEBUG)."""
    if not settings.SECRET_KEY_CONFIGURED:
        raise ImproperlyConfigured(MISSING)


@checks.register(checks.Tags.security, deploy=True)
def secret_key_configured(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if settings.SECRET_KEY_CONFIGURED:
        return []
    return [checks.Error(MISSING, id="content.E001")]
