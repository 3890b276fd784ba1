"""WSGI entry point: `gunicorn vluchtwijzer.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vluchtwijzer.settings")

application = get_wsgi_application()

# Never serve on a key invented for this process (content/configuration.py).
from content.configuration import refuse_without_secret_key  # noqa: E402 - needs the settings

refuse_without_secret_key()
