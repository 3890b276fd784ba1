"""The newcomer's trajectory as the starterskit tells it.

A Part groups Chapters; a Chapter holds ordered Sections, "Wat kan jij doen?" Actions,
Testimonials and numbered Sources. Testimonials and Sources can also belong to a free
Page of the kit (the leeswijzer cites sources 1-5). Translated fields are in translation.py.
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.fields import WebAddressField
from content.memo import per_content_version
from content.publishing import Publishable, PublishableQuerySet, Stamped, Status
from content.translation_status import other_languages


class Part(Stamped):
    """One of the kit's two parts: asking for protection, and life after a status."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("part")
        verbose_name_plural = _("parts")

    def __str__(self) -> str:
        return self.title


class ChapterQuerySet(PublishableQuerySet):
    def due_for_review(self, today: datetime.date | None = None):
        """Chapters nobody checked yet, or whose review period has passed (a query, then Python:
        the period is per chapter and SQLite has no month arithmetic)."""
        today = today or timezone.localdate()
        due = [
            c.pk for c in self.only("last_checked", "review_every_months") if c.review_due(today)
        ]
        return self.filter(pk__in=due)

    def for_page(self, language: str):
        """The chapter's own row for a reader of `language`, nothing on it (the stored body
        shows its part: see for_detail)."""
        return self.defer(*other_languages(Chapter, language))

    def for_detail(self, language: str | None = None):
        """The chapter's own text, in a fixed number of queries (its map and nearby organisations
        are fetched by their own template tags: organisaties sits above trajecten).

        With `language`, only that language's and Dutch columns are read: a reader's page."""

        def only_read(model, prefix=""):
            return other_languages(model, language, prefix) if language else []

        return (
            self.select_related("part")
            .defer(*only_read(Chapter), *only_read(Part, "part__"))
            .prefetch_related(
                Prefetch("sections", queryset=Section.objects.defer(*only_read(Section))),
                Prefetch(
                    "actions",
                    queryset=Action.objects.select_related("section").defer(
                        *only_read(Action), *only_read(Section, "section__")
                    ),
                ),
                Prefetch(
                    "testimonials",
                    queryset=Testimonial.objects.select_related("source").defer(
                        *only_read(Testimonial), *only_read(Source, "source__")
                    ),
                ),
                Prefetch("sources", queryset=Source.objects.defer(*only_read(Source))),
            )
        )

    def readable_by(self, user, language: str, version: int) -> tuple["Chapter", ...]:
        """The chapters `user` may read, in order, each its own row in `language` (for_page):
        for a reader, read once per content version (published_chapters); staff who preview
        drafts read them on every request."""
        if self.previews_drafts(user):
            return tuple(self.for_page(language))
        return published_chapters(version, language)


@per_content_version(maxsize=32)
def published_chapters(version: int, language: str) -> tuple["Chapter", ...]:
    """Every published chapter's own row in `language`, in order: a chapter page finds itself and
    its neighbours here without a query. About ten short rows per language."""
    return tuple(Chapter.objects.published().for_page(language))


def neighbours(
    chapters: Sequence["Chapter"], chapter: "Chapter"
) -> tuple["Chapter | None", "Chapter | None"]:
    """The chapters before and after `chapter` in `chapters`."""
    index = next(i for i, c in enumerate(chapters) if c.pk == chapter.pk)
    previous_chapter = chapters[index - 1] if index > 0 else None
    next_chapter = chapters[index + 1] if index + 1 < len(chapters) else None
    return previous_chapter, next_chapter


class Chapter(Publishable):
    """One step of the newcomer trajectory, e.g. 'Woning zoeken'."""

    part = models.ForeignKey(
        Part, on_delete=models.PROTECT, related_name="chapters", verbose_name=_("part")
    )
    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, help_text=_("Order in the kit.")
    )
    slug = models.SlugField(_("slug"), unique=True)  # one slug for all languages
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("one-line summary"), max_length=300)
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))
    last_checked = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        help_text=_("When the editors last checked this chapter against the law and the facts."),
    )
    review_every_months = models.PositiveSmallIntegerField(_("check every (months)"), default=12)
    # Moved by every save or deletion of what the chapter's page shows from other rows (its
    # part, sections, suggestions, testimonials, sources and their translation statuses;
    # trajecten/changes.py): with updated_at it keys the page's stored body.
    content_changed_at = models.DateTimeField(
        _("content changed"), null=True, blank=True, editable=False
    )

    objects = ChapterQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("trajecten:chapter", kwargs={"slug": self.slug})

    def next_review(self) -> datetime.date | None:
        if self.last_checked is None:
            return None
        months = self.last_checked.month - 1 + self.review_every_months
        year, month = self.last_checked.year + months // 12, months % 12 + 1
        return datetime.date(year, month, min(self.last_checked.day, 28))

    def review_due(self, today: datetime.date) -> bool:
        next_review = self.next_review()
        return next_review is None or next_review <= today

    def translatable_objects(self) -> list[models.Model]:
        """The chapter and everything on its page that carries text (uses the for_detail() prefetch)."""
        return [
            self,
            self.part,
            *self.sections.all(),
            *self.actions.all(),
            *self.testimonials.all(),
            *self.sources.all(),
        ]


