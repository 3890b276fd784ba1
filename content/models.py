"""Free pages (the leeswijzer, "Wat nu?") and the record the content loader keeps of what it wrote."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vluchtwijzer.publishing import PublishableQuerySet, Status


class Page(models.Model):
    """A free page outside the chapters, e.g. the introduction. Translated fields: translation.py."""

    slug = models.SlugField(_("slug"), unique=True)  # one slug for all languages
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("body"), help_text=_("Markdown. Write [^12] to cite source 12."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:page", kwargs={"slug": self.slug})


class SeedRecord(models.Model):
    """What `load_starterskit` last wrote for one seeded object.

    The fingerprint lets the loader tell an untouched object (safe to update from the seed files)
    from one that staff edited in the admin (left alone), and a record without its object means
    staff deleted it (not re-created).
    """

    key = models.CharField(_("seed key"), max_length=255, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    fingerprint = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("seed record")
        verbose_name_plural = _("seed records")

    def __str__(self) -> str:
        return self.key
