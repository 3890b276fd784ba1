"""organisaties/diagram.py on the starterskit's maps read from the seed files: no database.

The stored drawings of the loaded kit, in every language, are tested in test_drawings.py.
"""

from __future__ import annotations

import hashlib
import math
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

import bench.map_metrics as metrics
from bench.map_metrics import MAP_FILES, SeedMap, load_map
from organisaties import diagram
from organisaties.diagram import (
    DiagramEdge,
    DiagramError,
    DiagramGroup,
    DiagramNode,
    Layout,
    layout,
    problems,
    render_svg,
)

ROOT = Path(__file__).resolve().parent.parent.parent

SVG = "{http://www.w3.org/2000/svg}"
LEGEND = {
    "organisation": "Organisatie",
    "role": "Persoon",
    "situation": "Situatie",
    "connection": "leidt naar",
}
RTL = {"ar", "fa"}
SLUGS = [p.stem for p in MAP_FILES]


@cache
def seed(slug: str, lang: str = "nl") -> SeedMap:
    return load_map(next(p for p in MAP_FILES if p.stem == slug), lang)


@cache
def laid_out(slug: str, lang: str = "nl", rtl: bool | None = None) -> Layout:
    m = seed(slug, lang)
    return layout(m.groups, m.nodes, m.edges, rtl=lang in RTL if rtl is None else rtl)


