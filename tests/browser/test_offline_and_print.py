def test_a_visited_chapter_can_be_read_offline_with_an_honest_banner(kit, live_server, browser):
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    url = f"{live_server.url}/nl/trajecten/woning-zoeken/"
    page.goto(url)
    # Wait until the service worker controls the page and has saved it.
    for _ in range(50):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            break
        page.wait_for_timeout(100)
    page.reload()  # now through the service worker, which saves the copy
    page.wait_for_timeout(500)

    context.set_offline(True)
    page.goto(url)
    assert page.locator("h1").inner_text() == "Woning zoeken"
    banner = page.locator("#offline-banner")
    assert banner.is_visible()
    assert "offline" in banner.inner_text().lower()
    page.goto(f"{live_server.url}/nl/")  # the home page was kept too
    assert page.locator("h1").is_visible()
    context.close()


def test_the_admin_is_never_kept_for_offline_use(kit, live_server, browser):
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    page.goto(f"{live_server.url}/nl/")
    for _ in range(50):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            break
        page.wait_for_timeout(100)
    page.goto(f"{live_server.url}/admin/login/")
    page.wait_for_timeout(300)
    cached = page.evaluate(
        "caches.open('vluchtwijzer-pages-v1').then(c => c.keys()).then(keys => keys.map(k => new URL(k.url).pathname))"
    )
    assert "/nl/" in cached
    assert not [path for path in cached if path.startswith("/admin")]
    context.close()


def test_chapters_print_to_pdf_in_dutch_and_arabic(kit, live_server, page, tmp_path):
    for language in ("nl", "ar"):
        page.goto(f"{live_server.url}/{language}/trajecten/opleiding-volgen/")
        page.emulate_media(media="print")
        assert not page.locator(".site-header").is_visible()
        assert page.locator(
            ".sources__url"
        ).first.is_visible()  # footnote URLs written out on paper
        pdf = page.pdf(path=str(tmp_path / f"chapter-{language}.pdf"), format="A4")
        assert pdf[:4] == b"%PDF" and len(pdf) > 20_000
    page.goto(f"{live_server.url}/ar/trajecten/afdrukken/")
    page.emulate_media(media="print")
    assert page.locator(".print-kit__chapter").count() == 9  # the leeswijzer and the eight chapters
