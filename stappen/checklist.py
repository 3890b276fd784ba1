"""One person's checklist, computed for one request from the steps staff wrote; stored nowhere.

The reader's answers (situation, age group, region, dates, what is already done) arrive as a
`Person`, live only while the page is rendered, and are never written to the database, a
cookie, the page cache or the log (README, "Welke stappen nu?").
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from actueel.markup import RuleTokens
from organisaties.models import Organisation, Region

from .models import AgeGroup, RegionFit, Situation, Step

ORGANISATIONS_PER_STEP = 3

# The form field that holds the date each kind of period counts from.
DATE_FIELDS = {
    Step.CountsFrom.APPLICATION: "applied",
    Step.CountsFrom.DECISION: "decided",
    Step.CountsFrom.REGISTRATION: "registered",
}

# Whole sentences per kind of period and start, so translators never glue fragments.
PERIOD_SENTENCES = {
    (Step.Timing.DEADLINE, Step.CountsFrom.APPLICATION): _(
        "Within %(period)s of the application for protection."
    ),
    (Step.Timing.DEADLINE, Step.CountsFrom.DECISION): _("Within %(period)s of the decision."),
    (Step.Timing.DEADLINE, Step.CountsFrom.REGISTRATION): _(
        "Within %(period)s of registration in the municipality."
    ),
    (Step.Timing.WAIT, Step.CountsFrom.APPLICATION): _(
        "Only after %(period)s from the application for protection."
    ),
    (Step.Timing.WAIT, Step.CountsFrom.DECISION): _("Only after %(period)s from the decision."),
    (Step.Timing.WAIT, Step.CountsFrom.REGISTRATION): _(
        "Only after %(period)s from registration in the municipality."
    ),
}


@dataclass(frozen=True)
class Person:
    """What the reader entered about the newcomer: held for one request only."""

    situation: Situation
    age_group: AgeGroup
    region: Region | None = None
    dates: dict[str, datetime.date] = field(default_factory=dict)  # Step.CountsFrom -> date
    done: frozenset[str] = frozenset()  # keys of steps already done


@dataclass
class Item:
    """A step as it stands on one person's checklist."""

    number: int
    step: Step
    fit: RegionFit
    period_html: SafeString | None = None
    start: datetime.date | None = None
    due: datetime.date | None = None
    passed: bool = False
    organisations: list[Organisation] = field(default_factory=list)
    organisations_at: int | None = None  # the item that lists this chapter's organisations

    @property
    def is_deadline(self) -> bool:
        return self.step.timing == Step.Timing.DEADLINE

    @property
    def date_field(self) -> str | None:
        return DATE_FIELDS.get(self.step.counts_from)

    @property
    def only_in(self) -> Region | None:
        """The region to name when the step applies in only part of the chosen area."""
        return self.step.region_scope if self.fit == RegionFit.PART else None


@dataclass
class Checklist:
    person: Person
    items: list[Item]
    done: list[Step]
    today: datetime.date

    @property
    def steps(self) -> list[Step]:
        return [item.step for item in self.items] + self.done

    def translatable_objects(self) -> list:
        """Everything on the page that carries translated text (from the prefetched rows)."""
        actions = [action for step in self.steps for action in step.actions.all()]
        return [self.person.situation, self.person.age_group, *self.steps, *actions]


def period_html(step: Step, version: int | None) -> SafeString | None:
    """'Within 6 months (valid since … · source) of the decision.' in the active language."""
    if step.deadline_rule is None:
        return None
    sentence = PERIOD_SENTENCES[(step.timing, step.counts_from)]
    rule = RuleTokens.render(step.deadline_rule.key, get_language() or "nl", version)
    # The translated sentence is escaped; the rule's HTML is built and escaped by actueel.markup.
    return mark_safe(escape(str(sentence)) % {"period": rule})


def build_checklist(
    person: Person, *, today: datetime.date, version: int | None = None
) -> Checklist:
    """The steps for this person, those with a deadline or waiting time first (by date when a
    start date is known, else by length), then the others in the editors' order. Runs three
    queries, two more with a region (the organisations), whatever the number of steps."""
    steps = [
        step
        for step in Step.objects.readable()
        .for_person(person.situation, person.age_group)
        .for_checklist()
        .annotate(
            has_organisations=Exists(Step.organisations.through.objects.filter(step=OuterRef("pk")))
        )
        if step.region_fit(person.region) != RegionFit.ELSEWHERE
    ]
    open_steps = [step for step in steps if step.key not in person.done]
    done = [step for step in steps if step.key in person.done]

    def start_of(step: Step) -> datetime.date | None:
        return person.dates.get(step.counts_from) if step.counts_from else None

    def order(step: Step):
        if step.deadline_rule is None:
            return (1, datetime.date.max, step.position, step.pk)
        start = start_of(step)
        end = step.due_date(start) if start else today + datetime.timedelta(step.period_in_days)
        return (0, end, step.position, step.pk)

    items = []
    for number, step in enumerate(sorted(open_steps, key=order), 1):
        start = start_of(step)
        due = step.due_date(start)
        items.append(
            Item(
                number=number,
                step=step,
                fit=step.region_fit(person.region),
                period_html=period_html(step, version),
                start=start,
                due=due,
                passed=due is not None and due < today,
            )
        )
    if person.region is not None:
        attach_organisations(items, person.region)
    return Checklist(person=person, items=items, done=done, today=today)


def attach_organisations(items: list[Item], region: Region) -> None:
    """Give each item the organisations serving `region`, local ones first: the step's own, or
    else its chapter's (listed at the first step of that chapter only). Two queries."""
    serving = Organisation.objects.published().serving(region)
    own = [item for item in items if item.step.has_organisations]
    if own:
        links = (
            Step.organisations.through.objects.filter(
                step__in=[item.step for item in own], organisation__in=serving
            )
            .annotate(is_local=Exists(_local_to(region)))
            .select_related("organisation")
            .order_by("-is_local", "organisation__name")
        )
        by_step: dict[int, list[Organisation]] = {}
        for link in links:
            link.organisation.is_local = link.is_local
            by_step.setdefault(link.step_id, []).append(link.organisation)
        for item in own:
            item.organisations = by_step.get(item.step.pk, [])[:ORGANISATIONS_PER_STEP]

    first_of_chapter: dict[int, Item] = {}
    for item in items:
        if not item.step.has_organisations:
            first = first_of_chapter.setdefault(item.step.chapter_id, item)
            if first is not item:
                item.organisations_at = first.number
    if not first_of_chapter:
        return
    links = (
        Organisation.chapters.through.objects.filter(
            chapter_id__in=list(first_of_chapter), organisation__in=serving
        )
        .annotate(is_local=Exists(_local_to(region)))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("chapter_id")],
                order_by=[F("is_local").desc(), F("organisation__name").asc()],
            )
        )
        .filter(rank__lte=ORGANISATIONS_PER_STEP)
        .select_related("organisation")
        .order_by("chapter_id", "rank")
    )
    for link in links:
        link.organisation.is_local = link.is_local
        first_of_chapter[link.chapter_id].organisations.append(link.organisation)


def _local_to(region: Region):
    """Rows of a link table (step or chapter to organisation) whose organisation serves exactly `region`."""
    return Organisation.regions.through.objects.filter(
        organisation=OuterRef("organisation_id"), region=region
    )