@cache
def svg_of(slug: str, lang: str = "nl", rtl: bool | None = None) -> str:
    m = seed(slug, lang)
    return render_svg(
        laid_out(slug, lang, rtl),
        title=m.title,
        description=m.intro,
        legend_labels=LEGEND,
        lang=lang,
        id_prefix=f"map-{slug}",
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def classes(el: ET.Element) -> set[str]:
    return set(el.get("class", "").split())


def all_text(el: ET.Element) -> str:
    return "".join(el.itertext())


# --------------------------------------------------------------------------- the seed maps


def test_there_are_eight_maps() -> None:
    assert len(SLUGS) == 8


@pytest.mark.parametrize("slug", SLUGS)
def test_every_connection_is_exactly_one_arrow(slug: str) -> None:
    m = seed(slug)
    root = parse(svg_of(slug))
    arrows = [p for p in root.iter(f"{SVG}path") if "netdiagram__arrow" in classes(p)]
    drawn = Counter((p.get("data-source"), p.get("data-target")) for p in arrows)
    assert drawn == Counter((e.source, e.target) for e in m.edges)
    for p in arrows:
        assert p.get("marker-end") == f"url(#map-{slug}-arrowhead)"
        assert p.get("d", "").startswith("M")


@pytest.mark.parametrize("slug", SLUGS)
def test_every_connection_label_is_drawn_once(slug: str) -> None:
    m = seed(slug)
    root = parse(svg_of(slug))
    labels = [t for t in root.iter(f"{SVG}text") if "netdiagram__arrow-label" in classes(t)]
    drawn = Counter(
        (t.get("data-source"), t.get("data-target"), " ".join(all_text(t).split())) for t in labels
    )
    wanted = Counter((e.source, e.target, " ".join(e.label.split())) for e in m.edges if e.label)
    # Wrapping splits a label into lines (tspans); joined with spaces it is the label again.
    assert drawn == wanted


@pytest.mark.parametrize("slug", SLUGS)
def test_every_organisation_node_is_exactly_one_link(slug: str) -> None:
    m = seed(slug)
    root = parse(svg_of(slug))
    links = list(root.iter(f"{SVG}a"))
    linked = Counter(
        g.get("data-node") for a in links for g in a.iter(f"{SVG}g") if g.get("data-node")
    )
    organisations = [n for n in m.nodes if n.kind == "organisation"]
    assert linked == Counter(n.key for n in organisations)
    hrefs = {g.get("data-node"): a.get("href") for a in links for g in a.iter(f"{SVG}g")}
    assert all(hrefs[n.key] == n.href for n in organisations)
    # Every node is drawn once, links or not.
    nodes = [g for g in root.iter(f"{SVG}g") if g.get("data-node")]
    assert Counter(g.get("data-node") for g in nodes) == Counter(n.key for n in m.nodes)


@pytest.mark.parametrize("lang", ["nl", "ar"])
@pytest.mark.parametrize("slug", SLUGS)
def test_drawing_is_clean(slug: str, lang: str) -> None:
    """No overlapping boxes or labels, every node inside its own band, bands in order."""
    lay = laid_out(slug, lang)
    d = metrics.from_layout(lay)
    assert metrics.box_overlaps(d) == 0
    band = {b.group.key: b.rect for b in lay.bands}
    for box in lay.nodes:
        r = band[box.node.group_key]
        assert r.y <= box.rect.y and box.rect.bottom <= r.bottom, box.node.key
        assert 0 <= box.rect.x and box.rect.right <= lay.width + 0.5
    tops = [b.rect.y for b in lay.bands]
    assert tops == sorted(tops), "bands follow the group order"
    for upper, lower in zip(lay.bands, lay.bands[1:], strict=False):
        assert upper.rect.bottom <= lower.rect.y + 0.5, "bands do not overlap"
    # Few crossings and (almost) no arrows over boxes: a loose upper bound per map.
    assert metrics.crossings(d) <= 40
    assert metrics.arrows_through_boxes(d) <= 2


def _distance_to_border(p: tuple[float, float], r: diagram.Rect) -> float:
    dx = max(r.x - p[0], 0.0, p[0] - r.right)
    dy = max(r.y - p[1], 0.0, p[1] - r.bottom)
    if dx or dy:
        return math.hypot(dx, dy)  # outside
    return min(p[0] - r.x, r.right - p[0], p[1] - r.y, r.bottom - p[1])  # inside


@pytest.mark.parametrize("slug", SLUGS)
def test_arrows_start_and_end_on_box_edges(slug: str) -> None:
    lay = laid_out(slug)
    rect = {b.node.key: b.rect for b in lay.nodes}
    for route in lay.edges:
        start, tip = route.curve[0], route.tip
        assert _distance_to_border(start, rect[route.edge.source]) <= 3.0, route.edge
        assert _distance_to_border(tip, rect[route.edge.target]) <= 3.0, route.edge


@pytest.mark.parametrize("slug", SLUGS)
def test_labels_fit_their_boxes(slug: str) -> None:
    # Dutch and Arabic for every map; Ukrainian (Cyrillic is wider) and Farsi for two.
    sample = ("01-bescherming-aanvragen", "06-opleiding-volgen")
    for lang in ("nl", "ar", "uk", "fa") if slug in sample else ("nl", "ar"):
        lay = laid_out(slug, lang)
        for box in lay.nodes:
            bold = box.node.kind == "organisation"
            for line in box.lines:
                assert diagram.text_width(line, diagram.NODE_FONT, bold=bold) <= box.rect.w - 20
            assert len(box.lines) * diagram.NODE_LINE <= box.rect.h


def test_long_labels_wrap() -> None:
    lay = laid_out("01-bescherming-aanvragen")
    by_key = {b.node.key: b for b in lay.nodes}
    assert by_key["regiocoordinator"].lines == (
        "Regiocoördinator",
        "Vluchtelingenwerk",
        "Vlaanderen",
    )
    assert by_key["burgers-procedure"].lines == ("Burgers",)
    root = parse(svg_of("01-bescherming-aanvragen"))
    node = next(g for g in root.iter(f"{SVG}g") if g.get("data-node") == "regiocoordinator")
    assert [t.text for t in node.iter(f"{SVG}tspan")] == list(by_key["regiocoordinator"].lines)
    # Arrow labels wrap too.
    route = next(r for r in lay.edges if r.edge.target == "dvz")
    assert len(route.label_lines) >= 3


def test_wrap_keeps_words_and_cuts_only_very_long_ones() -> None:
    assert diagram.wrap_text("een twee drie", 1000, 13) == ["een twee drie"]
    assert diagram.wrap_text("", 100, 13) == []
    # A word a bit wider than the line stays whole (the box widens)...
    lines = diagram._node_lines(
        DiagramNode("x", "g", "role", "Burgerinitiatieven en middenveldorganisaties")
    )
    assert lines == ["Burgerinitiatieven en", "middenveldorganisaties"]
    box = diagram._node_width(DiagramNode("x", "g", "role", "x"), lines)
    assert box > diagram.NODE_WIDTH
    # ...a much longer one is cut into even pieces, with hyphens only inside words.
    cut = diagram.wrap_text("a" * 80, 100, 13)
    assert len(cut) > 1 and all(line.endswith("-") for line in cut[:-1])
    assert max(len(c) for c in cut) - min(len(c) for c in cut) <= 2
    url = diagram.wrap_text("https://example.org/" + "pad/" * 20, 100, 13)
    assert not any(line.endswith("-") for line in url)


def test_text_width_per_script() -> None:
    latin = diagram.text_width("abcdefghij", 10)
    assert 40 < latin < 70
    # Arabic harakat (combining marks) take no room; Ge'ez syllables are wide.
    assert diagram.text_width("مُعَلِّم", 10) == diagram.text_width("معلم", 10)
    assert diagram.text_width("ሰላምሰላምሰላ", 10) > latin
    assert diagram.text_width("Організація", 10) > diagram.text_width("Organisatie", 10)
    assert diagram.text_width("ABC", 10, bold=True) > diagram.text_width("ABC", 10)


# --------------------------------------------------------------------------- right to left


@pytest.mark.parametrize("slug", SLUGS[:3])
def test_rtl_mirrors(slug: str) -> None:
    ltr = laid_out(slug, "nl", False)
    rtl = laid_out(slug, "nl", True)
    assert (rtl.width, rtl.height) == (ltr.width, ltr.height)
    for a, b in zip(ltr.nodes, rtl.nodes, strict=True):
        assert b.rect.y == a.rect.y
        assert b.rect.cx == pytest.approx(ltr.width - a.rect.cx)
    for a, b in zip(ltr.edges, rtl.edges, strict=True):
        assert b.tip[0] == pytest.approx(ltr.width - a.tip[0])

    # In every band, and for the groups' mean positions, the x order is reversed.
    def group_order(lay: Layout) -> list[str]:
        xs: dict[str, list[float]] = {}
        for b in lay.nodes:
            xs.setdefault(b.node.group_key, []).append(b.rect.cx)
        return sorted(xs, key=lambda k: (sum(xs[k]) / len(xs[k]), k))

    assert group_order(rtl) == group_order(ltr)[::-1] or len(set(group_order(ltr))) <= 1


def test_rtl_svg_sets_direction_and_titles_on_the_right() -> None:
    svg = svg_of("01-bescherming-aanvragen", "ar")
    root = parse(svg)
    assert root.get("direction") == "rtl" and root.get("lang") == "ar"
    assert "netdiagram__svg--rtl" in classes(root)
    lay = laid_out("01-bescherming-aanvragen", "ar")
    titles = [t for t in root.iter(f"{SVG}text") if "netdiagram__band-title" in classes(t)]
    for t in titles:
        x = float(next(t.iter(f"{SVG}tspan")).get("x"))
        assert x > lay.width / 2  # anchored at the right edge ("start" in RTL)
    assert "مركز" in svg  # translated labels are used


def test_rtl_must_match_the_layout() -> None:
    with pytest.raises(ValueError):
        render_svg(
            laid_out("07-herenigen-met-het-gezin"),
            title="t",
            description="d",
            legend_labels={},
            lang="ar",
            rtl=True,
        )


# --------------------------------------------------------------------------- output rules


@pytest.mark.parametrize("slug", SLUGS[6:])
def test_output_is_deterministic(slug: str) -> None:
    m = seed(slug)
    again = render_svg(
        layout(m.groups, m.nodes, m.edges),
        title=m.title,
        description=m.intro,
        legend_labels=LEGEND,
        lang="nl",
        id_prefix=f"map-{slug}",
    )
    assert again == svg_of(slug)


def test_output_is_the_same_in_another_process() -> None:
    """Hash seeds and memory addresses differ between processes; the bytes must not."""
    code = (
        f"import sys, hashlib; sys.path.insert(0, {str(ROOT)!r})\n"
        "import tests.organisaties.test_diagram as t\n"
        "print(hashlib.sha256(t.svg_of('02-integreren-en-inburgeren').encode()).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    here = hashlib.sha256(svg_of("02-integreren-en-inburgeren").encode()).hexdigest()
    assert out.stdout.strip() == here


@pytest.mark.parametrize("slug", SLUGS)
def test_no_inline_style_script_or_event_handlers(slug: str) -> None:
    svg = svg_of(slug)
    root = parse(svg)
    for el in root.iter():
        assert el.tag not in (f"{SVG}script", f"{SVG}style", f"{SVG}foreignObject")
        assert "style" not in el.attrib
        assert not any(name.startswith("on") for name in el.attrib)
    assert "<script" not in svg.lower()


def test_accessible_structure() -> None:
    slug = "05-maatschappelijke-dienstverlening"
    root = parse(svg_of(slug))
    # A named group (not an img, whose children would be presentational): its links stay
    # reachable and announced; everything else is hidden, since the list says it in text.
    assert root.get("role") == "group"
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids)) and all(i.startswith(f"map-{slug}-") for i in ids)
    title_id, desc_id = root.get("aria-labelledby"), root.get("aria-describedby")
    hidden = {c for g in root if g.get("aria-hidden") == "true" for c in classes(g)}
    assert {
        "netdiagram__legend",
        "netdiagram__bands",
        "netdiagram__arrows",
        "netdiagram__arrow-labels",
    } <= hidden
    nodes = next(g for g in root if "netdiagram__nodes" in classes(g))
    for child in nodes:
        if child.tag == f"{SVG}a":
            assert child.get("aria-hidden") is None and all_text(child).strip()
        else:
            assert child.get("aria-hidden") == "true"  # a person or situation: in the list
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == title_id and title.text == seed(slug).title
    assert desc is not None and desc.get("id") == desc_id
    # The legend names every kind with text next to a shape of that kind.
    legend = next(g for g in root.iter(f"{SVG}g") if "netdiagram__legend" in classes(g))
    assert {t.text for t in legend.iter(f"{SVG}text")} == set(LEGEND.values())
    shapes = {
        next(iter(c for c in classes(el) if c.startswith("netdiagram__shape--"))): el.tag
        for el in legend
        if "netdiagram__shape" in classes(el)
    }
    assert shapes == {
        "netdiagram__shape--organisation": f"{SVG}rect",
        "netdiagram__shape--role": f"{SVG}rect",
        "netdiagram__shape--situation": f"{SVG}polygon",
    }
    # Shape differs by kind, not only colour: the pill is rounded, the organisation is not.
    rx = {
        k: float(el.get("rx", "0"))
        for el in legend
        for k in classes(el)
        if k.startswith("netdiagram__shape--") and el.tag == f"{SVG}rect"
    }
    assert rx["netdiagram__shape--role"] > 3 * rx["netdiagram__shape--organisation"]
    # Every group has a band with its title.
    bands = [g for g in root.iter(f"{SVG}g") if g.get("data-group")]
    assert [g.get("data-group") for g in bands] == [g.key for g in seed(slug).groups]
    for g, group in zip(bands, seed(slug).groups, strict=True):
        title_el = next(t for t in g.iter(f"{SVG}text") if "netdiagram__band-title" in classes(t))
        assert " ".join(all_text(title_el).split()) == group.title


