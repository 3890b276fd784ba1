import datetime
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from organisaties.models import Region

from .checklist import DATE_FIELDS, Person
from .models import AgeGroup, Situation

EARLIEST = datetime.date(1990, 1, 1)
LATEST = datetime.date(2100, 12, 31)
MAX_DONE = 100
KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class ChecklistChoices:
    """What the form offers, read once per request (three queries)."""

    situations: list[Situation]
    age_groups: list[AgeGroup]
    regions: list[Region]

    @classmethod
    def load(cls) -> "ChecklistChoices":
        return cls(
            situations=list(Situation.objects.all()),
            age_groups=list(AgeGroup.objects.all()),
            regions=list(Region.objects.select_wider()),
        )


def date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as year-month-day, e.g. 2026-03-31.")},
    )


class KeyListField(forms.Field):
    """Several step keys (`?done=a&done=b`): well-formed keys are kept, even of steps that are
    not on this person's list (a link made before the situation changed still works)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        return [str(item).strip() for item in value or [] if str(item).strip()]

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        if len(value) > MAX_DONE:
            raise ValidationError(_("Too many steps were marked as done."))
        if any(len(key) > 80 or not KEY.match(key) for key in value):
            raise ValidationError(_("A step marked as done is not a step of this site."))


class ChecklistForm(forms.Form):
    """The questions of "Welke stappen nu?": a GET form, so the list is a shareable link.

    Nothing is saved: the answers are read from the query string for one response only."""

    situation = forms.ChoiceField(
        label=_("Situation"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the person's situation.")},
    )
    age = forms.ChoiceField(
        label=_("Age"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an age group.")},
    )
    region = forms.ChoiceField(label=_("Where does the person live?"), required=False)
    applied = date_field(_("Date of the application for protection"))
    decided = date_field(_("Date of the decision that granted protection"))
    registered = date_field(_("Date of registration in the municipality"))
    done = KeyListField(label=_("Already done"), required=False)

    def __init__(self, *args, choices: ChecklistChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.situations = {s.key: s for s in choices.situations}
        self.age_groups = {a.key: a for a in choices.age_groups}
        self.regions = {r.key: r for r in choices.regions}
        self.fields["situation"].choices = [
            (s.key, format_html('{}<span class="choice__hint">{}</span>', s.name, s.hint))
            if s.hint
            else (s.key, s.name)
            for s in choices.situations
        ]
        self.fields["age"].choices = [(a.key, a.name) for a in choices.age_groups]
        self.fields["region"].choices = [
            ("", _("Not chosen")),
            *((r.key, r.name) for r in choices.regions),
        ]

    def clean_applied(self):
        return self._within_range("applied")

    def clean_decided(self):
        return self._within_range("decided")

    def clean_registered(self):
        return self._within_range("registered")

    def _within_range(self, name: str) -> datetime.date | None:
        value = self.cleaned_data.get(name)
        if value is not None and not EARLIEST <= value <= LATEST:
            raise ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s."),
                params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
            )
        return value

    def person(self) -> Person | None:
        """The person described by the valid answers, or None without a situation and age.

        Call after is_valid(): an invalid date or done key leaves the rest usable."""
        data = getattr(self, "cleaned_data", {})
        situation = self.situations.get(data.get("situation"))
        age_group = self.age_groups.get(data.get("age"))
        if situation is None or age_group is None:
            return None
        dates = {
            counts_from: data[name] for counts_from, name in DATE_FIELDS.items() if data.get(name)
        }
        return Person(
            situation=situation,
            age_group=age_group,
            region=self.regions.get(data.get("region") or ""),
            dates=dates,
            done=frozenset(data.get("done") or ()),
        )

    def query(self) -> list[tuple[str, str]]:
        """The valid answers as query parameters: the shareable link to this list."""
        data = getattr(self, "cleaned_data", {})
        params = []
        for name in ("situation", "age", "region"):
            if data.get(name):
                params.append((name, data[name]))
        for name in DATE_FIELDS.values():
            if data.get(name):
                params.append((name, data[name].isoformat()))
        params += [("done", key) for key in data.get("done") or ()]
        return params
