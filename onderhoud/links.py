"""Every external URL the portal shows, where it is used, and what the last check found.

The URLs come from the fields in LINK_FIELDS: whole-URL fields (a source, a website) and
http(s) links inside text (Markdown of sections, actions, pages, chapter introductions,
glossary definitions), in every language column. Checking is linkcheck.py; this module
records the results (one LinkCheck per URL) and applies an accepted permanent redirect to
every place that uses the URL, as one revision in the history.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

import reversion
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from content.translation_status import record_dutch_edit, translated_fields
from organisaties.models import NetworkMap, Organisation
from trajecten.models import Action, Chapter, Page, Section, Source
from woordenlijst.models import GlossaryTerm

from .linkcheck import USER_AGENT, Result, check_urls
from .models import LinkCheck

# (model, field, whole): `whole` fields hold one URL; the others are text with links in them.
LINK_FIELDS: list[tuple[type[models.Model], str, bool]] = [
    (Source, "url", True),
    (Organisation, "website", True),
    (Organisation, "description", False),
    (Chapter, "intro", False),
    (Section, "body", False),
    (Action, "text", False),
    (Page, "body", False),
    (NetworkMap, "intro", False),
    (GlossaryTerm, "definition", False),
]
URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'`)\]]+", re.IGNORECASE)
TRAILING = ".,;:!?*_"
HARD_FAILURES = {"http", "dns", "tls", "connection", "invalid"}
TIMEOUTS_BEFORE_BROKEN = 2


@dataclass(frozen=True)
class LinkUse:
    """One place that shows a URL: an object and the column (e.g. body_fr) that holds it."""

    obj: models.Model
    column: str

    @property
    def label(self) -> str:
        return f"{self.obj._meta.verbose_name}: {self.obj}"


def urls_in_text(text: str | None) -> list[str]:
    return [match.rstrip(TRAILING) for match in URL_IN_TEXT.findall(text or "")]


def _columns(model, field: str) -> list[str]:
    if field in translated_fields(model):
        return [f"{field}_{code}" for code, _name in settings.LANGUAGES]
    return [field]


def collect_uses(scope=None) -> dict[str, list[LinkUse]]:
    """Every external URL with the places that use it: one query per entry of LINK_FIELDS.

    `scope(model)` may return the queryset of objects to look at (None: skip the model), so the
    admin shows a coordinator only the links of their own listings.
    """
    uses: dict[str, list[LinkUse]] = defaultdict(list)
    for model, field, whole in LINK_FIELDS:
        objects = model._default_manager.all() if scope is None else scope(model)
        if objects is None:
            continue
        columns = _columns(model, field)
        for obj in objects.only("pk", *columns, *_label_fields(model)):
            for column in columns:
                value = getattr(obj, column) or ""
                found = [value.strip()] if whole and value.strip() else urls_in_text(value)
                for url in dict.fromkeys(found):
                    uses[url].append(LinkUse(obj, column))
    return dict(uses)


def _label_fields(model) -> list[str]:
    """What __str__ (and the admin link) needs, so listing the uses costs no query per object."""
    names = {
        Source: ["number", "title"],
        Organisation: ["name", "abbreviation"],
        Chapter: ["number", "title"],
        Section: ["title", "chapter"],
        Action: ["text", "chapter"],
        Page: ["title"],
        NetworkMap: ["title"],
        GlossaryTerm: ["term"],
    }.get(model, [])
    return [c for name in names for c in _columns(model, name)]


def record(results: list[Result], *, now=None) -> list[LinkCheck]:
    """Store each result on its URL's LinkCheck, counting failures in a row."""
    now = now or timezone.now()
    existing = {c.url: c for c in LinkCheck.objects.filter(url__in=[r.url for r in results])}
    checks = []
    for result in results:
        check = existing.get(result.url) or LinkCheck(url=result.url)
        failed = result.outcome != LinkCheck.Outcome.OK
        check.consecutive_failures = check.consecutive_failures + 1 if failed else 0
        check.outcome = result.outcome
        check.status = result.status
        check.final_url = result.final_url[:2000]
        check.permanent_redirect = result.permanent_redirect
        check.moved_to = result.moved_to[:2000] if not failed else ""
        check.error = result.error[:500]
        check.is_broken = result.outcome in HARD_FAILURES or (
            result.outcome == LinkCheck.Outcome.TIMEOUT
            and check.consecutive_failures >= TIMEOUTS_BEFORE_BROKEN
        )
        check.checked_at = now
        checks.append(check)
    with transaction.atomic():
        for check in checks:
            check.save()
    return checks


def check_and_record(urls: list[str], *, timeout: float, workers: int, context=None):
    """Check `urls` concurrently and store the results. Returns (checks, seconds)."""
    user_agent = USER_AGENT.format(site=settings.SITE_URL)
    results, seconds = check_urls(
        urls, timeout=timeout, workers=workers, user_agent=user_agent, context=context
    )
    return record(results), seconds


def forget_unused(used: set[str]) -> int:
    """Delete the checks of URLs no longer used anywhere."""
    return LinkCheck.objects.exclude(url__in=used).delete()[0] if used else 0


def _replace(text: str, old: str, new: str) -> str:
    """Replace the URL `old` in text, not a longer URL that merely starts with it."""
    pattern = re.escape(old) + r"(?=$|[\s<>\"'`)\].,;:!?*_])"
    return re.sub(pattern, lambda _match: new, text)


class OutOfScope(Exception):
    """The URL is also used where this user may not edit."""


def accept_redirect(check: LinkCheck, *, user, uses: list[LinkUse], editable) -> int:
    """Store the address a URL permanently moved to, in every place that uses it.

    One revision (with the user and a comment) holds every changed object, so the history can
    undo it. `editable(use)` says whether the user may change that place; when any place is
    outside their scope nothing is changed (OutOfScope). Returns the number of objects changed.
    """
    new_url = check.moved_to
    if not new_url:
        return 0
    if not all(editable(use) for use in uses):
        raise OutOfScope(check.url)
    by_object: dict[tuple[type, int], list[LinkUse]] = defaultdict(list)
    for use in uses:
        by_object[(type(use.obj), use.obj.pk)].append(use)
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(
            _("Link moved permanently: %(old)s → %(new)s") % {"old": check.url, "new": new_url}
        )
        for (model, pk), object_uses in by_object.items():
            obj = model._default_manager.get(pk=pk)  # fresh: every column, as stored now
            for use in object_uses:
                setattr(
                    obj, use.column, _replace(getattr(obj, use.column) or "", check.url, new_url)
                )
            obj.save()
            # The same URL changed in every language: the translations stay current.
            record_dutch_edit(obj, minor=True)
        LinkCheck.objects.update_or_create(
            url=new_url,
            defaults={
                "outcome": LinkCheck.Outcome.OK,
                "status": check.status,
                "final_url": check.final_url,
                "checked_at": check.checked_at,
                "is_broken": False,
                "consecutive_failures": 0,
                "error": "",
            },
        )
        check.delete()
    return len(by_object)
