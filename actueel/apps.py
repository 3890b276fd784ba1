from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActueelConfig(AppConfig):
    """Facts that stay true: dated legal rules, review dates, and "Wat is er veranderd?"."""

    name = "actueel"
    verbose_name = _("Up to date")
