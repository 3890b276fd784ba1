"""'Mijn regio': what needs a coordinator's attention, and where their region has no help at all.

Everything is scoped like the listings (Organisation.objects.editable_by): a coordinator of
Limburg sees Limburg's work only; editors see every region. The query count is fixed: it does
not grow with the number of listings, reports or chapters (tests pin it).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from organisaties.models import (
    EDIT_ALL_REGIONS,
    Coordinator,
    Organisation,
    Region,
    region_ids_editable_by,
    verify_every,
)
from trajecten.models import Chapter

from .models import CHAPTER_TEXT_PERMISSION, ChangeProposal, LinkCheck, Report, VerificationRequest

LIST_LENGTH = 10
VIEW_PERMISSION = "organisaties.view_organisation"


def may_see_overview(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(VIEW_PERMISSION)


def landing_page(user) -> str | None:
    """Coordinators and editors start at 'Mijn regio' after signing in; others at the admin index."""
    if user.is_superuser or not may_see_overview(user):
        return None
    if Coordinator.objects.filter(user=user).exists() or user.has_perm(EDIT_ALL_REGIONS):
        return reverse("my_region")
    return None


@dataclass
class Cell:
    region: Region
    count: int
    add_url: str  # empty when the user may not add a listing there


@dataclass
class Row:
    chapter: Chapter
    cells: list[Cell]


def shown_regions(region_ids: set[int] | None) -> list[Region]:
    """The coordinator's regions and the wider ones they lie within; every region for editors."""
    regions = list(Region.objects.select_wider())
    if region_ids is None:
        return regions
    wanted = {r.pk for region in regions if region.pk in region_ids for r in region.with_wider()}
    return [region for region in regions if region.pk in wanted]


def gap_table(regions: list[Region], region_ids: set[int] | None, may_add: bool) -> list[Row]:
    """Chapters × regions: published listings for that chapter in exactly that region (2 queries)."""
    chapters = list(Chapter.objects.published().only("pk", "number", "slug", "title"))
    counts = {
        (row["regions"], row["chapters"]): row["n"]
        for row in Organisation.objects.published()
        .filter(regions__in=regions, chapters__isnull=False)
        .values("regions", "chapters")
        .annotate(n=Count("pk", distinct=True))
    }
    add = reverse("admin:organisaties_organisation_add")
    rows = []
    for chapter in chapters:
        cells = []
        for region in regions:
            allowed = may_add and (region_ids is None or region.pk in region_ids)
            url = f"{add}?{urlencode({'regions': region.pk, 'chapters': chapter.pk})}"
            cells.append(
                Cell(region, counts.get((region.pk, chapter.pk), 0), url if allowed else "")
            )
        rows.append(Row(chapter, cells))
    return rows


def build_overview(user) -> dict:
    """Counts and short lists of the work in the user's scope, and the gap table."""
    now = timezone.now()
    region_ids = region_ids_editable_by(user)
    organisations = Organisation.objects.editable_in(region_ids)
    stale = organisations.published().not_verified_since(timezone.localdate() - verify_every())
    requests = VerificationRequest.objects.for_organisations(organisations)
    overdue = requests.overdue(now).select_related("organisation")
    chapter_text = user.has_perm(CHAPTER_TEXT_PERMISSION)
    reports = (
        Report.objects.about(organisations, chapter_text=chapter_text)
        .open()
        .select_related("organisation", "section")
    )
    proposals = (
        ChangeProposal.objects.for_organisations(organisations)
        .open()
        .select_related("organisation")
    )
    broken_urls = LinkCheck.objects.broken().values("url")
    broken_websites = organisations.filter(website__in=broken_urls)
    regions = shown_regions(region_ids)
    return {
        "regions": regions,
        "scope_names": None
        if region_ids is None
        else [r.name for r in regions if r.pk in region_ids],
        "stale_count": stale.count(),
        "stale": list(stale.order_by("last_verified", "name")[:LIST_LENGTH]),
        "waiting_count": requests.waiting(now).count(),
        "overdue_count": overdue.count(),
        "overdue": list(overdue[:LIST_LENGTH]),
        "report_count": reports.count(),
        "reports": list(reports[:LIST_LENGTH]),
        "proposal_count": proposals.count(),
        "proposals": list(proposals[:LIST_LENGTH]),
        "broken_website_count": broken_websites.count(),
        "broken_websites": list(broken_websites[:LIST_LENGTH]),
        "broken_link_count": LinkCheck.objects.broken().count() if region_ids is None else None,
        "gap_rows": gap_table(regions, region_ids, user.has_perm("organisaties.add_organisation")),
    }
