"""Network maps drawn when they are saved and shown as stored: no request lays out a map.

`render_drawings(network_map)` lays the map out in every language with diagram.py (Graphviz
`dot`) and stores the SVG in NetworkMapDrawing. It runs after a map and its inlines are
saved in the admin (NetworkMapAdmin.save_related), after an organisation on a map is
renamed (OrganisationAdmin.save_related), after the seed loader loads each map, and in
`manage.py render_maps`. A language whose input did not change since its last drawing (same
fingerprint) is not laid out again.

At request time `local_offices()` finds, for the boxes that stand for a kind of service
(MapNode.stands_for), that service's office in the reader's region, and `svg_for_reader()`
puts it in the stored SVG with diagram.replace_node(): the box keeps its place and size, only
its label and link change. So the drawing stays one stored SVG per language, not one per
language and region.
"""

import hashlib
import json
import logging
import time
from dataclasses import asdict, dataclass, field
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from . import diagram
from .models import MapNode, NetworkMap, NetworkMapDrawing, Organisation, Region

logger = logging.getLogger(__name__)

# A change to the drawing code draws every map again (render_maps, or the next save/load).
with open(diagram.__file__, "rb") as _source:
    CODE_VERSION = hashlib.sha256(_source.read()).hexdigest()[:16]

CSS_BEGIN = "/* netdiagram:begin"
CSS_END = "/* netdiagram:end */"


