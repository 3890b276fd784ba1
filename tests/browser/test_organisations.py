import re


def test_filtering_the_directory_updates_the_results_in_place(kit, live_server, page):
    page.goto(f"{live_server.url}/nl/organisaties/")
    page.evaluate("window.loadedOnce = true")  # survives only if htmx swaps instead of reloading

    page.select_option("#id_region", "limburg")
    page.wait_for_url("**/nl/organisaties/?*region=limburg*")
    page.locator(".org-card__name a").first.filter(has_text="Alternatief").wait_for()
    page.select_option("#id_chapter", "werk-zoeken")
    page.wait_for_url("**chapter=werk-zoeken*")
    page.locator("#id_q").fill("Hasselt")
    page.locator(".results__count", has_text=re.compile(r"^1 ")).wait_for()

    assert page.evaluate("window.loadedOnce") is True
    assert page.locator(".org-card__name a").all_inner_texts() == ["Alternatief vzw"]
    assert "q=Hasselt" in page.url
    assert page.console_errors == []


def test_the_directory_filter_works_without_javascript(kit, live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/nl/organisaties/")
    tab.select_option("#id_region", "limburg")
    tab.locator("#id_q").fill("Hasselt")
    tab.get_by_role("button", name="Toon organisaties").click()
    tab.wait_for_url("**region=limburg*")
    assert "Alternatief vzw" in tab.locator("#results").inner_text()
    context.close()


def test_a_map_node_opens_the_organisations_page(kit, live_server, page):
    page.goto(f"{live_server.url}/nl/trajecten/opleiding-volgen/#netwerkkaart")
    # The list (the phone view): the drawing has the same link, see test_network_map_drawing.py.
    page.locator("#netwerkkaart .netmap__lanes").get_by_role(
        "link", name="Leerwinkel", exact=True
    ).click()
    page.wait_for_url("**/nl/organisaties/leerwinkel/")
    assert page.locator("h1").inner_text().startswith("Leerwinkel")
    assert page.console_errors == []
