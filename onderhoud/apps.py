from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnderhoudConfig(AppConfig):
    """Keeping the portal true: listing checks by e-mail, reader reports, the link checker, "Mijn regio"."""

    name = "onderhoud"
    verbose_name = _("Upkeep")
