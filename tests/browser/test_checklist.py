"""'Welke stappen nu?' in Chromium: the form updates the list in place, ticks survive a reload
in this browser only, the list prints on one or two pages, and works without JavaScript."""

import datetime
import json
import re

from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from actueel.models import Rule

ANSWERS = "situation=erkend-vluchteling&age=volwassen&region=limburg"
PAGE = re.compile(rb"/Type\s*/Page(?!s)")


DECIDED = timezone.localdate() - datetime.timedelta(days=30)  # a deadline still ahead


def fill_in(tab) -> None:
    tab.get_by_label("Erkend vluchteling").check()
    tab.select_option("#id_region", "limburg")
    tab.fill("#id_decided", DECIDED.isoformat())


def step_keys(tab) -> list[str]:
    return [key.removeprefix("stap-") for key in tab.locator("ol.steps > li").evaluate_all(
        "items => items.map(item => item.id)"
    )]  # fmt: skip


def test_fill_in_tick_two_steps_reload_and_print(kit, live_server, page, tmp_path):
    page.goto(f"{live_server.url}/nl/stappen/")
    page.evaluate("window.loadedOnce = true")  # survives only if htmx swaps instead of reloading
    fill_in(page)
    page.wait_for_url(f"**decided={DECIDED.isoformat()}*")
    page.locator("#stap-gezinshereniging-vluchteling").wait_for()
    assert page.evaluate("window.loadedOnce") is True
    assert "situation=erkend-vluchteling" in page.url and "region=limburg" in page.url
    assert "applied=" not in page.url  # empty answers stay out of the address
    # htmx may change the address before it swaps the new list in (and the step waited for above
    # was already in the list for fewer answers): wait for the list's own count.
    expect(page.locator("#checklist-status")).to_have_text(re.compile(r"^15 stappen"))
    due = Rule.objects.get(key="gezinshereniging-termijn-vluchtelingen").deadline_after(DECIDED)
    with translation.override("nl"):
        expected = f"Doe het ten laatste op {formats.date_format(due, 'j F Y')}."
    assert page.locator("#stap-gezinshereniging-vluchteling .step__due").inner_text() == expected

    first, second = step_keys(page)[:2]
    page.get_by_label("Gedaan: Verlaat de opvang: zoek meteen een woning").check()
    page.locator(f"#tick-{second}").check()
    assert first == "opvang-verlaten"
    stored = page.evaluate(
        "localStorage.getItem('vluchtwijzer.stappen.erkend-vluchteling/volwassen')"
    )
    assert sorted(json.loads(stored)) == sorted([first, second])
    assert first not in page.url and "tick" not in page.url  # ticks never go to the server

    page.reload()
    checked = page.locator(".step__tick input").evaluate_all(
        "boxes => boxes.filter(box => box.checked).map(box => box.value)"
    )
    assert sorted(checked) == sorted([first, second])
    assert page.locator(f"#stap-{first}").get_attribute("class").endswith("step--ticked")

    # The shareable link, opened in another browser: the same list, without the ticks.
    shared = page.locator("#share-link").input_value()
    other = page.context.browser.new_context()
    elsewhere = other.new_page()
    elsewhere.goto(shared)
    assert step_keys(elsewhere) == step_keys(page)
    assert elsewhere.locator(".step__tick input:checked").count() == 0
    other.close()

    page.emulate_media(media="print")
    assert not page.locator("#checklist-form").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert page.locator(f"#tick-{first}").is_visible()  # the ticks print as ticked boxes
    assert page.locator(".share-printed").is_visible()  # the link, written out on paper
    pdf = page.pdf(path=str(tmp_path / "checklist-nl.pdf"), format="A4")
    assert pdf[:4] == b"%PDF"
    assert 1 <= len(PAGE.findall(pdf)) <= 2
    assert page.console_errors == []


def test_removing_the_ticks_clears_this_browser_only(kit, live_server, page):
    page.goto(f"{live_server.url}/nl/stappen/?{ANSWERS}")
    page.locator("ol.steps .step__tick input").first.check()
    page.get_by_role("button", name="Wis de vinkjes").click()
    assert page.evaluate("localStorage.length") == 0
    assert page.locator(".step__tick input:checked").count() == 0


def test_without_javascript_the_same_form_gives_the_same_list(kit, live_server, browser, page):
    page.goto(f"{live_server.url}/nl/stappen/")
    fill_in(page)
    page.wait_for_url(f"**decided={DECIDED.isoformat()}*")
    page.locator("#stap-gezinshereniging-vluchteling").wait_for()
    with_javascript = step_keys(page)

    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/nl/stappen/")
    fill_in(tab)
    tab.get_by_role("button", name="Toon de stappen").click()
    tab.wait_for_url(f"**decided={DECIDED.isoformat()}*")
    assert step_keys(tab) == with_javascript
    assert len(with_javascript) == 15
    assert not tab.locator(".step__tick").first.is_visible()  # no ticks without JavaScript
    # "Already done" works without JavaScript too, through the same form.
    tab.locator("details.done-picker summary").click()
    tab.get_by_label("Oefen samen Nederlands", exact=True).check()
    tab.get_by_role("button", name="Werk de lijst bij").click()
    tab.wait_for_url("**done=nederlands-oefenen*")
    assert "nederlands-oefenen" not in step_keys(tab)
    assert "Oefen samen Nederlands" in tab.locator(".steps-done").inner_text()
    context.close()


def test_side_by_side_prints_dutch_beside_arabic(kit, live_server, page, tmp_path):
    page.goto(f"{live_server.url}/ar/stappen/?{ANSWERS}&vergelijk=nl")
    assert page.locator("html").get_attribute("dir") == "rtl"
    title = page.locator("#stap-ziekenfonds .step__title")
    assert title.locator(".pair__source").inner_text() == "Sluit aan bij een ziekenfonds"
    assert title.locator('.pair__source[lang="nl"]').count() == 1
    page.emulate_media(media="print")
    source, target = (
        page.locator("#stap-ziekenfonds .pair__source").first.bounding_box(),
        page.locator("#stap-ziekenfonds .pair__target").first.bounding_box(),
    )
    assert abs(source["y"] - target["y"]) < 2  # side by side on paper, not one under the other
    pdf = page.pdf(path=str(tmp_path / "checklist-ar-nl.pdf"), format="A4")
    assert pdf[:4] == b"%PDF"
    assert page.console_errors == []
