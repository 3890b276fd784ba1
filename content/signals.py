"""Bump the ContentVersion whenever anything readers see is saved or deleted.

This is cache invalidation, not business logic: it must follow every write path (admin, loader,
shell), which is what model signals are for. Bulk writes without signals bump it themselves.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

CONTENT_APPS = ("trajecten", "content", "organisaties")
IGNORED = {"contentversion", "seedrecord"}


def bump(sender, **kwargs) -> None:
    from .models import ContentVersion

    ContentVersion.bump()


def connect() -> None:
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.model_name in IGNORED:
                continue
            post_save.connect(bump, sender=model, dispatch_uid=f"bump-save-{model._meta.label}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"bump-delete-{model._meta.label}")
            for field in model._meta.many_to_many:
                m2m_changed.connect(
                    bump, sender=field.remote_field.through, dispatch_uid=f"bump-m2m-{field}"
                )
