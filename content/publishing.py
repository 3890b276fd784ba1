"""Draft/published status shared by everything readers can see."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def previews_drafts(self, user) -> bool:
        """Staff who may edit these objects also see their drafts."""
        opts = self.model._meta
        return user.is_authenticated and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def visible_to(self, user):
        """Readers see published objects; staff who may edit them also preview drafts."""
        return self if self.previews_drafts(user) else self.published()


class Stamped(models.Model):
    """The time of the last change: stored fragments of pages are keyed by it (content.fragments)."""

    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Publishable(Stamped):
    """A draft/published status and the time of the last change, for anything readers can see.

    Subclasses choose their default status (a new chapter starts as a draft; a new
    organisation is listed at once) by redeclaring `status` with another default.
    """

    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED
