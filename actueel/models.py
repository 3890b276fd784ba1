"""Legal facts as dated rules, and the log of changes readers are told about.

A Rule holds one fact that can change (a deadline, an amount, an age, a validity date) with the
date it applies from and its official source. Texts refer to it with a token `{{regel:key}}`
(actueel/markup.py), so a change reaches every page in every language at once. A ChangeNote is
one line of "Wat is er veranderd?" and its Atom feed. Translated fields are in translation.py.
"""

import calendar
import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.fields import WebAddressField

KEY_FORMAT = r"[a-z0-9]+(?:-[a-z0-9]+)*"


class RuleQuerySet(models.QuerySet):
    def due_for_check(self, today: datetime.date | None = None):
        """Rules whose "check again by" date has passed, or that staff must still confirm."""
        today = today or timezone.localdate()
        return self.filter(Q(check_by__lte=today) | Q(needs_check=True))


class Rule(models.Model):
    """One legal fact that can change, e.g. "the exemption window for refugees: 6 months"."""

    class Unit(models.TextChoices):
        DAYS = "days", _("days")
        MONTHS = "months", _("months")
        YEARS = "years", _("years")

    key = models.SlugField(
        _("key"),
        unique=True,
        max_length=80,
        help_text=_("Texts write {{regel:key}} where the value stands. Never change it."),
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("What the rule is about."))
    value = models.CharField(
        _("value"),
        max_length=300,
        help_text=_("As readers see it in a sentence: '6 maanden', '21 jaar', '4 maart 2027'."),
    )
    applies_from = models.DateField(_("applies from"))
    source_title = models.CharField(_("official source"), max_length=300)
    source_url = WebAddressField(_("source URL"), max_length=500)
    check_by = models.DateField(
        _("check again by"), help_text=_("When staff should look at the law again.")
    )
    needs_check = models.BooleanField(
        _("needs a check by staff"),
        default=False,
        help_text=_("Not yet confirmed from an official text: listed in the review queue."),
    )
    period_amount = models.PositiveSmallIntegerField(
        _("period"),
        null=True,
        blank=True,
        help_text=_("For a deadline: the number (6 for '6 months'), so a date can be computed."),
    )
    period_unit = models.CharField(_("period unit"), max_length=10, choices=Unit, blank=True)
    note = models.TextField(_("note for staff"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RuleQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_amount__isnull=True, period_unit="")
                | Q(period_amount__isnull=False) & ~Q(period_unit=""),
                name="rule_period_has_amount_and_unit",
                violation_error_message=_("Give both a period and its unit, or neither."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"

    @property
    def token(self) -> str:
        return f"{{{{regel:{self.key}}}}}"

    def deadline_after(self, start: datetime.date) -> datetime.date | None:
        """The calendar date a period rule ends when it starts on `start` (None for other rules)."""
        if self.period_amount is None:
            return None
        if self.period_unit == self.Unit.DAYS:
            return start + datetime.timedelta(days=self.period_amount)
        months = self.period_amount * (12 if self.period_unit == self.Unit.YEARS else 1)
        year, month = divmod(start.month - 1 + months, 12)
        year, month = start.year + year, month + 1
        return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


class ChangeNoteQuerySet(models.QuerySet):
    def announced(self):
        return self.filter(announce=True)


class ChangeNote(models.Model):
    """One dated line of "Wat is er veranderd?": a rule that changed, or an edit staff announced."""

    date = models.DateField(_("date"), default=timezone.localdate)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    announce = models.BooleanField(
        _("show to readers"), default=True, help_text=_("On the page and in the feed.")
    )
    rule = models.ForeignKey(
        Rule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("rule"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("about")
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ChangeNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("change note")
        verbose_name_plural = _("change notes")

    def __str__(self) -> str:
        return f"{self.date}: {self.title}"

    def subject_url(self) -> str | None:
        """Where readers read what changed, in the active language (one query if not prefetched)."""
        subject = self.subject
        return subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else None
