"""What a chapter page shows from the organisations app: its network map and nearby organisations.

Templates compose the apps, so trajecten (below) never imports organisaties (above).
"""

import logging

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..drawing import local_offices, svg_for_reader
from ..forms import RegionChoiceForm
from ..models import NetworkMap, Organisation
from ..reader_region import remembered_region

register = template.Library()
logger = logging.getLogger(__name__)

ORGANISATIONS_ON_CHAPTER = 8


@register.simple_tag
def chapter_network_map(chapter) -> NetworkMap | None:
    """`{% chapter_network_map chapter as network_map %}`: the map with its nodes and its
    drawing in the page's language (five queries)."""
    maps = NetworkMap.objects.for_display().with_drawing(get_language())
    return maps.filter(chapter=chapter).first()


@register.simple_tag
def network_maps_by_chapter() -> dict[int, NetworkMap]:
    """Every map with its drawing, keyed by chapter id, for the printed kit (five queries in all)."""
    maps = NetworkMap.objects.for_display().with_drawing(get_language())
    return {m.chapter_id: m for m in maps}


@register.filter
def map_for(maps_by_chapter: dict[int, NetworkMap], chapter) -> NetworkMap | None:
    return maps_by_chapter.get(chapter.pk)


@register.inclusion_tag("organisaties/_network_map.html", takes_context=True)
def network_map_figure(context, network_map: NetworkMap, heading_level: int = 3) -> dict:
    """The map drawn (its stored SVG) above its lanes as a list, with the reader's local offices.

    Never lays a map out: without a stored drawing it shows the list alone and logs it.
    Queries: the drawing if not prefetched (with_drawing()), and with a region chosen the
    region (shared with "organisations in your region") and the local offices.
    """
    language = get_language()
    drawing = network_map.drawing(language)
    if drawing is None:
        logger.warning(
            "Network map %s has no drawing in %s: showing the list only "
            "(manage.py render_maps draws it).",
            network_map.chapter.slug,
            language,
        )
    region = remembered_region(context["request"])
    offices = local_offices(network_map, region)
    office_of = {item.node.pk: item.office for item in offices}
    lanes = network_map.lanes()
    for lane in lanes:
        for node in lane.nodes:
            node.local_office = office_of.get(node.pk)
    return {
        "network_map": network_map,
        "slug": network_map.chapter.slug,
        "lanes": lanes,
        "drawing": drawing,
        # Our own escaped SVG (diagram.render_svg), with local offices put in their boxes.
        "svg": mark_safe(svg_for_reader(drawing, offices)) if drawing else "",
        "offices": offices,
        "region": region,
        "heading_level": heading_level,
        "request": context["request"],
        "reader_notices": context.get("reader_notices"),  # for {% lang_attrs %}
    }


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
