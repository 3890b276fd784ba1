"""The bottom layer's records: what the loader wrote, where each translation comes from, and
the content version every cache is keyed by. No domain model lives here."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

# Inside ContentVersion.deferred(): an object that stands for that block of writes, else None.
_deferred: ContextVar[object | None] = ContextVar("content_version_deferred", default=None)


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


class TranslationStatusQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def for_objects(self, objects, language: str):
        """The statuses of many objects (of any models) in one language: one query."""
        by_type: dict[int, list[int]] = {}
        for obj in objects:
            by_type.setdefault(ContentType.objects.get_for_model(obj).pk, []).append(obj.pk)
        condition = models.Q(pk__in=[])
        for content_type_id, ids in by_type.items():
            condition |= models.Q(content_type_id=content_type_id, object_id__in=ids)
        return self.filter(condition, language=language)


class TranslationStatus(models.Model):
    """Where one object's translation into one language comes from, and whether it is still current.

    `source_fingerprint` is the version of the Dutch text the translation was made from. When
    staff change that Dutch text (without ticking "minor edit"), `outdated_since` is set and
    readers see that the translation may be older than the Dutch.
    """

    class Quality(models.TextChoices):
        MACHINE_DRAFT = "draft", _("Machine draft")
        REVIEWED = "reviewed", _("Reviewed")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("language"), max_length=10)
    quality = models.CharField(
        _("quality"), max_length=20, choices=Quality, default=Quality.MACHINE_DRAFT
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    translator = models.CharField(
        _("translator"),
        max_length=200,
        blank=True,
        help_text=_("Who reviewed it outside the admin, from an imported file (XLIFF or PO)."),
    )
    source_fingerprint = models.CharField(_("made from Dutch version"), max_length=64)
    outdated_since = models.DateTimeField(_("Dutch text changed on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TranslationStatusQuerySet.as_manager()

    class Meta:
        ordering = ["content_type", "object_id", "language"]
        verbose_name = _("translation status")
        verbose_name_plural = _("translation statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"], name="one_status_per_language"
            ),
        ]
        indexes = [models.Index(fields=["language", "content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} [{self.language}]"

    @property
    def is_outdated(self) -> bool:
        return self.outdated_since is not None

    @property
    def reviewer_name(self) -> str:
        """Who readers are told checked this translation (uses the select_related user, if any)."""
        if self.translator:
            return self.translator
        user = self.reviewed_by
        return (user.get_full_name() or user.get_username()) if user else ""


class ContentVersion(models.Model):
    """One row whose counter goes up whenever anything readers can see changes.

    Cached pages and fragments are keyed by it, so every app server sees an edit at once:
    the database is the only shared state (see content.page_cache).
    """

    counter = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("content version")

    def __str__(self) -> str:
        return str(self.counter)

    @classmethod
    def current(cls) -> int:
        """One query. Creates the row on first use. Requests use content.version.current_version()."""
        row = cls.objects.filter(pk=1).values_list("counter", flat=True).first()
        if row is None:
            cls.objects.get_or_create(pk=1)
            return 0
        return row

    @classmethod
    def bump(cls) -> None:
        if _deferred.get() is not None:
            return  # counted once when the deferred() block ends
        updated = cls.objects.filter(pk=1).update(counter=models.F("counter") + 1)
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"counter": 1})
        from .version import bumped  # the processes' memory of the version (imports this module)

        bumped()

    @classmethod
    @contextmanager
    def deferred(cls):
        """One bump for a whole block of writes (the loader saves thousands of objects)."""
        token = _deferred.set(object())
        try:
            yield
        finally:
            _deferred.reset(token)
        cls.bump()

    @classmethod
    def deferred_block(cls) -> object | None:
        """The deferred() block the current writes belong to, so others can act once per block."""
        return _deferred.get()
