"""Bump the ContentVersion whenever anything readers see is saved or deleted.

This is cache invalidation, not business logic: it must follow every write path (admin, loader,
shell), which is what model signals are for. A restore (loaddata) is the exception: it bumps
once at the end (`manage.py bump_content_version`, run by `make restore`). The apps whose models readers see are named in
settings.CONTENT_APPS, so this bottom layer never imports them. Bulk writes that send no
signals (and the loader, inside ContentVersion.deferred()) bump once themselves.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import ContentVersion

IGNORED = {"contentversion", "seedrecord"}


def bump(sender, raw: bool = False, **kwargs) -> None:
    if raw:
        return  # loaddata (a restore) saves thousands of rows; `make restore` bumps once after it
    ContentVersion.bump()


def bump_after_m2m_change(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):  # pre_ and post_ both fire; count the change once
        ContentVersion.bump()


def connect() -> None:
    for label in settings.CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.model_name in IGNORED:
                continue
            post_save.connect(bump, sender=model, dispatch_uid=f"bump-save-{model._meta.label}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"bump-delete-{model._meta.label}")
            for field in model._meta.many_to_many:
                m2m_changed.connect(
                    bump_after_m2m_change,
                    sender=field.remote_field.through,
                    dispatch_uid=f"bump-m2m-{field}",
                )
