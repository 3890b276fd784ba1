"""What a chapter page shows from the organisations app: its network map and nearby organisations.

Templates compose the apps, so trajecten (below) never imports organisaties (above).
"""

from django import template

from ..forms import RegionChoiceForm
from ..models import NetworkMap, Organisation
from ..reader_region import remembered_region

register = template.Library()

ORGANISATIONS_ON_CHAPTER = 8


@register.simple_tag
def chapter_network_map(chapter) -> NetworkMap | None:
    """`{% chapter_network_map chapter as network_map %}`: the map with its nodes (four queries)."""
    return NetworkMap.objects.for_display().filter(chapter=chapter).first()


@register.simple_tag
def network_maps_by_chapter() -> dict[int, NetworkMap]:
    """Every map, keyed by chapter id, for the printed kit (four queries in all)."""
    return {m.chapter_id: m for m in NetworkMap.objects.for_display()}


@register.filter
def map_for(maps_by_chapter: dict[int, NetworkMap], chapter) -> NetworkMap | None:
    return maps_by_chapter.get(chapter.pk)


@register.inclusion_tag("organisaties/_nearby.html", takes_context=True)
def nearby_organisations(context, chapter) -> dict:
    """The chapter's organisations in the reader's region (from their cookie), local ones first."""
    region = remembered_region(context["request"])
    nearby = None
    if region is not None:
        organisations = (
            Organisation.objects.published()
            .for_chapter(chapter)
            .serving(region)
            .local_first(region)
        )
        nearby = list(organisations[:ORGANISATIONS_ON_CHAPTER])
    return {
        "chapter": chapter,
        "region": region,
        "nearby": nearby,
        "region_form": RegionChoiceForm(initial={"region": region.key if region else None}),
    }