# --------------------------------------------------------------------------- escaping

NASTY = '<script>alert("x")</script> & \'quotes\' "double" ]]> \x01'


def test_escaping() -> None:
    groups = [DiagramGroup("g1", NASTY), DiagramGroup("g&2", "Tweede <groep>")]
    nodes = [
        DiagramNode("a", "g1", "organisation", NASTY, href='/nl/org/?a=1&b="2"'),
        DiagramNode("b\"'<", "g&2", "role", "B & C"),
        DiagramNode("c", "g1", "organisation", "Evil link", href="javascript:alert(1)"),
        DiagramNode("d", "g&2", "situation", "   "),
    ]
    edges = [
        DiagramEdge("a", "b\"'<", NASTY),
        DiagramEdge("c", "a", ""),
        DiagramEdge("b\"'<", "d", "<b>vet</b>"),
    ]
    svg = render_svg(
        layout(groups, nodes, edges),
        title=NASTY,
        description=NASTY,
        legend_labels={"organisation": "<Org>"},
        lang='nl" onload="x',
        id_prefix='p"><script>',
    )
    root = parse(svg)  # well-formed XML, so every escape is in place
    assert "<script" not in svg and "\x01" not in svg
    clean = NASTY.replace("\x01", "")
    assert root.find(f"{SVG}title").text == clean
    assert root.get("lang") == 'nl" onload="x'
    assert "onload" not in root.attrib
    hrefs = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert hrefs == ['/nl/org/?a=1&b="2"']  # the javascript: URL is not made a link
    texts = " ".join(all_text(t) for t in root.iter(f"{SVG}text"))
    assert "<script>alert(" in " ".join(texts.split())
    arrows = [p for p in root.iter(f"{SVG}path") if "netdiagram__arrow" in classes(p)]
    assert {(p.get("data-source"), p.get("data-target")) for p in arrows} == {
        ("a", "b\"'<"),
        ("c", "a"),
        ("b\"'<", "d"),
    }
    assert all(el.get("id", "").startswith("p---script") for el in root.iter() if el.get("id"))


