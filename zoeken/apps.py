from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZoekenConfig(AppConfig):
    """Search across chapters, sections, actions, organisations and the glossary (no models)."""

    name = "zoeken"
    verbose_name = _("Search")
