def test_switching_to_arabic_keeps_the_chapter_and_mirrors_the_layout(
    kit, live_server, page, tmp_path
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/nl/trajecten/woning-zoeken/")
    nl_name_box = page.locator(".site-name").bounding_box()

    page.locator(".language-switcher summary").click()
    page.locator('.language-switcher a[hreflang="ar"]').click()
    page.wait_for_url("**/ar/trajecten/woning-zoeken/")

    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # Mirrored: the site name moves from the left edge to the right edge, the actions' bar too.
    ar_name_box = page.locator(".site-name").bounding_box()
    assert nl_name_box["x"] < 640 < ar_name_box["x"]
    actions = page.locator("#wat-kan-jij-doen")
    border_right = actions.evaluate("el => getComputedStyle(el).borderRightWidth")
    assert border_right == "6px"  # the inline-start border is on the right in RTL
    page.screenshot(path=str(tmp_path / "ar-chapter.png"))
    assert page.console_errors == []


def test_side_by_side_reading_in_ukrainian(kit, live_server, page):
    page.goto(f"{live_server.url}/uk/trajecten/werk-zoeken/")
    page.locator(".side-by-side-toggle a").click()
    page.wait_for_url("**vergelijk=nl*")
    first_pair = page.locator(".section .pair").first
    assert first_pair.locator('[lang="nl"]').count() == 1
    # On a phone the two languages alternate: Dutch block above its translation.
    source_box = first_pair.locator(".pair__source").bounding_box()
    target_box = first_pair.locator(".pair__target").bounding_box()
    assert source_box["y"] < target_box["y"]
    page.set_viewport_size({"width": 1280, "height": 900})
    source_box = first_pair.locator(".pair__source").bounding_box()
    target_box = first_pair.locator(".pair__target").bounding_box()
    assert abs(source_box["y"] - target_box["y"]) < 2 and source_box["x"] < target_box["x"]
    assert page.console_errors == []


def test_a_machine_translation_is_announced_and_a_fallback_is_marked_dutch(kit, live_server, page):
    from trajecten.models import Section

    section = Section.objects.get(chapter__slug="zorgen-voor", position=1)
    Section.objects.filter(pk=section.pk).update(body_fa="")
    page.goto(f"{live_server.url}/fa/trajecten/zorgen-voor/")
    assert page.locator(".translation-banner").is_visible()
    fallback = page.locator(f"#{section.key} [lang='nl']")
    assert (
        fallback.count() == 1 and fallback.evaluate("el => getComputedStyle(el).direction") == "ltr"
    )
    assert page.console_errors == []