# --------------------------------------------------------------------------- problems()

G = [DiagramGroup("fase-1", "Fase 1"), DiagramGroup("fase-2", "Fase 2")]
N = [
    DiagramNode("a", "fase-1", "organisation", "A", "/a/"),
    DiagramNode("b", "fase-1", "role", "B"),
    DiagramNode("c", "fase-2", "situation", "C"),
]


def test_problems_is_empty_for_every_seed_map() -> None:
    for slug in SLUGS:
        m = seed(slug)
        assert problems(m.groups, m.nodes, m.edges) == []


def test_problems_catches_the_bad_cases() -> None:
    bad_nodes = [*N, DiagramNode("x", "", "role", "X"), DiagramNode("y", "elders", "role", "Y")]
    bad_edges = [
        DiagramEdge("a", "b", "ok"),
        DiagramEdge("a", "dvz", "node of another map"),
        DiagramEdge("ghost", "a", ""),
        DiagramEdge("b", "b", "self-loop"),
    ]
    found = problems(G, bad_nodes, bad_edges)
    assert any("'x' has no group" in p for p in found)
    assert any("'y' is in unknown group 'elders'" in p for p in found)
    assert any("unknown node 'dvz'" in p for p in found)
    assert any("unknown node 'ghost'" in p for p in found)
    assert any("self-loop" in p for p in found)
    assert len(found) == 5
    with pytest.raises(DiagramError):
        layout(G, bad_nodes, bad_edges)


