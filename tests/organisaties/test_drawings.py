"""The network map as a picture: drawn when saved, shown as stored, with the list as its twin.

Drawings of the whole kit in every language, render-on-save (admin, loader, command), no
layout during a request, the reader's local offices, the download, and the admin's refusals.
"""

import io
import logging
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from content.models import SeedRecord
from content.seeding import fingerprint, load_starterskit
from organisaties import diagram, drawing
from organisaties.models import (
    MapConnection,
    MapNode,
    NetworkMap,
    NetworkMapDrawing,
    Organisation,
    Service,
)
from organisaties.reader_region import COOKIE
from tests.admin_forms import admin_form_data
from tests.factories import (
    make_chapter,
    make_editor,
    make_network_map,
    make_organisation,
    make_regions,
    make_service,
    sign_in,
)

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
LANGUAGES = [code for code, _ in settings.LANGUAGES]
RTL = {"ar", "fa"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def classes(el: ET.Element) -> set[str]:
    return set(el.get("class", "").split())


def inline_svg(html: str) -> str:
    """The drawing inside a page (one per page here)."""
    start = html.index("<svg", html.index('class="netdiagram__frame'))
    return html[start : html.index("</svg>", start) + len("</svg>")]


def arrows(root: ET.Element) -> Counter:
    return Counter(
        (p.get("data-source"), p.get("data-target"))
        for p in root.iter(f"{SVG}path")
        if "netdiagram__arrow" in classes(p)
    )


def links(root: ET.Element) -> dict[str, str]:
    """node key -> href of every linked node."""
    found: dict[str, str] = {}
    for a in root.iter(f"{SVG}a"):
        for g in a.iter(f"{SVG}g"):
            assert g.get("data-node") not in found, "a node is linked twice"
            found[g.get("data-node")] = a.get("href")
    return found


def node_centres(root: ET.Element) -> dict[str, tuple[float, float]]:
    centres = {}
    for g in root.iter(f"{SVG}g"):
        key = g.get("data-node")
        if not key:
            continue
        shape = next(el for el in g if "netdiagram__shape" in classes(el))
        if shape.tag == f"{SVG}polygon":
            points = [tuple(map(float, p.split(","))) for p in shape.get("points").split()]
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            centres[key] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
        else:
            x, y = float(shape.get("x")), float(shape.get("y"))
            centres[key] = (x + float(shape.get("width")) / 2, y + float(shape.get("height")) / 2)
    return centres


def expected(network_map: NetworkMap, language: str) -> tuple[Counter, dict[str, str]]:
    """The connections and the organisation links the map's drawing must show."""
    nodes = {n.pk: n for n in network_map.nodes.select_related("organisation")}
    connections = Counter(
        (nodes[c.source_id].key, nodes[c.target_id].key) for c in network_map.connections.all()
    )
    with translation.override(language):
        organisations = {
            n.key: n.organisation.get_absolute_url() for n in nodes.values() if n.organisation_id
        }
    return connections, organisations


# --------------------------------------------------------------------------- the whole kit


def test_every_map_is_drawn_in_every_language_one_arrow_per_connection_one_link_per_organisation(
    kit,
):
    maps = list(NetworkMap.objects.select_related("chapter"))
    assert len(maps) == 8
    for network_map in maps:
        drawn = {d.language: d for d in network_map.drawings.all()}
        assert sorted(drawn) == sorted(LANGUAGES), network_map
        for language in LANGUAGES:
            root = parse(drawn[language].svg)
            connections, organisations = expected(network_map, language)
            assert arrows(root) == connections, (network_map, language)
            assert links(root) == organisations, (network_map, language)
            assert root.get("lang") == language
            with translation.override(language):
                assert root.find(f"{SVG}title").text == network_map.title


def test_labels_in_the_drawing_are_the_translated_labels(kit):
    network_map = NetworkMap.objects.get(chapter__slug="werk-zoeken")
    node = network_map.nodes.get(key="vdab")
    for language in ("nl", "ar", "uk"):
        svg = network_map.drawings.get(language=language).svg
        root = parse(svg)
        label = next(g for g in root.iter(f"{SVG}g") if g.get("data-node") == "vdab").itertext()
        with translation.override(language):
            assert " ".join("".join(label).split()) == node.display_label, language
    assert "VDAB (Vlaanderen)" in network_map.drawings.get(language="nl").svg
    assert "VDAB (فلاندرن)" in network_map.drawings.get(language="ar").svg


def test_the_map_pages_show_the_drawing_above_the_list_in_every_language(kit, client):
    for network_map in NetworkMap.objects.select_related("chapter"):
        for language in LANGUAGES:
            html = client.get(f"/{language}/organisaties/netwerkkaart/{network_map.chapter.slug}/")
            html = html.content.decode()
            root = parse(inline_svg(html))
            connections, organisations = expected(network_map, language)
            assert arrows(root) == connections and links(root) == organisations
            # The drawing first, then the list: its text twin.
            assert html.index("<svg") < html.index('class="netmap__lanes"')
            assert "style=" not in inline_svg(html) and "<script" not in inline_svg(html)


def test_the_chapter_page_shows_its_drawing(kit, client):
    for language in ("nl", "ar"):
        html = client.get(f"/{language}/trajecten/woning-zoeken/").content.decode()
        section = html[html.index('id="netwerkkaart"') :]
        assert section.index("<svg") < section.index('class="netmap__lanes"')
        root = parse(inline_svg(html))
        assert root.get("role") == "group"
        assert root.get("aria-labelledby") == "tekening-woning-zoeken-title"
        assert root.get("aria-describedby") == "tekening-woning-zoeken-desc"


@pytest.mark.parametrize("language", sorted(RTL))
def test_right_to_left_languages_get_a_mirrored_drawing(kit, language):
    for network_map in NetworkMap.objects.all():
        ltr = parse(network_map.drawings.get(language="nl").svg)
        rtl = parse(network_map.drawings.get(language=language).svg)
        assert rtl.get("direction") == "rtl" and "netdiagram__svg--rtl" in classes(rtl)
        assert ltr.get("direction") is None
        # Arrows run from the start side to the end side: right to left in Arabic and Farsi.
        for root, sign in ((ltr, 1), (rtl, -1)):
            centre = node_centres(root)
            run = sum(centre[t][0] - centre[s][0] for (s, t), n in arrows(root).items())
            assert sign * run > 0, network_map


def test_no_drawing_has_inline_styles_scripts_or_event_handlers(kit):
    for stored in NetworkMapDrawing.objects.all():
        for el in parse(stored.svg).iter():
            assert el.tag not in (f"{SVG}script", f"{SVG}style", f"{SVG}foreignObject")
            assert "style" not in el.attrib
            assert not any(name.startswith("on") for name in el.attrib)


# --------------------------------------------------------------------------- drawn on save


@pytest.fixture
def regions():
    return make_regions()


@pytest.fixture
def small_map(regions):
    chapter = make_chapter(slug="werk-zoeken")
    vdab = make_organisation(name="VDAB", slug="vdab", regions=[regions["vlaanderen"]])
    network_map = make_network_map(chapter=chapter, organisation=vdab)
    drawing.render_drawings(network_map)
    return network_map


@pytest.fixture
def no_layout(monkeypatch):
    """Any layout from here on fails the test: pages must show what was stored."""

    def refuse(*args, **kwargs):
        raise AssertionError("a map was laid out during a request")

    monkeypatch.setattr(diagram, "layout", refuse)
    monkeypatch.setattr(diagram, "_run_dot", refuse)


@pytest.fixture
def count_renders(monkeypatch):
    calls = []
    real = drawing.render_drawings

    def counted(network_map, **kwargs):
        calls.append(network_map.pk)
        return real(network_map, **kwargs)

    # The admin and the loader import it by name from organisaties.drawing.
    monkeypatch.setattr("organisaties.admin.render_drawings", counted)
    monkeypatch.setattr("organisaties.seed.render_drawings", counted)
    return calls


def map_form(client, network_map) -> tuple[str, dict]:
    url = f"/admin/organisaties/networkmap/{network_map.pk}/change/"
    return url, admin_form_data(client.get(url).content.decode(), "networkmap_form")


def inline_index(data: dict, prefix: str, field: str, value) -> int:
    return next(
        int(k.split("-")[1])
        for k, v in data.items()
        if re.fullmatch(rf"{prefix}-\d+-{field}", k) and v == str(value)
    )


def add_row(data: dict, prefix: str, values: dict) -> None:
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(n + 1)
    data[f"{prefix}-{n}-id"] = ""
    for name, value in values.items():
        data[f"{prefix}-{n}-{name}"] = str(value)


def test_a_page_request_never_lays_out_a_map(small_map, client, no_layout):
    chapter = small_map.chapter
    for url in (
        chapter.get_absolute_url(),
        small_map.get_absolute_url(),
        small_map.get_drawing_url(),
        small_map.get_download_url(),
        "/ar" + small_map.get_absolute_url()[3:],
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<svg" in response.content.decode(), url


class Recorder(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def test_without_a_drawing_the_page_shows_the_list_and_logs_it(small_map, client):
    small_map.drawings.filter(language="fr").delete()
    recorder = Recorder()
    logging.getLogger("organisaties").addHandler(recorder)
    try:
        html = client.get("/fr" + small_map.get_absolute_url()[3:]).content.decode()
    finally:
        logging.getLogger("organisaties").removeHandler(recorder)
    assert "netdiagram__frame" not in html and 'class="netmap__lanes"' in html
    assert any("no drawing in fr" in line for line in recorder.lines)
    assert client.get("/fr" + small_map.get_download_url()[3:]).status_code == 404
    assert client.get("/fr" + small_map.get_drawing_url()[3:]).status_code == 404


def test_saving_a_map_in_the_admin_draws_it_again_once_in_every_language(
    small_map, client, count_renders
):
    sign_in(client, make_editor())
    url, data = map_form(client, small_map)
    row = inline_index(data, "nodes", "key", "jij")
    data[f"nodes-{row}-label_nl"] = "Vrijwilligers uit de buurt"
    row = inline_index(data, "groups", "key", "hulp")
    data[f"groups-{row}-title_nl"] = "Wie helpt"
    response = client.post(url, data)
    assert response.status_code == 302
    assert count_renders == [small_map.pk]  # one drawing for the form and all its inlines
    for stored in small_map.drawings.all():
        assert "Wie helpt" in stored.svg, stored.language
    # The French node label falls back to Dutch until it is translated.
    for language in ("nl", "fr"):
        root = parse(small_map.drawings.get(language=language).svg)
        box = next(g for g in root.iter(f"{SVG}g") if g.get("data-node") == "jij")
        assert " ".join("".join(box.itertext()).split()) == "Vrijwilligers uit de buurt"


def test_the_change_form_shows_the_drawing(small_map, client):
    sign_in(client, make_editor())
    html = client.get(f"/admin/organisaties/networkmap/{small_map.pk}/change/").content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    languages = sorted(code for code, _ in settings.LANGUAGES)
    assert ", ".join(languages) in html  # the drawn languages, in a stable order
    assert small_map.get_drawing_url() in html


def test_renaming_an_organisation_draws_the_maps_it_is_on_again(small_map, client):
    sign_in(client, make_editor())
    vdab = Organisation.objects.get(slug="vdab")
    url = f"/admin/organisaties/organisation/{vdab.pk}/change/"
    data = admin_form_data(client.get(url).content.decode(), "organisation_form")
    data["name"] = "Vlaamse Dienst voor Arbeidsbemiddeling"
    assert client.post(url, data).status_code == 302
    for stored in small_map.drawings.all():
        assert "Vlaamse Dienst voor" in stored.svg, stored.language


def test_render_maps_draws_what_changed_or_everything_with_force(small_map):
    out = io.StringIO()
    call_command("render_maps", stdout=out)
    assert "werk-zoeken: drawn -; unchanged nl, fr, en, ar, uk, fa" in out.getvalue()
    small_map.drawings.filter(language="uk").delete()
    call_command("render_maps", "--map", "werk-zoeken", stdout=out)
    assert "drawn uk; unchanged nl, fr, en, ar, fa" in out.getvalue()
    call_command("render_maps", "--language", "ar", "--force", stdout=out)
    assert "werk-zoeken: drawn ar; unchanged -" in out.getvalue()
    with pytest.raises(CommandError, match="No network map"):
        call_command("render_maps", "--map", "bestaat-niet")
    with pytest.raises(CommandError, match="Unknown language"):
        call_command("render_maps", "--language", "xx")


def test_a_map_that_cannot_be_drawn_loses_its_old_drawing_and_the_command_says_so(
    small_map, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("Graphviz crashed")

    monkeypatch.setattr(diagram, "_run_dot", broken)
    with pytest.raises(CommandError, match=f"{len(settings.LANGUAGES)} drawing"):
        call_command("render_maps", "--force", stdout=io.StringIO(), stderr=io.StringIO())
    assert not small_map.drawings.exists()


def test_the_loader_draws_only_maps_whose_drawing_is_missing_or_changed(kit, count_renders):
    network_map = NetworkMap.objects.get(chapter__slug="opleiding-volgen")
    network_map.drawings.filter(language="fa").delete()
    before = {d.language: d.rendered_at for d in network_map.drawings.all()}
    load_starterskit()
    assert len(count_renders) == 8  # asked once per map, after its document is loaded
    after = {d.language: d.rendered_at for d in network_map.drawings.all()}
    assert sorted(after) == sorted(LANGUAGES)
    assert all(after[language] == before[language] for language in before)  # not drawn again


# --------------------------------------------------------------------------- query counts


def test_the_map_page_query_count_is_pinned_and_does_not_grow(
    regions, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the editors' saves commit
        chapter = make_chapter(slug="werk-zoeken")
        caw = make_service()
        generic = make_organisation(name="CAW", regions=[regions["vlaanderen"]], service=caw)
        make_organisation(name="CAW Limburg", regions=[regions["limburg"]], service=caw)
        network_map = make_network_map(chapter=chapter, organisation=generic, stands_for=caw)
        drawing.render_drawings(network_map, languages=["nl"])
    # map+chapter, nodes+group+organisation, connections, the drawing
    with django_assert_num_queries(4):
        client.get(network_map.get_absolute_url())
    client.cookies[COOKIE] = "limburg"
    # ...and with a region: the region, its local offices, and the content version (read from
    # the database once in a process after each edit; content/version.py)
    with django_assert_num_queries(7):
        assert "CAW Limburg" in client.get(network_map.get_absolute_url()).content.decode()

    group = network_map.groups.first()
    previous = network_map.nodes.first()
    with django_capture_on_commit_callbacks(execute=True):
        add_thirty_boxes(network_map, group, previous, regions, caw)
    with django_assert_num_queries(7):
        client.get(network_map.get_absolute_url())


def add_thirty_boxes(network_map, group, previous, regions, caw) -> None:
    for i in range(30):
        node = MapNode.objects.create(
            network_map=network_map,
            group=group,
            key=f"extra-{i}",
            kind="organisation",
            organisation=make_organisation(name=f"Extra {i}", regions=[regions["limburg"]]),
            stands_for=caw if i % 3 == 0 else None,
        )
        MapConnection.objects.create(network_map=network_map, source=previous, target=node)
        previous = node
    drawing.render_drawings(network_map, languages=["nl"])


def test_the_chapter_page_query_count_with_a_map_is_pinned(
    small_map, client, django_assert_num_queries, commit
):
    Organisation.objects.get(slug="vdab").chapters.add(small_map.chapter)  # "in your region"
    commit()
    url = small_map.chapter.get_absolute_url()
    client.get(url)  # renders and stores the body, the map's figure and the region choices
    # Nothing: the chapters and the map (with its drawing's stamps) are read once per content
    # version, the rest is stored (see trajecten's test).
    with django_assert_num_queries(0):
        html = client.get(url).content.decode()
    assert "netdiagram__frame" in html
    client.cookies[COOKIE] = "limburg"
    # With a region, the first time: the map with its boxes, arrows and drawing to draw the
    # region's figure, the region (for the figure and the list), the directory's index
    # (listings, their regions, their themes: once per content version) and the rows it names.
    with django_assert_num_queries(10):
        client.get(url)
    # After that the region's figure is stored too: the region and its organisations only.
    with django_assert_num_queries(2):
        html = client.get(url).content.decode()
    assert 'href="/nl/organisaties/vdab/">VDAB</a>' in html


# --------------------------------------------------------------------------- in your region


@pytest.fixture
def caw_map(regions):
    caw = make_service()
    generic = make_organisation(
        name="Centrum voor Algemeen Welzijn",
        abbreviation="CAW",
        slug="caw",
        regions=[regions["vlaanderen"], regions["brussel"]],
        service=caw,
    )
    make_organisation(
        name="CAW Limburg", slug="caw-limburg", regions=[regions["limburg"]], service=caw
    )
    make_organisation(
        name="CAW Antwerpen (draft)",
        slug="caw-antwerpen",
        regions=[regions["antwerpen"]],
        service=caw,
        status="draft",
    )
    chapter = make_chapter(slug="zorgen-voor")
    network_map = make_network_map(chapter=chapter, organisation=generic, stands_for=caw)
    drawing.render_drawings(network_map)
    return network_map


def test_a_reader_with_a_region_sees_the_local_office_in_the_box_of_its_service(
    caw_map, client, no_layout
):
    generic_box = next(
        g
        for g in parse(caw_map.drawings.get(language="nl").svg).iter(f"{SVG}g")
        if g.get("data-node") == "vdab"
    )
    html = client.get(caw_map.get_absolute_url()).content.decode()
    assert links(parse(inline_svg(html)))["vdab"] == "/nl/organisaties/caw/"
    assert "Kies je regio om de kantoren in je buurt op de kaart te zien." in html

    client.cookies[COOKIE] = "limburg"
    html = client.get(caw_map.get_absolute_url()).content.decode()
    root = parse(inline_svg(html))
    assert links(root)["vdab"] == "/nl/organisaties/caw-limburg/"
    box = next(g for g in root.iter(f"{SVG}g") if g.get("data-node") == "vdab")
    assert "netdiagram__node--local" in classes(box)
    assert " ".join("".join(box.itertext()).split()) == "CAW Limburg"
    # Same place, same size: no new layout.
    assert next(iter(box)).attrib["x"] == next(iter(generic_box)).attrib["x"]
    assert next(iter(box)).attrib["width"] == next(iter(generic_box)).attrib["width"]
    # The list says it too, and a note beside the drawing explains it.
    lanes = html[html.index('class="netmap__lanes"') :]
    assert 'In Limburg: <a href="/nl/organisaties/caw-limburg/">CAW Limburg</a>' in lanes
    assert "netdiagram__local" in html

    # A region without an office (a draft does not count): the generic box stays.
    client.cookies[COOKIE] = "antwerpen"
    root = parse(inline_svg(client.get(caw_map.get_absolute_url()).content.decode()))
    assert links(root)["vdab"] == "/nl/organisaties/caw/"
    # The download is the reader's drawing too.
    client.cookies[COOKIE] = "limburg"
    body = client.get(caw_map.get_download_url()).content.decode()
    assert links(parse(body))["vdab"] == "/nl/organisaties/caw-limburg/"


def test_the_kit_shows_atlas_for_the_agii_in_antwerp_and_keeps_vdab_where_actiris_is_drawn(
    kit, client
):
    client.cookies[COOKIE] = "antwerpen"
    html = client.get("/nl/organisaties/netwerkkaart/werk-zoeken/").content.decode()
    found = links(parse(inline_svg(html)))
    assert found["agii"] == "/nl/organisaties/atlas/"
    assert found["caw"] == "/nl/organisaties/caw/"  # the directory has no local CAW
    client.cookies[COOKIE] = "brussel"
    found = links(
        parse(inline_svg(client.get("/nl/organisaties/netwerkkaart/werk-zoeken/").content.decode()))
    )
    # Actiris is Brussels' VDAB, but it already has its own box on this map.
    assert (
        found["vdab"] == "/nl/organisaties/vdab/"
        and found["actiris"] == "/nl/organisaties/actiris/"
    )
    assert Service.objects.get(key="werk").organisations.filter(slug="actiris").exists()


# --------------------------------------------------------------------------- the download


def test_each_map_downloads_as_a_standalone_svg_file(small_map, client, settings):
    url = small_map.get_download_url()  # reverse() follows the language of the last request
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="netwerkkaart-werk-zoeken-nl.svg"'
    )
    body = response.content.decode()
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = parse(body)
    style = root.find(f"{SVG}style")
    assert ".netdiagram__shape--organisation" in style.text and "var(--" not in style.text
    connections, organisations = expected(small_map, "nl")
    assert arrows(root) == connections and links(root) == organisations
    ar = client.get("/ar" + url[3:])
    assert (
        ar["Content-Disposition"].endswith('-ar.svg"') and 'direction="rtl"' in ar.content.decode()
    )

    # From the page cache it is still a download.
    settings.PAGE_CACHE = True
    client.get(url)
    cached = client.get(url)
    assert cached["Content-Disposition"] == response["Content-Disposition"]
    assert cached["Content-Type"] == response["Content-Type"]


def test_unknown_and_draft_maps_have_no_download_or_full_screen_page(small_map, client):
    for suffix in ("kaart.svg", "tekening/"):
        assert client.get(f"/nl/organisaties/netwerkkaart/bestaat-niet/{suffix}").status_code == 404
    small_map.chapter.status = "draft"
    small_map.chapter.save()
    assert client.get(small_map.get_download_url()).status_code == 404
    assert client.get(small_map.get_drawing_url()).status_code == 404


def test_the_full_screen_page_shows_only_the_drawing_to_pan(small_map, client):
    html = client.get(small_map.get_drawing_url()).content.decode()
    assert 'class="fullscreen__frame"' in html and "<svg" in html
    assert 'class="site-header"' not in html and 'class="netmap__lanes"' not in html
    assert f'href="{small_map.get_absolute_url()}#netmap-list-werk-zoeken"' in html


# --------------------------------------------------------------------------- admin refusals


def test_a_box_without_a_group_is_refused(small_map, client):
    sign_in(client, make_editor())
    url, data = map_form(client, small_map)
    data[f"nodes-{inline_index(data, 'nodes', 'key', 'jij')}-group"] = ""
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Zet het element in een groep" in response.content.decode()
    assert small_map.nodes.get(key="jij").group is not None


def test_deleting_a_group_that_still_holds_boxes_is_refused(small_map, client):
    sign_in(client, make_editor())
    url, data = map_form(client, small_map)
    data[f"groups-{inline_index(data, 'groups', 'key', 'hulp')}-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    assert small_map.groups.filter(key="hulp").exists()
    assert "nodes" in response.context["inline_admin_formsets"][1].formset.prefix
    errors = response.context["inline_admin_formsets"][1].formset.errors
    assert any("group" in form_errors for form_errors in errors)


def test_an_arrow_to_a_box_of_another_map_is_refused(small_map, client, regions):
    other = make_network_map(
        chapter=make_chapter(slug="ander"),
        organisation=make_organisation(name="Ander", regions=[regions["limburg"]]),
    )
    foreign = other.nodes.get(key="jij")
    sign_in(client, make_editor())
    url, data = map_form(client, small_map)
    add_row(
        data,
        "connections",
        {
            "network_map": small_map.pk,
            "source": small_map.nodes.get(key="vdab").pk,
            "target": foreign.pk,
            "label_nl": "stuurt door naar",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][2].formset.errors
    assert any(
        "een pijl kan niet naar een element op een andere kaart leiden" in str(e.get("target", ""))
        for e in errors
    )
    assert small_map.connections.count() == 2
    # And in the model itself, for any other way of saving.
    connection = MapConnection(
        network_map=small_map, source=small_map.nodes.get(key="vdab"), target=foreign
    )
    with pytest.raises(ValidationError, match="geen element op een andere kaart"):
        connection.full_clean()


def test_an_arrow_that_makes_the_layout_fail_is_refused(small_map, client, monkeypatch):
    """Graphviz draws circles (it turns one arrow round while ranking); should the layout of
    a circle fail (here: an engine that cannot), the admin refuses it with a message."""
    real = diagram.layout

    def no_circles(groups, nodes, edges, **kwargs):
        targets = {e.source: e.target for e in edges}
        for start in targets:
            seen, node = set(), start
            while node in targets and node not in seen:
                seen.add(node)
                node = targets[node]
            if node == start:
                raise diagram.DiagramError(["a circle the engine cannot lay out"])
        return real(groups, nodes, edges, **kwargs)

    monkeypatch.setattr(diagram, "layout", no_circles)
    sign_in(client, make_editor())
    url, data = map_form(client, small_map)
    vdab, situation = small_map.nodes.get(key="vdab"), small_map.nodes.get(key="zoekt-werk")
    add_row(
        data,
        "connections",
        {
            "network_map": small_map.pk,
            "source": vdab.pk,
            "target": situation.pk,
            "label_nl": "terug",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    message = str(response.context["inline_admin_formsets"][2].formset.non_form_errors())
    assert "a circle the engine cannot lay out" in message
    assert small_map.connections.count() == 2


def test_a_circle_that_graphviz_can_draw_is_saved_and_drawn(small_map, client):
    sign_in(client, make_editor())
    url, data = map_form(client, small_map)
    vdab, situation = small_map.nodes.get(key="vdab"), small_map.nodes.get(key="zoekt-werk")
    add_row(
        data,
        "connections",
        {
            "network_map": small_map.pk,
            "source": vdab.pk,
            "target": situation.pk,
            "label_nl": "terug",
        },
    )
    assert client.post(url, data).status_code == 302
    root = parse(small_map.drawings.get(language="nl").svg)
    assert arrows(root)[("vdab", "zoekt-werk")] == 1 and sum(arrows(root).values()) == 3


# --------------------------------------------------------------------------- seed files


def test_old_seed_records_take_the_new_service_fields_on_the_next_load(kit):
    """Migration 0006: records made before `service` existed must not look like staff edits."""
    from importlib import import_module

    migration = import_module("organisaties.migrations.0007_seed_fingerprints_with_services")
    caw = Organisation.objects.get(slug="caw")
    edited = Organisation.objects.get(slug="clb")
    for organisation in (caw, edited):
        organisation.service = None
        organisation.save()
        old = {name: getattr(organisation, name) for name in migration.ORGANISATION_FIELDS}
        old["regions"] = sorted(organisation.regions.values_list("pk", flat=True))
        old["chapters"] = sorted(organisation.chapters.values_list("pk", flat=True))
        record = SeedRecord.objects.get(key=f"organisation/{organisation.slug}")
        record.fingerprint = fingerprint(old)  # as an older loader wrote it
        record.save()
    edited.phone = "011 11 11 11"  # staff edited this one since
    edited.save()

    migration.carry_fingerprints(apps, None)
    load_starterskit()
    assert Organisation.objects.get(slug="caw").service.key == "caw"
    assert Organisation.objects.get(slug="clb").service is None  # the staff edit is kept


def test_a_seed_node_without_a_group_or_with_an_unknown_service_is_a_problem(tmp_path):
    from content.seeding import SeedError, read_starterskit
    from organisaties.seed import OrganisatiesSeed

    (tmp_path / "maps").mkdir()
    (tmp_path / "regions.toml").write_text('[[regions]]\nkey = "limburg"\nname = "Limburg"\n')
    (tmp_path / "services.toml").write_text('[[services]]\nkey = "caw"\nname = "CAW"\n')
    (tmp_path / "organisations.toml").write_text(
        '[[organisations]]\nkey = "x"\nname = "X"\nkind = "nonprofit"\ndescription = "d"\n'
        'regions = ["limburg"]\nservice = "ocmw"\n'
    )
    (tmp_path / "maps" / "01-x.toml").write_text(
        'chapter = "bescherming-aanvragen"\ntitle = "T"\n[[groups]]\nkey = "g"\ntitle = "G"\n'
        '[[nodes]]\nkey = "a"\nkind = "organisation"\norganisation = "x"\nstands_for = "ocmw"\n'
    )
    with pytest.raises(SeedError) as excinfo:
        read_starterskit([OrganisatiesSeed(tmp_path)])
    message = str(excinfo.value)
    assert "organisations.toml x: unknown service 'ocmw'" in message
    assert "01-x.toml node a: needs a group" in message
    assert "01-x.toml node a: stands_for must name a service" in message


def test_kinds_of_service_are_edited_in_the_admin(kit, client):
    sign_in(client, make_editor())
    caw = Service.objects.get(key="caw")
    assert client.get(f"/admin/organisaties/service/{caw.pk}/change/").status_code == 200
    html = client.get("/admin/organisaties/organisation/?service__id__exact=" + str(caw.pk))
    assert "Centrum voor Algemeen Welzijn" in html.content.decode()
