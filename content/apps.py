from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    """The bottom layer: translation provenance, content version and page cache, seed engine,
    markup and publishing. It imports no domain app."""

    name = "content"
    verbose_name = _("Content and translations")

    def ready(self) -> None:
        from . import configuration, invalidation  # noqa: F401 - models are ready; checks register

        invalidation.connect()
