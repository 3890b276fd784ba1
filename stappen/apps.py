from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StappenConfig(AppConfig):
    """ "Welke stappen nu?": a personal checklist across chapters, by legal situation, age and region."""

    name = "stappen"
    verbose_name = _("Next steps")