def test_problems_catches_duplicates_and_unknown_kinds() -> None:
    found = problems(
        [*G, G[0]], [*N, N[0], DiagramNode("z", "fase-1", "robot", "Z")], [DiagramEdge("a", "b")]
    )
    assert "group 'fase-1' appears twice" in found
    assert "node 'a' appears twice" in found
    assert "node 'z' has unknown kind 'robot'" in found


def test_cycles_are_drawn_not_reported() -> None:
    edges = [
        DiagramEdge("a", "b", "heen"),
        DiagramEdge("b", "c", "verder"),
        DiagramEdge("c", "a", "en terug"),
        DiagramEdge("b", "a", "direct terug"),
    ]
    assert problems(G, N, edges) == []
    lay = layout(G, N, edges)
    assert len(lay.edges) == 4
    svg = render_svg(lay, title="t", description="d", legend_labels={}, lang="nl")
    assert svg.count('class="netdiagram__arrow"') == 4


def test_a_cycle_in_a_seed_map_is_drawn() -> None:
    m = seed("01-bescherming-aanvragen")
    edges = (*m.edges, DiagramEdge("advocaat", "dvz", "nieuw verzoek"))
    assert problems(m.groups, m.nodes, edges) == []


def test_layout_failure_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(source: str, engine: str = "dot") -> dict:
        raise RuntimeError("Graphviz crashed")

    monkeypatch.setattr(diagram, "_run_dot", broken)
    assert problems(G, N, [DiagramEdge("a", "b")]) == ["layout failed: Graphviz crashed"]


