from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisatiesConfig(AppConfig):
    name = "organisaties"
    verbose_name = _("Organisations")
