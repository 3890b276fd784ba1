"""The drawn network map in a real browser: keyboard, focus, phone, right to left, print."""

import re

import pytest

MAP = "/nl/organisaties/netwerkkaart/opleiding-volgen/"


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.console_errors = []
    tab.on("console", lambda msg: msg.type == "error" and tab.console_errors.append(msg.text))
    yield tab
    context.close()


def focused_in_drawing(page) -> str | None:
    """The href of the focused link when it is a node of the drawing."""
    return page.evaluate(
        "() => { const a = document.activeElement;"
        " return a && a.closest('svg.netdiagram__svg') ? a.getAttribute('href') : null }"
    )


def test_tabbing_reaches_an_organisation_in_the_drawing_shows_focus_and_opens_it(
    kit, live_server, laptop
):
    laptop.goto(f"{live_server.url}{MAP}")
    for _ in range(60):
        laptop.keyboard.press("Tab")
        if focused_in_drawing(laptop):
            break
    href = focused_in_drawing(laptop)
    assert href and re.fullmatch(r"/nl/organisaties/[a-z0-9-]+/", href)
    # A visible focus: the box turns yellow with a thick dark edge.
    shape = laptop.evaluate(
        "() => { const s = document.activeElement.querySelector('.netdiagram__shape');"
        " const c = getComputedStyle(s); return [c.fill, c.strokeWidth] }"
    )
    assert shape == ["rgb(255, 191, 71)", "4px"]
    laptop.keyboard.press("Enter")
    laptop.wait_for_url(f"**{href}")
    assert laptop.locator("h1").is_visible()
    assert laptop.console_errors == []


def test_every_organisation_in_the_drawing_is_a_focusable_link(kit, live_server, laptop):
    laptop.goto(f"{live_server.url}{MAP}")
    links = laptop.locator("svg.netdiagram__svg a")
    assert links.count() == laptop.locator(".netmap__node--organisation").count()
    leerwinkel = laptop.locator("svg.netdiagram__svg").get_by_role("link", name="Leerwinkel")
    leerwinkel.click()
    laptop.wait_for_url("**/nl/organisaties/leerwinkel/")


def test_on_a_phone_the_drawing_fits_the_width_and_opens_full_screen_to_pan(kit, live_server, page):
    page.goto(f"{live_server.url}{MAP}")
    width = page.evaluate(
        "document.querySelector('svg.netdiagram__svg').getBoundingClientRect().width"
    )
    assert width <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways page scroll
    page.get_by_role("link", name="Open de tekening schermvullend").click()
    page.wait_for_url("**/opleiding-volgen/tekening/")
    frame = page.locator(".fullscreen__frame")
    # At its own size, in a frame that scrolls both ways.
    assert frame.evaluate("f => f.scrollWidth > f.clientWidth")
    frame.evaluate("f => f.scrollBy(400, 200)")
    assert frame.evaluate("f => f.scrollLeft") > 0
    page.get_by_role("link", name="Passend op het scherm").click()
    assert (
        page.evaluate("document.querySelector('svg.netdiagram__svg').getBoundingClientRect().width")
        <= 360
    )
    page.get_by_role("link", name="Terug naar de kaart en haar lijst").click()
    page.wait_for_url(f"**{MAP}#netmap-list-opleiding-volgen")


def test_in_arabic_the_drawing_runs_from_the_right(kit, live_server, laptop):
    laptop.goto(f"{live_server.url}/ar/organisaties/netwerkkaart/werk-zoeken/")
    svg = laptop.locator("svg.netdiagram__svg")
    assert svg.get_attribute("direction") == "rtl"
    # The frame starts at its right end, where the first phase begins.
    box = svg.bounding_box()
    frame = laptop.locator(".netdiagram__frame").bounding_box()
    assert box["x"] + box["width"] == pytest.approx(frame["x"] + frame["width"], abs=20)
    assert box["x"] < frame["x"]  # wider than the window: the rest lies to the left


def test_a_wide_map_prints_on_one_landscape_page_without_its_list(
    kit, live_server, laptop, tmp_path
):
    laptop.goto(f"{live_server.url}/nl/trajecten/werk-zoeken/")
    laptop.emulate_media(media="print")
    assert not laptop.locator(".netmap__lanes").is_visible()
    assert not laptop.locator(".netdiagram__tools").is_visible()
    pdf = laptop.pdf(path=str(tmp_path / "chapter.pdf"), format="A4", prefer_css_page_size=True)
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    landscape = [i for i, (w, h) in enumerate(sizes) if float(w) > float(h)]
    assert len(landscape) == 1, sizes  # the map, on a page of its own
    # The drawing is no taller than that page.
    height = laptop.evaluate(
        "document.querySelector('svg.netdiagram__svg').getBoundingClientRect().height"
    )
    assert height * 25.4 / 96 <= 150


def test_the_whole_kit_prints_each_map_on_one_page(kit, live_server, laptop, tmp_path):
    laptop.goto(f"{live_server.url}/nl/trajecten/afdrukken/")
    laptop.emulate_media(media="print")
    assert laptop.locator("svg.netdiagram__svg").count() == 8
    for svg in laptop.locator("svg.netdiagram__svg").all():
        box = svg.bounding_box()
        assert box["height"] * 25.4 / 96 <= 200 + 1
    pdf = laptop.pdf(path=str(tmp_path / "kit.pdf"), format="A4", prefer_css_page_size=True)
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert sum(1 for w, h in sizes if float(w) > float(h)) >= 5  # the wide maps
