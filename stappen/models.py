"""The steps of "Welke stappen nu?": what a newcomer in a given situation has to do, and by when.

A Step is one thing to do ("Meld je aan voor het inburgeringstraject"), written for the checklist
in its own words and pointing at the kit: the chapter to read more in (and whose organisations
to list), optionally one of its sections and its "Wat kan jij doen?" actions. Staff tick the
Situations (recognised refugee, temporary protection, ...) and AgeGroups it applies to, and a
region when the rule differs between Flanders and Brussels. A deadline or waiting time is never
written as a number: it is a Rule (actueel) with a period, counted from a moment the volunteer
may enter as a date. Nothing about the reader is stored: the checklist is computed per request
(stappen/checklist.py). Translated fields are in translation.py.
"""

import datetime
import enum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from actueel.models import Rule
from content.markup import FOOTNOTE
from content.publishing import Publishable, PublishableQuerySet, Status
from organisaties.models import Organisation, Region
from trajecten.models import Action, Chapter, Section

DAYS_PER_UNIT = {Rule.Unit.DAYS: 1, Rule.Unit.MONTHS: 30, Rule.Unit.YEARS: 365}


class Situation(models.Model):
    """A legal situation a newcomer can be in, e.g. 'Erkend vluchteling' or 'Tijdelijke bescherming'."""

    key = models.SlugField(_("key"), unique=True, help_text=_("Used in links. Never change it."))
    name = models.CharField(_("name"), max_length=100)
    hint = models.CharField(
        _("explanation"), max_length=200, blank=True, help_text=_("One short line under the name.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("situation")
        verbose_name_plural = _("situations")

    def __str__(self) -> str:
        return self.name


class AgeGroup(models.Model):
    """An age group a step can apply to: under 12, 12 to 18, adult."""

    key = models.SlugField(_("key"), unique=True, help_text=_("Used in links. Never change it."))
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("age group")
        verbose_name_plural = _("age groups")

    def __str__(self) -> str:
        return self.name


class RegionFit(enum.Enum):
    """How a step's region relates to the region the reader chose."""

    EVERYWHERE = "everywhere"  # the step has no region
    HERE = "here"  # the chosen region lies within the step's region
    PART = "part"  # the step applies in part of the chosen area (or no region was chosen)
    ELSEWHERE = "elsewhere"  # the step is for another region


class StepQuerySet(PublishableQuerySet):
    def readable(self):
        """Published steps of published chapters (a link to a draft chapter would be a 404)."""
        return self.published().filter(chapter__status=Status.PUBLISHED)

    def for_person(self, situation: Situation, age_group: AgeGroup):
        return self.filter(situations=situation, age_groups=age_group)

    def for_checklist(self):
        """What the checklist shows of each step, in two queries: the steps with their chapter,
        section, rule and region (with the regions it lies within), then their actions."""
        return self.select_related(
            "chapter", "section", "deadline_rule", "region_scope__within__within"
        ).prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("position", "pk")))