def drawing_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@dataclass(frozen=True)
class DiagramInput:
    """Everything a drawing is made from: the same input gives the same SVG, byte for byte."""

    groups: list[diagram.DiagramGroup]
    nodes: list[diagram.DiagramNode]
    edges: list[diagram.DiagramEdge]
    title: str
    description: str
    legend: dict[str, str]
    language: str
    rtl: bool
    id_prefix: str
    marked: list[str] = field(default_factory=list)

    def fingerprint(self) -> str:
        raw = json.dumps([CODE_VERSION, asdict(self)], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()

    def problems(self) -> list[str]:
        return diagram.problems(self.groups, self.nodes, self.edges)


def diagram_input(network_map: NetworkMap, language: str) -> DiagramInput:
    """The map as diagram input in `language` (translated labels, links to that language's
    pages), from the rows prefetched by NetworkMap.objects.for_display(): no queries."""
    nodes = list(network_map.nodes.all())
    key_of = {node.pk: node.key for node in nodes}
    with translation.override(language):
        return DiagramInput(
            groups=[diagram.DiagramGroup(g.key, g.title) for g in network_map.groups_in_use()],
            nodes=[
                diagram.DiagramNode(
                    node.key,
                    node.group.key if node.group_id else "",
                    node.kind,
                    node.display_label,
                    node.organisation.get_absolute_url() if node.organisation_id else None,
                )
                for node in nodes
            ],
            edges=[
                diagram.DiagramEdge(key_of[c.source_id], key_of[c.target_id], c.label or "")
                for c in network_map.connections.all()
                if c.source_id in key_of and c.target_id in key_of
            ],
            title=network_map.title,
            description=_(
                "Drawing of the network map: organisations, people and situations as boxes, "
                "grouped by phase, with arrows between them. The same map is also given as a list."
            ),
            legend={
                "organisation": _("Organisation"),
                "role": _("Person"),
                "situation": _("Situation"),
                "connection": _("leads to"),
            },
            language=language,
            rtl=translation.get_language_bidi(),
            id_prefix=f"tekening-{network_map.chapter.slug}",
            marked=[
                node.key
                for node in nodes
                if node.stands_for_id and node.kind == MapNode.Kind.ORGANISATION
            ],
        )


def draw(data: DiagramInput) -> dict:
    """Lay out and render one language: the fields of a NetworkMapDrawing. Slow (Graphviz)."""
    layout = diagram.layout(data.groups, data.nodes, data.edges, rtl=data.rtl)
    svg = diagram.render_svg(
        layout,
        title=data.title,
        description=data.description,
        legend_labels=data.legend,
        lang=data.language,
        id_prefix=data.id_prefix,
        marked=data.marked,
    )
    slots = {
        box.node.key: {
            "slot": index,
            "rect": [box.rect.x, box.rect.y, box.rect.w, box.rect.h],
            "kind": box.node.kind,
        }
        for index, box in enumerate(layout.nodes)
        if box.node.key in data.marked
    }
    return {
        "svg": svg,
        "width": round(layout.width),
        "height": round(layout.height),
        "slots": slots,
        "fingerprint": data.fingerprint(),
    }


@dataclass
class RenderReport:
    drawn: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def render_drawings(
    network_map: NetworkMap, *, languages: list[str] | None = None, force: bool = False
) -> RenderReport:
    """Draw the map in every language whose input changed (all of them with `force`).

    Reads the map afresh (the caller's instance may hold rows from before the save). A
    language that cannot be drawn loses its old drawing, so readers get the list rather
    than a drawing of the map as it was; the failure is logged.
    """
    started = time.perf_counter()
    report = RenderReport()
    fresh = NetworkMap.objects.for_display().filter(pk=network_map.pk).first()
    if fresh is None:
        return report
    existing = {d.language: d for d in fresh.drawings.only("language", "fingerprint")}
    for language in languages or drawing_languages():
        data = diagram_input(fresh, language)
        current = existing.get(language)
        if current is not None and not force and current.fingerprint == data.fingerprint():
            report.unchanged.append(language)
            continue
        try:
            fields = draw(data)
        except Exception as exc:  # noqa: BLE001 - any failure of the layout engine: fall back to the list
            logger.error("Network map %s cannot be drawn in %s: %s", fresh.pk, language, exc)
            report.failed[language] = str(exc)
            if current is not None:
                current.delete()
            continue
        NetworkMapDrawing.objects.update_or_create(
            network_map=fresh, language=language, defaults=fields
        )
        report.drawn.append(language)
    report.seconds = time.perf_counter() - started
    return report


# --------------------------------------------------------------------------- request time


@dataclass(frozen=True)
class LocalOffice:
    """A box that stands for a kind of service, and that service's office in the reader's region."""

    node: MapNode
    office: Organisation


def local_offices(network_map: NetworkMap, region: Region | None) -> list[LocalOffice]:
    """For each box of the map that stands for a service, its office in exactly this region.

    One query, or none without a region or such boxes. Offices already on the map are left
    out (the map shows them itself); with several offices in a region, the first by name.
    Works on the prefetched nodes of for_display().
    """
    if region is None:
        return []
    nodes = list(network_map.nodes.all())
    standing = [n for n in nodes if n.stands_for_id and n.kind == MapNode.Kind.ORGANISATION]
    if not standing:
        return []
    on_map = {n.organisation_id for n in nodes if n.organisation_id}
    first: dict[int, Organisation] = {}
    offices = Organisation.objects.published().offices_in(
        region, {n.stands_for_id for n in standing}
    )
    for office in offices.exclude(pk__in=on_map):
        first.setdefault(office.service_id, office)
    return [LocalOffice(n, first[n.stands_for_id]) for n in standing if n.stands_for_id in first]


def svg_for_reader(drawing: NetworkMapDrawing, offices: list[LocalOffice]) -> str:
    """The stored SVG with each local office in the box of the service it stands for."""
    svg = drawing.svg
    for item in offices:
        slot = drawing.slots.get(item.node.key)
        if not slot:
            continue  # drawn before the box stood for a service: it keeps the generic label
        x, y, w, h = slot["rect"]
        label = item.office.display_name
        lines, font = diagram.fit_label(slot["kind"], label, w, h)
        shortened = " ".join(lines) != " ".join(label.split())
        box = diagram.NodeBox(
            diagram.DiagramNode(
                item.node.key, "", slot["kind"], label, item.office.get_absolute_url()
            ),
            diagram.Rect(x, y, w, h),
            lines,
            font,
        )
        svg = diagram.replace_node(svg, slot["slot"], box, tooltip=label if shortened else "")
    return svg


@cache
def diagram_css() -> str:
    """The drawing's rules from static/css/site.css, for the SVG download's own <style>."""
    text = (settings.BASE_DIR / "static" / "css" / "site.css").read_text(encoding="utf-8")
    start = text.index(CSS_BEGIN)
    start = text.index("*/", start) + 2
    return text[start : text.index(CSS_END)].strip()


def standalone_svg(drawing: NetworkMapDrawing, offices: list[LocalOffice]) -> str:
    """The drawing as a file of its own (the download), styled by its own stylesheet."""
    return diagram.standalone(svg_for_reader(drawing, offices), diagram_css())
