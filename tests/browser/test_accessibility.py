"""WCAG 2.2 A/AA with axe-core in Chromium: every page type, in all six languages, zero violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

LANGUAGES = [code for code, _ in settings.LANGUAGES]
PAGE_TYPES = {
    "home": "",
    "chapter": "trajecten/woning-zoeken/",
    "side by side": "trajecten/werk-zoeken/?vergelijk=nl",
    "network map": "organisaties/netwerkkaart/opleiding-volgen/",
    "network map drawing, full screen": "organisaties/netwerkkaart/werk-zoeken/tekening/",
    "directory with results": "organisaties/?region=limburg&chapter=werk-zoeken",
    "organisation": "organisaties/vdab/",
    "glossary": "woordenlijst/",
    "search": "zoeken/?q=leefloon",
    "page": "pagina/leeswijzer/",
    "not found": "trajecten/bestaat-niet/",
    "checklist form": "stappen/",
    "checklist": "stappen/?situation=erkend-vluchteling&age=volwassen&region=limburg&decided=2026-01-15",
}
WCAG = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
    }
}


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_has_no_wcag_violations(kit, live_server, page, axe, language):
    failures = {}
    for name, path in PAGE_TYPES.items():
        page.goto(f"{live_server.url}/{language}/{path}")
        result = axe.run(page, options=WCAG)
        violations = result.response["violations"]
        if violations:
            failures[name] = [
                (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in violations
            ]
    assert failures == {}


def test_keyboard_only_reaches_the_skip_link_and_sees_focus(kit, live_server, page):
    page.goto(f"{live_server.url}/nl/trajecten/woning-zoeken/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.get_attribute("class") == "skip-link"
    assert focused.is_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    outline = page.locator(".site-name").evaluate(
        "el => { el.focus(); return getComputedStyle(el).outlineStyle }"
    )
    assert outline != "none"


@pytest.mark.parametrize("language", LANGUAGES)
def test_drawn_maps_have_no_wcag_violations_on_a_laptop_with_a_region(
    kit, live_server, browser, axe, language
):
    """The drawings at their own size, with a local office swapped in (Atlas for the AgII)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "vluchtwijzer_regio", "value": "antwerpen", "url": live_server.url}]
    )
    tab = context.new_page()
    failures = {}
    for path in (
        "trajecten/werk-zoeken/",
        "organisaties/netwerkkaart/werk-zoeken/",
        "organisaties/netwerkkaart/bescherming-aanvragen/",
    ):
        tab.goto(f"{live_server.url}/{language}/{path}")
        if "werk-zoeken" in path:  # the AgII's box: Atlas in Antwerp
            assert tab.locator(".netdiagram__node--local").count() == 1, path
        violations = axe.run(tab, options=WCAG).response["violations"]
        if violations:
            failures[path] = [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    context.close()
    assert failures == {}
