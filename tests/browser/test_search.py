def test_typing_shows_live_results_and_a_hit_opens_its_section(kit, live_server, page):
    page.goto(f"{live_server.url}/nl/zoeken/")
    page.evaluate("window.loadedOnce = true")
    page.locator("#id_search_q").press_sequentially("huurwaarb", delay=40)
    page.wait_for_selector("#group-sections")
    assert page.evaluate("window.loadedOnce") is True  # swapped in place, no reload
    assert "q=huurwaarb" in page.url

    page.locator("#results .search-group").filter(has=page.locator("#group-sections")).get_by_role(
        "link"
    ).first.click()
    page.wait_for_url("**/nl/trajecten/woning-zoeken/#huurwaarborg")
    assert page.locator("#huurwaarborg").is_visible()
    assert page.console_errors == []


def test_a_glossary_term_explains_itself_on_keyboard_focus(kit, live_server, page):
    page.goto(f"{live_server.url}/nl/trajecten/maatschappelijke-dienstverlening/")
    link = page.locator('a.term__link[href$="#leefloon"]')
    tip_id = link.get_attribute("aria-describedby")
    tip = page.locator(f"#{tip_id}")
    assert not tip.is_visible()
    link.focus()
    assert tip.is_visible()
    assert "leefloon" in tip.inner_text().lower()
    assert page.console_errors == []