class PageQuerySet(PublishableQuerySet):
    def introduction(self):
        """The leeswijzer: the page that introduces the kit, linked from the home page."""
        return self.filter(placement=Page.Placement.INTRODUCTION)

    def closing(self):
        return self.filter(placement=Page.Placement.CLOSING)


class Page(Publishable):
    """A free page of the kit outside the chapters: the leeswijzer, "Wat nu?". Translated fields: translation.py.

    The table is still called content_page: the model moved here from the content app.
    """

    class Placement(models.TextChoices):
        INTRODUCTION = "introduction", _("Introduction, before the chapters")
        CLOSING = "closing", _("Closing, after the chapters")

    slug = models.SlugField(_("slug"), unique=True)  # one slug for all languages
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("body"), help_text=_("Markdown. Write [^12] to cite source 12."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    placement = models.CharField(
        _("placement"), max_length=20, choices=Placement, default=Placement.CLOSING
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        db_table = "content_page"
        ordering = ["position", "pk"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("trajecten:page", kwargs={"slug": self.slug})


class ChapterContentQuerySet(models.QuerySet):
    """Sections and actions: readers see those of published chapters."""

    def published(self):
        return self.filter(chapter__status=Status.PUBLISHED)


class Section(Stamped):
    """An ordered block of a chapter's text; its key is the #anchor that links point to."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        WARNING = "warning", _("Warning")
        TIP = "tip", _("Tip")
        BACKGROUND = "background", _("Background")

    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, related_name="sections", verbose_name=_("chapter")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(
        _("anchor"),
        max_length=80,
        help_text=_("Unique within the chapter; used in links (#anchor)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.TEXT)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), help_text=_("Markdown. Write [^12] to cite source 12."))

    objects = ChapterContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "key"], name="section_key_unique_in_chapter"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.chapter.get_absolute_url()}#{self.key}"


class Action(Stamped):
    """One "Wat kan jij doen?" suggestion of a chapter, optionally tied to one of its sections."""

    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, related_name="actions", verbose_name=_("chapter")
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("section"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("text"), help_text=_("Markdown, one or two sentences."))

    objects = ChapterContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        if self.section_id and self.chapter_id and self.section.chapter_id != self.chapter_id:
            raise ValidationError({"section": _("Choose a section of the same chapter.")})


class BelongsToChapterOrPage(Stamped):
    """Testimonials and sources sit on a chapter, or on a free page such as the leeswijzer."""

    chapter = models.ForeignKey(
        Chapter,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("chapter"),
    )
    page = models.ForeignKey(
        Page,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("page"),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(chapter__isnull=False, page__isnull=True)
                | Q(chapter__isnull=True, page__isnull=False),
                name="%(class)s_on_chapter_or_page",
                violation_error_message=_("Attach this to a chapter or to a page, not both."),
            ),
        ]


class Testimonial(BelongsToChapterOrPage):
    """A volunteer's, newcomer's or professional's experience, summarised in our words."""

    class Role(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer")
        NEWCOMER = "newcomer", _("Newcomer")
        PROFESSIONAL = "professional", _("Professional")

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=100)
    context = models.CharField(
        _("about the person"), max_length=200, blank=True, help_text=_("E.g. age and country.")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    summary = models.TextField(
        _("summary"), help_text=_("In our own words, never a literal quote.")
    )
    source = models.ForeignKey(
        "Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
    )

    class Meta(BelongsToChapterOrPage.Meta):
        ordering = ["position", "pk"]
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")

    def __str__(self) -> str:
        return self.attribution

    @property
    def attribution(self) -> str:
        """'Vrijwilliger Paul', or the name alone when it already says the role."""
        role = str(self.get_role_display())
        if self.name.lower().startswith(role.lower()):
            return self.name
        return f"{role} {self.name}"


class Source(BelongsToChapterOrPage):
    """One of the kit's numbered footnotes: a title and the URL it links out to."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, help_text=_("The kit's footnote number.")
    )
    title = models.CharField(_("title"), max_length=300)
    url = WebAddressField(_("URL"), max_length=500)
    note = models.TextField(
        _("editorial note"), blank=True, help_text=_("For staff: what was corrected and why.")
    )

    class Meta(BelongsToChapterOrPage.Meta):
        ordering = ["number"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return f"[{self.number}] {self.title}"

    @property
    def anchor(self) -> str:
        return f"bron-{self.number}"
