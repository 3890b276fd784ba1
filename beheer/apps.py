from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class BeheerConfig(AppConfig):
    """Staff sign-in with a second factor, and the admin site that requires it."""

    default = True
    name = "beheer"
    verbose_name = _("Staff access")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .roles import sync_roles

        # After every app's permissions exist (auth creates them on post_migrate too, earlier).
        post_migrate.connect(sync_roles, dispatch_uid="beheer-sync-roles")


class VerifiedAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with our site as the default: every `admin.register` lands on it."""

    default = False
    default_site = "beheer.sites.VerifiedAdminSite"
