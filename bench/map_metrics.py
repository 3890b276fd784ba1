"""The network maps as diagram input, and the quality of a finished drawing.

`seed_maps()` reads the kit's maps straight from organisaties/seed (no database), for
bench/compare_map_layouts.py and tests/organisaties/test_diagram.py. The measures work on
plain rectangles and polylines, so a drawing from grandalf, igraph or Graphviz is measured
in exactly the same way.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from organisaties.diagram import DiagramEdge, DiagramGroup, DiagramNode, Layout, _edge_label_size

SEED = Path(__file__).resolve().parent.parent / "organisaties" / "seed"
MAP_FILES = sorted((SEED / "maps").glob("*.toml"))

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Drawing:
    """What a reader sees: node boxes, arrow polylines, arrow label boxes, size."""

    boxes: dict[str, Box]
    arrows: list[tuple[str, str, list[Point]]]  # source, target, polyline (tail to tip)
    labels: list[Box]
    width: float
    height: float


def _orient(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _intersection(p1: Point, p2: Point, q1: Point, q2: Point) -> Point | None:
    """The crossing point of two segments, if they cross properly (not just touch)."""
    d1, d2 = _orient(q1, q2, p1), _orient(q1, q2, p2)
    d3, d4 = _orient(p1, p2, q1), _orient(p1, p2, q2)
    if (d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0) and d1 * d2 < 0 and d3 * d4 < 0:
        t = d1 / (d1 - d2)
        return (p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1]))
    return None


def _inside(p: Point, box: Box, grow: float = 0.0) -> bool:
    return box[0] - grow <= p[0] <= box[2] + grow and box[1] - grow <= p[1] <= box[3] + grow


def _segments(line: Sequence[Point]) -> list[tuple[Point, Point]]:
    return [(line[i], line[i + 1]) for i in range(len(line) - 1) if line[i] != line[i + 1]]


def crossings(d: Drawing) -> int:
    """Points where two arrows cross. Arrows that share a node may meet at that node's
    box without it counting; one crossing of two arrows counts once even when a curve,
    flattened to segments, touches the other line twice at the same spot."""
    segs = [_segments(line) for _, _, line in d.arrows]
    total = 0
    for i in range(len(d.arrows)):
        si, ti, _ = d.arrows[i]
        for j in range(i + 1, len(d.arrows)):
            sj, tj, _ = d.arrows[j]
            shared = [d.boxes[k] for k in {si, ti} & {sj, tj} if k in d.boxes]
            points: list[Point] = []
            for a in segs[i]:
                for b in segs[j]:
                    p = _intersection(a[0], a[1], b[0], b[1])
                    if p is None or any(_inside(p, box, 8.0) for box in shared):
                        continue
                    if all(math.dist(p, q) > 3.0 for q in points):
                        points.append(p)
            total += len(points)
    return total


def _segment_hits_box(a: Point, b: Point, box: Box) -> bool:
    if _inside(a, box) or _inside(b, box):
        return True
    x0, y0, x1, y1 = box
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    return any(_intersection(a, b, corners[k], corners[(k + 1) % 4]) for k in range(4))


def arrows_through_boxes(d: Drawing) -> int:
    """(arrow, box) pairs where an arrow runs over a node box that is not its own end."""
    count = 0
    for s, t, line in d.arrows:
        for key, box in d.boxes.items():
            if key in (s, t):
                continue
            inner = (box[0] + 2, box[1] + 2, box[2] - 2, box[3] - 2)
            if any(_segment_hits_box(a, b, inner) for a, b in _segments(line)):
                count += 1
    return count


def _overlap(a: Box, b: Box, slack: float = 1.0) -> bool:
    return (
        a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack
    )


def box_overlaps(d: Drawing) -> int:
    """Pairs of node boxes or arrow labels that overlap each other."""
    rects = list(d.boxes.values()) + list(d.labels)
    return sum(
        1
        for i in range(len(rects))
        for j in range(i + 1, len(rects))
        if _overlap(rects[i], rects[j])
    )


def arrow_length(d: Drawing) -> float:
    return sum(sum(math.dist(a, b) for a, b in _segments(line)) for _, _, line in d.arrows)


def from_layout(layout: Layout) -> Drawing:
    """The Drawing of a diagram.Layout (Graphviz route flattened to segments)."""

    boxes = {b.node.key: (b.rect.x, b.rect.y, b.rect.right, b.rect.bottom) for b in layout.nodes}
    arrows = [(r.edge.source, r.edge.target, r.polyline()) for r in layout.edges]
    labels = []
    for r in layout.edges:
        if r.label_center and r.label_lines:
            w, h = _edge_label_size(r.label_lines)
            cx, cy = r.label_center
            labels.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
    return Drawing(boxes, arrows, labels, layout.width, layout.height)


# --------------------------------------------------------------------------- the seed maps


@dataclass(frozen=True)
class SeedMap:
    slug: str
    title: str
    intro: str
    groups: tuple[DiagramGroup, ...]
    nodes: tuple[DiagramNode, ...]
    edges: tuple[DiagramEdge, ...]


def _organisation_names() -> dict[str, str]:
    with (SEED / "organisations.toml").open("rb") as fh:
        return {o["key"]: o["name"] for o in tomllib.load(fh)["organisations"]}


def load_map(path: Path, lang: str = "nl") -> SeedMap:
    """One map; with ``lang`` other than nl, labels come from the translation file when given."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    tr: dict = {}
    tr_path = SEED / "translations" / lang / "maps" / path.name
    if lang != "nl" and tr_path.exists():
        with tr_path.open("rb") as fh:
            tr = tomllib.load(fh)
    names = _organisation_names()
    t_groups, t_nodes, t_conns = (
        tr.get("groups", {}),
        tr.get("nodes", {}),
        tr.get("connections", {}),
    )
    groups = tuple(
        DiagramGroup(g["key"], t_groups.get(g["key"]) or g["title"]) for g in data["groups"]
    )
    nodes = tuple(
        DiagramNode(
            key=n["key"],
            group_key=n["group"],
            kind=n["kind"],
            # An organisation without its own label shows the organisation's name.
            label=t_nodes.get(n["key"])
            or n.get("label")
            or names.get(n.get("organisation", ""), n["key"]),
            href=f"/{lang}/organisaties/{n['organisation']}/" if n.get("organisation") else None,
        )
        for n in data["nodes"]
    )
    edges = tuple(
        DiagramEdge(c["from"], c["to"], t_conns.get(f"{c['from']}>{c['to']}") or c.get("label", ""))
        for c in data["connections"]
    )
    return SeedMap(
        path.stem,
        tr.get("title") or data["title"],
        tr.get("intro") or data["intro"],
        groups,
        nodes,
        edges,
    )


def all_maps(lang: str = "nl") -> list[SeedMap]:
    return [load_map(p, lang) for p in MAP_FILES]
