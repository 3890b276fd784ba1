"""A reviewer works through the queue in a real browser: approve with a key, edit and approve, skip.

Run with the admin in Dutch (reviewing Arabic, right to left) and in Arabic (the whole admin
right to left), and once with JavaScript off, where the same screen is a plain form.
"""

import pytest
from django.conf import settings
from django.test import Client

from content.models import TranslationStatus
from content.translation_status import record_translation
from tests.factories import make_chapter, make_editor, make_section, sign_in
from trajecten.models import Section
from vertalen.units import unit_id

DRAFT = TranslationStatus.Quality.MACHINE_DRAFT
REVIEWED = TranslationStatus.Quality.REVIEWED


@pytest.fixture
def drafts(transactional_db):
    chapter = make_chapter(slug="werk-zoeken", title_nl="Werk zoeken", title_ar="البحث عن عمل")
    record_translation(chapter, "ar", quality=DRAFT)
    for position, (key, dutch, arabic) in enumerate(
        (
            ("recht", "Je mag werken [^42].", "يحق لك أن تعمل [^42]."),
            ("hulp", "Vraag hulp aan de VDAB.", "اطلب المساعدة من VDAB."),
        )
    ):
        section = make_section(
            chapter=chapter,
            key=key,
            position=position,
            title_nl=key.title(),
            title_ar=f"عنوان {key}",
            body_nl=dutch,
            body_ar=arabic,
        )
        record_translation(section, "ar", quality=DRAFT)
    return chapter


def signed_in_tab(page, base_url: str, interface: str):
    """The reviewer's browser, signed in (password and second step stand in as in the unit tests)."""
    client = Client()
    sign_in(client, make_editor())
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    page.context.set_extra_http_headers({"Accept-Language": f"{interface};q=1.0"})
    return page


def reviewed(section_key: str) -> TranslationStatus:
    return TranslationStatus.objects.for_object(Section.objects.get(key=section_key)).get(
        language="ar"
    )


def unit_shown(page) -> str:
    return page.locator("#unit input[name=unit]").get_attribute("value")


@pytest.mark.parametrize(
    "interface, approve_label, skip_label, html_dir",
    [
        ("nl", "Goedkeuren (Ctrl+Enter)", "Overslaan", "ltr"),
        ("ar", None, None, "rtl"),
    ],
)
def test_approve_by_key_edit_and_approve_then_skip(
    drafts, live_server, page, interface, approve_label, skip_label, html_dir
):
    tab = signed_in_tab(page, live_server.url, interface)
    tab.goto(f"{live_server.url}/admin/vertalingen/ar/nakijken/?hoofdstuk=werk-zoeken")
    assert tab.locator("html").get_attribute("dir") == html_dir
    textarea = tab.locator("#id_target")
    assert textarea.get_attribute("dir") == "rtl" and textarea.get_attribute("lang") == "ar"
    # The chapter's title is first (its summary is empty and needs nothing); the Dutch sits beside it.
    assert unit_shown(tab) == unit_id(drafts, "title")
    assert tab.locator(".review__source").inner_text().strip().endswith("Werk zoeken")

    # Approve with Ctrl+Enter: htmx swaps in the next unit without a page load.
    tab.evaluate("window.__same_page = true")
    textarea.focus()
    tab.keyboard.press("Control+Enter")
    tab.wait_for_function(
        "id => document.querySelector('#unit input[name=unit]').value !== id",
        arg=unit_id(drafts, "title"),
    )
    assert tab.evaluate("window.__same_page") is True
    assert TranslationStatus.objects.for_object(drafts).get(language="ar").quality == REVIEWED

    # Skip on (the chapter's summary, the first section's title) to its body; edit it and approve.
    body = unit_id(Section.objects.get(key="recht"), "body")
    for _ in range(3):
        if unit_shown(tab) == body:
            break
        skipped = unit_shown(tab)
        if skip_label:
            tab.get_by_role("link", name=skip_label).click()
        else:
            tab.locator("#unit a.button").click()
        tab.wait_for_function(
            "id => document.querySelector('#unit input[name=unit]').value !== id", arg=skipped
        )
    assert unit_shown(tab) == body
    tab.fill("#id_target", "يحق لك أن تعمل الآن [^42].")
    if approve_label:
        tab.get_by_role("button", name=approve_label).click()
    else:
        tab.locator("#unit button[value=approve]").click()
    tab.wait_for_function(
        "id => document.querySelector('#unit input[name=unit]').value !== id", arg=body
    )
    assert Section.objects.get(key="recht").body_ar == "يحق لك أن تعمل الآن [^42]."
    assert reviewed("recht").quality == REVIEWED
    assert reviewed("recht").reviewed_by.username == "redacteur"
    assert reviewed("hulp").quality == DRAFT  # skipped units stay drafts

    # A translation that adds a footnote the Dutch lacks is refused in place; nothing is saved.
    current = unit_shown(tab)
    tab.fill("#id_target", "خطأ [^7]")
    tab.locator("#unit button[value=approve]").click()
    tab.locator("#unit .errornote").wait_for()
    assert unit_shown(tab) == current
    assert tab.evaluate("window.__same_page") is True
    # Chromium logs the refused POST's 400 itself; nothing else may go wrong on the page.
    assert [e for e in tab.console_errors if "status of 400" not in e] == []


def test_without_javascript_the_review_screen_is_a_plain_form(drafts, live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    tab = signed_in_tab(context.new_page(), live_server.url, "nl")
    try:
        tab.goto(f"{live_server.url}/admin/vertalingen/ar/nakijken/?hoofdstuk=werk-zoeken")
        assert "nog 6 eenheden na te kijken" in tab.locator(".review__count").inner_text()
        first = unit_shown(tab)
        tab.get_by_role("button", name="Goedkeuren (Ctrl+Enter)").click()
        tab.wait_for_url(f"**?na={first}&hoofdstuk=werk-zoeken")
        assert "nog 5 eenheden na te kijken" in tab.locator(".review__count").inner_text()
        assert unit_shown(tab) != first
    finally:
        context.close()
