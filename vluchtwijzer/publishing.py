"""Draft/published status shared by everything readers can see."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Readers see published objects; staff who may edit them also preview drafts."""
        opts = self.model._meta
        if user.is_authenticated and user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            return self
        return self.published()
