from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class BeheerConfig(AppConfig):
    """Staff sign-in with a second factor, and the admin site that requires it."""

    default = True
    name = "beheer"
    verbose_name = _("Staff access")


class VerifiedAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with our site as the default: every `admin.register` lands on it."""

    default = False
    default_site = "beheer.sites.VerifiedAdminSite"
