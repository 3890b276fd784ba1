"""The directory's filters, answered from memory: which published listing serves which region,
belongs to which theme and kind, where it comes in name order, and which slug it has.

With 5,000 listings, filtering and counting in the database cost two joins over the region and
theme tables on every request (about 5 ms of PostgreSQL's time, and as much again in Python).
The same answer comes from a few sets of ids, built once per content version in each process
(every edit of a listing, its regions or its themes moves the version) and shared by every
reader and language. Only the free-text filter still asks the database, for the ids whose
words match; the page then reads just the rows it shows. A listing's own page finds its id by
slug here, and reads its row only when its stored parts are rendered again.
"""

from collections import defaultdict
from dataclasses import dataclass

from content.memo import per_content_version

from .models import Organisation, Region


@dataclass(frozen=True)
class DirectoryIndex:
    order: tuple[int, ...]  # every published listing, by name
    ids_by_slug: dict[str, int]  # a listing's page finds (or 404s) its listing without a query
    by_region: dict[int, frozenset[int]]
    by_chapter: dict[int, frozenset[int]]
    by_kind: dict[str, frozenset[int]]

    def select(
        self,
        region: Region | None = None,
        chapter_id: int | None = None,
        kind: str = "",
        among: set[int] | None = None,
    ) -> list[int]:
        """The ids of the listings that pass every given filter, in the directory's order: by
        name, and with a region, those serving exactly that region before the wider ones."""
        chosen: set[int] | frozenset[int] | None = among
        if region is not None:
            serving = set().union(*(self.by_region.get(r.pk, ()) for r in region.with_wider()))
            chosen = serving if chosen is None else chosen & serving
        if chapter_id is not None:
            chosen = self._narrow(chosen, self.by_chapter.get(chapter_id, frozenset()))
        if kind:
            chosen = self._narrow(chosen, self.by_kind.get(kind, frozenset()))
        ids = list(self.order) if chosen is None else [pk for pk in self.order if pk in chosen]
        if region is not None:
            local = self.by_region.get(region.pk, frozenset())
            ids.sort(key=lambda pk: pk not in local)  # stable: name order within each group
        return ids

    def serves_exactly(self, region: Region, listing_id: int) -> bool:
        """The listing serves this region itself, not (only) a wider one it lies within."""
        return listing_id in self.by_region.get(region.pk, ())

    @staticmethod
    def _narrow(chosen, allowed: frozenset[int]):
        return allowed if chosen is None else chosen & allowed


def _grouped(pairs, published: set[int]) -> dict:
    groups = defaultdict(set)
    for organisation_id, key in pairs:
        if organisation_id in published:
            groups[key].add(organisation_id)
    return {key: frozenset(ids) for key, ids in groups.items()}


@per_content_version(maxsize=2)
def directory_index(version: int) -> DirectoryIndex:
    """Three narrow queries, once per edit in each process (tens of ms and ~2 MB for 5,000 listings)."""
    rows = list(
        Organisation.objects.published().order_by("name", "pk").values_list("pk", "kind", "slug")
    )
    published = {pk for pk, _kind, _slug in rows}
    regions = Organisation.regions.through.objects.values_list("organisation_id", "region_id")
    chapters = Organisation.chapters.through.objects.values_list("organisation_id", "chapter_id")
    return DirectoryIndex(
        order=tuple(pk for pk, _kind, _slug in rows),
        ids_by_slug={slug: pk for pk, _kind, slug in rows},
        by_region=_grouped(regions, published),
        by_chapter=_grouped(chapters, published),
        by_kind=_grouped(((pk, kind) for pk, kind, _slug in rows), published),
    )


@per_content_version(maxsize=2)
def regions_by_key(version: int) -> dict[str, Region]:
    """Every region with the regions it lies within, to check a filter's value without a query."""
    return {region.key: region for region in Region.objects.select_wider()}
