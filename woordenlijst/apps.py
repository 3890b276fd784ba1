from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WoordenlijstConfig(AppConfig):
    """The glossary: terms, their translations, and recognising them in text and queries."""

    name = "woordenlijst"
    verbose_name = _("Glossary")