def test_empty_group_and_empty_map() -> None:
    lay = layout([*G, DiagramGroup("leeg", "Nog niets")], N, [DiagramEdge("a", "c", "x")])
    assert [b.group.key for b in lay.bands] == ["fase-1", "fase-2", "leeg"]
    assert lay.bands[2].rect.h > 0
    empty = layout([], [], [])
    svg = render_svg(empty, title="Leeg", description="", legend_labels={}, lang="nl")
    assert parse(svg).get("role") == "group"


# --------------------------------------------------------------------------- the region swap


def test_marked_nodes_can_be_swapped_without_a_new_layout() -> None:
    m = seed("07-herenigen-met-het-gezin")
    lay = laid_out("07-herenigen-met-het-gezin")
    svg = render_svg(lay, title="t", description="d", legend_labels={}, lang="nl", marked=["caw"])
    index, box = next((i, b) for i, b in enumerate(lay.nodes) if b.node.key == "caw")
    assert svg.count("<!--slot:") == 1 and f"<!--slot:{index}-->" in svg
    lines, font = diagram.fit_label("organisation", "CAW Limburg", box.rect.w, box.rect.h)
    local = diagram.NodeBox(
        DiagramNode("caw", "", "organisation", "CAW Limburg", "/nl/organisaties/caw-limburg/"),
        box.rect,
        lines,
        font,
    )
    swapped = diagram.replace_node(svg, index, local)
    root = parse(swapped)
    link = next(a for a in root.iter(f"{SVG}a") if a.get("href") == "/nl/organisaties/caw-limburg/")
    node = next(link.iter(f"{SVG}g"))
    assert "netdiagram__node--local" in classes(node) and all_text(node).strip() == "CAW Limburg"
    shape = next(el for el in node if "netdiagram__shape" in classes(el))
    assert (float(shape.get("x")), float(shape.get("width"))) == (
        pytest.approx(box.rect.x, abs=0.1),
        pytest.approx(box.rect.w, abs=0.1),
    )
    # Everything else is byte for byte the drawing as it was laid out.
    assert swapped.replace(swapped[swapped.index("<!--slot:") : swapped.index("<!--end:")], "") == (
        svg.replace(svg[svg.index("<!--slot:") : svg.index("<!--end:")], "")
    )
    assert diagram.replace_node(svg, 99, local) == svg  # no such slot: unchanged
    assert len(m.nodes) == len(root.findall(f".//{SVG}g[@data-node]"))


def test_a_long_local_name_is_made_smaller_or_shortened_to_fit_its_box() -> None:
    lines, font = diagram.fit_label("organisation", "CAW", 168, 40)
    assert lines == ("CAW",) and font == diagram.NODE_FONT
    name = "Centrum voor Algemeen Welzijn Oost-Brabant, afdeling onthaal en vluchtelingen (CAW)"
    lines, font = diagram.fit_label("organisation", name, 168, 58)
    assert font < diagram.NODE_FONT and lines[-1].endswith("…")
    for line in lines:
        assert diagram.text_width(line, font, bold=True) <= 168 - 24
    assert len(lines) * diagram.NODE_LINE * font / diagram.NODE_FONT <= 58


def test_standalone_svg_carries_its_own_stylesheet() -> None:
    svg = svg_of("07-herenigen-met-het-gezin")
    css = ".netdiagram__shape { stroke-width: 2px; } .a > .b { fill: red; }"
    root = parse(diagram.standalone(svg, css))
    style = root.find(f"{SVG}style")
    assert style is not None and ".a > .b" in style.text
    assert diagram.standalone(svg, css).startswith('<?xml version="1.0" encoding="UTF-8"?>')
