def test_a_volunteer_opens_a_chapter_and_finds_what_to_do(kit, live_server, page):
    page.goto(f"{live_server.url}/nl/")
    assert page.locator("h1").inner_text() == "De weg van mensen op de vlucht, stap voor stap"

    page.get_by_role("link", name="Woning zoeken").click()
    page.wait_for_url("**/nl/trajecten/woning-zoeken/")

    actions = page.locator("#wat-kan-jij-doen")
    assert actions.get_by_role("heading", name="Wat kan jij doen?").is_visible()
    assert actions.locator("ol > li").count() == 9
    assert page.locator("#bronnen ol > li").count() == 9

    # The table of contents jumps straight to the suggestions.
    page.get_by_role("link", name="Wat kan jij doen?").first.click()
    assert page.url.endswith("#wat-kan-jij-doen")

    # Nothing on the page is wider than a 360 px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []


def test_a_footnote_jumps_to_its_numbered_source(kit, live_server, page):
    page.goto(f"{live_server.url}/nl/trajecten/bescherming-aanvragen/")
    page.locator('sup.fn a[href="#bron-6"]').first.click()
    source = page.locator("#bron-6")
    assert source.is_visible()
    assert (
        source.get_by_role("link").get_attribute("href")
        == "https://info-ukraine.be/nl/ondersteuning-belgie"
    )
    assert page.console_errors == []


def test_next_chapter_link_walks_through_the_kit(kit, live_server, page):
    page.goto(f"{live_server.url}/nl/trajecten/bescherming-aanvragen/")
    page.locator('a[rel="next"]').click()
    page.wait_for_url("**/nl/trajecten/integreren-en-inburgeren/")
    assert page.locator("h1").inner_text() == "Integreren en inburgeren"
    assert page.console_errors == []