class Step(Publishable):
    """One thing a newcomer in a given situation has to do, e.g. 'Vraag gezinshereniging aan'."""

    class CountsFrom(models.TextChoices):
        APPLICATION = "application", _("the application for protection")
        DECISION = "decision", _("the decision that granted protection")
        REGISTRATION = "registration", _("registration in the municipality (residence card)")

    class Timing(models.TextChoices):
        DEADLINE = "deadline", _("Deadline: do it within the period")
        WAIT = "wait", _("Waiting time: possible only after the period")

    key = models.SlugField(
        _("key"),
        unique=True,
        max_length=80,
        help_text=_(
            "Used in links and to remember ticks in the reader's browser. Never change it."
        ),
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("What to do, in a few words."))
    body = models.TextField(
        _("what to do"),
        help_text=_(
            "Markdown, a few short sentences. Write {{regel:key}} for every deadline, period or amount."
        ),
    )
    chapter = models.ForeignKey(
        Chapter,
        on_delete=models.PROTECT,
        related_name="steps",
        verbose_name=_("chapter"),
        help_text=_("Where readers read more, and whose organisations are listed for the step."),
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("section to read more"),
    )
    actions = models.ManyToManyField(
        Action,
        blank=True,
        related_name="steps",
        verbose_name=_("'What can you do?' suggestions"),
        help_text=_("Suggestions of the same chapter, shown with the step."),
    )
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="steps",
        verbose_name=_("organisations for this step"),
        help_text=_(
            "Those serving the reader's region are listed. Leave empty to list the chapter's organisations."
        ),
    )
    situations = models.ManyToManyField(
        Situation, related_name="steps", verbose_name=_("for people in these situations")
    )
    age_groups = models.ManyToManyField(
        AgeGroup, related_name="steps", verbose_name=_("for these age groups")
    )
    region_scope = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only in region"),
        help_text=_(
            "Empty: everywhere. 'Heel Vlaanderen' or 'Brussel' when the rule differs between them."
        ),
    )
    deadline_rule = models.ForeignKey(
        Rule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steps",
        limit_choices_to={"period_amount__isnull": False},
        verbose_name=_("deadline or waiting time"),
        help_text=_("A rule with a period, e.g. '6 months'. Readers see its current value."),
    )
    counts_from = models.CharField(_("counted from"), max_length=20, choices=CountsFrom, blank=True)
    timing = models.CharField(
        _("kind of period"), max_length=10, choices=Timing, default=Timing.DEADLINE
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order of steps without a deadline.")
    )

    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_rule__isnull=True, counts_from="")
                | Q(deadline_rule__isnull=False) & ~Q(counts_from=""),
                name="step_deadline_has_a_start",
                violation_error_message=_(
                    "Give a deadline rule and what it counts from, or neither."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.section_id and self.chapter_id and self.section.chapter_id != self.chapter_id:
            errors["section"] = _("Choose a section of the step's chapter.")
        if self.deadline_rule_id and self.deadline_rule.period_amount is None:
            errors["deadline_rule"] = _("Choose a rule with a period (e.g. '6 months').")
        if bool(self.deadline_rule_id) != bool(self.counts_from):
            errors["counts_from"] = _("Give a deadline rule and what it counts from, or neither.")
        for code, _name in settings.LANGUAGES:
            if FOOTNOTE.search(getattr(self, f"body_{code}", "") or ""):
                errors[f"body_{code}"] = _(
                    "The checklist has no list of sources: link to the source itself instead of [^N]."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def period_in_days(self) -> int | None:
        """Roughly how long the period lasts, to order steps when no date is known."""
        rule = self.deadline_rule
        if rule is None or rule.period_amount is None:
            return None
        return rule.period_amount * DAYS_PER_UNIT.get(rule.period_unit, 30)

    def due_date(self, start: datetime.date | None) -> datetime.date | None:
        """The calendar date the period ends when it starts on `start` (None without a start)."""
        if start is None or self.deadline_rule is None:
            return None
        return self.deadline_rule.deadline_after(start)

    def region_fit(self, region: Region | None) -> RegionFit:
        """Where the step applies, seen from the chosen region (no queries after for_checklist();
        `region` must be loaded with Region.objects.select_wider())."""
        scope = self.region_scope
        if scope is None:
            return RegionFit.EVERYWHERE
        if region is None:
            return RegionFit.PART
        if scope.pk in {r.pk for r in region.with_wider()}:
            return RegionFit.HERE
        if region.pk in {r.pk for r in scope.with_wider()}:
            return RegionFit.PART
        return RegionFit.ELSEWHERE

    def read_more_url(self) -> str:
        """The section (or chapter) to read more in; no query after for_checklist()."""
        url = self.chapter.get_absolute_url()
        return f"{url}#{self.section.key}" if self.section else url
