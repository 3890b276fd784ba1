from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VertalenConfig(AppConfig):
    """Translators in the loop: XLIFF and PO round trips, a review screen, consistent legal terms."""

    name = "vertalen"
    verbose_name = _("Translating")
