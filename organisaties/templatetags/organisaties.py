"""What a chapter page shows from the organisations app: its network map and nearby organisations.

Templates compose the apps, so trajecten (below) never imports organisaties (above).
"""

import logging

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from content.fragments import fragment_key, store, stored
from content.page_cache import content_version

from ..directory import directory_index
from ..drawing import local_offices, svg_for_reader
from ..forms import RegionChoiceForm
from ..models import NetworkMap, Organisation, chapter_map
from ..reader_region import remembered_region

register = template.Library()
logger = logging.getLogger(__name__)

ORGANISATIONS_ON_CHAPTER = 8


@register.simple_tag(takes_context=True)
def chapter_network_map(context, chapter) -> NetworkMap | None:
    """`{% chapter_network_map chapter as network_map %}`: the map and its drawing in the page's
    language, read once per content version (models.chapter_map); its boxes and the drawing
    itself are loaded only when its figure is rendered again."""
    return chapter_map(content_version(context.get("request")), get_language(), chapter.pk)


@register.simple_tag
def network_maps_by_chapter() -> dict[int, NetworkMap]:
    """Every map with its drawing, keyed by chapter id, for the printed kit (five queries in all)."""
    maps = NetworkMap.objects.for_display().with_drawing(get_language())
    return {m.chapter_id: m for m in maps}


@register.filter
def map_for(maps_by_chapter: dict[int, NetworkMap], chapter) -> NetworkMap | None:
    return maps_by_chapter.get(chapter.pk)


@register.simple_tag(takes_context=True)
def network_map_figure(context, network_map: NetworkMap, heading_level: int = 3) -> SafeString:
    """The map drawn (its stored SVG) above its lanes as a list, with the reader's local offices.

    Stored as a fragment (content.fragments) keyed by the drawing's fingerprint, which changes
    with anything drawn (boxes, labels, links), and by the reader's region; with a region, also
    by the content version, since any listing may become the local office. Never lays a map out:
    without a stored drawing it shows the list alone and logs it.
    """
    request = context["request"]
    language = get_language()
    drawing = network_map.drawing(language)
    region = remembered_region(request)
    parts = [network_map.pk, network_map.updated_at.timestamp(), heading_level]
    parts.append(f"{drawing.fingerprint}:{drawing.rendered_at.timestamp()}" if drawing else "-")
    if region is not None or drawing is None:
        parts += [region.key if region else "-", content_version(request)]
    key = fragment_key("network-map", parts)
    html = stored(key)
    if html is None:
        html = render_to_string(
            "organisaties/_network_map.html",
            _figure(network_map, language, region, heading_level, context.get("reader_notices")),
            request=request,
        )
        store(key, html)
    return mark_safe(html)  # our template's output: the stored SVG and escaped text


def _figure(network_map, language, region, heading_level, reader_notices) -> dict:
    if "nodes" not in getattr(network_map, "_prefetched_objects_cache", {}):
        network_map = NetworkMap.objects.for_display().with_drawing(language).get(pk=network_map.pk)
    drawing = network_map.drawing(language)
    if drawing is None:
        logger.warning(
            "Network map %s has no drawing in %s: showing the list only "
            "(manage.py render_maps draws it).",
            network_map.chapter.slug,
            language,
        )
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
        "reader_notices": reader_notices,  # for {% lang_attrs %}
    }


@register.inclusion_tag("organisaties/_nearby.html", takes_context=True)
def nearby_organisations(context, chapter) -> dict:
    """The chapter's organisations in the reader's region (from their cookie), local ones first."""
    region = remembered_region(context["request"])
    version = content_version(context["request"])
    nearby = None
    if region is not None:
        # The directory's own answer (organisaties.directory): the same order, one query.
        index = directory_index(version)
        ids = index.select(region=region, chapter_id=chapter.pk)[:ORGANISATIONS_ON_CHAPTER]
        nearby = Organisation.objects.published().in_order(ids)
        for organisation in nearby:
            organisation.is_local = index.serves_exactly(region, organisation.pk)
    return {
        "chapter": chapter,
        "region": region,
        "nearby": nearby,
        # Its <select> of regions is a stored fragment: regions change only with the content.
        "region_form": RegionChoiceForm(initial={"region": region.key if region else None}),
        "version": version,
    }
