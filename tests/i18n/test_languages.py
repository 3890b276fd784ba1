"""Six languages: every public page in each, right-to-left where needed, honest about translations."""

import pytest
from django.conf import settings
from django.utils import translation

from content.models import TranslationStatus
from content.translation_status import dutch_fingerprint, record_translation
from tests.admin_forms import admin_form_data
from tests.factories import make_chapter, make_section, make_staff, sign_in

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _ in settings.LANGUAGES]
RTL = {"ar", "fa", "ps"}  # written out, not read from settings: the test checks settings too


def test_unknown_pages_are_404_in_every_language(client):
    for language in LANGUAGES:
        assert client.get(f"/{language}/trajecten/bestaat-niet/").status_code == 404


def test_a_missing_translation_falls_back_to_dutch_and_says_so_in_the_readers_language(client):
    chapter = make_chapter(title_nl="Woning zoeken", title_ar="البحث عن مسكن")
    make_section(chapter=chapter, key="huur", title_nl="Huren", body_nl="Alleen in het Nederlands.")

    with translation.override("ar"):
        html = client.get(chapter.get_absolute_url()).content.decode()

    assert "البحث عن مسكن" in html
    assert '<div lang="nl" dir="ltr"><p>Alleen in het Nederlands.</p></div>' in html
    with translation.override("ar"):
        from django.utils.translation import gettext

        notice = gettext(
            "This part is not yet available in %(language)s. You are reading the Dutch text."
        )
    assert notice.split("%(language)s")[0].strip() in html


def test_a_machine_draft_page_tells_the_reader(client):
    chapter = make_chapter(title_nl="Werk zoeken", title_en="Finding work", summary_en="Work.")
    record_translation(chapter, "en", quality=TranslationStatus.Quality.MACHINE_DRAFT)
    html = client.get("/en/trajecten/" + chapter.slug + "/").content.decode()
    assert "This page was translated automatically from Dutch" in html

    record_translation(chapter, "en", quality=TranslationStatus.Quality.REVIEWED)
    html = client.get("/en/trajecten/" + chapter.slug + "/").content.decode()
    assert "This page was translated automatically" not in html


def edit_section_in_admin(client, section, new_body, *, minor):
    url = f"/admin/trajecten/section/{section.pk}/change/"
    data = admin_form_data(client.get(url).content.decode(), "section_form")
    data["body_nl"] = new_body
    if minor:
        data["minor_edit"] = "on"
    else:
        data.pop("minor_edit", None)
    assert client.post(url, data).status_code == 302


def test_editing_the_dutch_text_marks_translations_outdated_and_readers_see_it(client):
    section = make_section(
        chapter=make_chapter(), key="huur", body_nl="Oud.", body_en="Old.", title_en="Rent"
    )
    record_translation(section, "en", quality=TranslationStatus.Quality.REVIEWED)
    sign_in(client, make_staff("redactie", superuser=True))

    edit_section_in_admin(client, section, "Nieuwe regels sinds 2026.", minor=False)

    status = TranslationStatus.objects.for_object(section).get(language="en")
    assert status.is_outdated
    client.logout()
    html = client.get(f"/en/trajecten/{section.chapter.slug}/").content.decode()
    assert "The Dutch text was updated on" in html and "this translation may be older" in html


def test_a_minor_edit_keeps_translations_current(client):
    section = make_section(
        chapter=make_chapter(), key="huur", body_nl="Oud", body_en="Old.", title_en="Rent"
    )
    record_translation(section, "en", quality=TranslationStatus.Quality.REVIEWED)
    sign_in(client, make_staff("redactie", superuser=True))

    edit_section_in_admin(client, section, "Oud.", minor=True)

    status = TranslationStatus.objects.for_object(section).get(language="en")
    assert not status.is_outdated
    section.refresh_from_db()
    assert status.source_fingerprint == dutch_fingerprint(section) and section.body_nl == "Oud."


def test_saving_a_translation_in_the_admin_makes_it_current_and_reviewed(client):
    section = make_section(
        chapter=make_chapter(), key="huur", body_nl="Tekst.", body_fr="Texte.", title_fr="Titre"
    )
    record_translation(section, "fr", quality=TranslationStatus.Quality.MACHINE_DRAFT)
    TranslationStatus.objects.update(outdated_since="2026-01-01T00:00:00Z")
    editor = make_staff("vertaler", superuser=True)
    sign_in(client, editor)
    url = f"/admin/trajecten/section/{section.pk}/change/"
    data = admin_form_data(client.get(url).content.decode(), "section_form")
    data["body_fr"] = "Texte relu."
    assert client.post(url, data).status_code == 302

    status = TranslationStatus.objects.for_object(section).get(language="fr")
    assert status.quality == "reviewed" and status.reviewed_by == editor and not status.is_outdated


def test_side_by_side_shows_dutch_next_to_the_readers_language(client):
    chapter = make_chapter()
    make_section(
        chapter=chapter,
        key="a",
        title_nl="Huren",
        title_en="Renting",
        body_nl="Een.\n\nTwee.",
        body_en="One.\n\nTwo.",
    )

    html = client.get(f"/en/trajecten/{chapter.slug}/", {"vergelijk": "nl"}).content.decode()

    assert (
        '<div class="pair"><div class="pair__source" lang="nl" dir="ltr"><p>Een.</p></div><div class="pair__target"><p>One.</p></div></div>'
        in html
    )
    assert (
        '<div class="pair"><div class="pair__source" lang="nl" dir="ltr"><p>Twee.</p></div><div class="pair__target"><p>Two.</p></div></div>'
        in html
    )
    assert "chapter--side-by-side" in html


@pytest.mark.parametrize(
    "language, written",
    [
        ("nl", "18 augustus 2025"),
        ("en", "18 August 2025"),
        ("uk", "18 серпня 2025"),  # the month in the genitive, as Ukrainian dates need
        ("tr", "18 Ağustos 2025"),
        ("ps", None),
        ("ti", None),
        ("so", None),
    ],
)
def test_dates_are_written_the_readers_way(client, language, written):
    """Django has no month names for Pashto, Tigrinya and Somali: our catalogues give them."""
    import datetime

    from tests.factories import make_rule

    make_rule(applies_from=datetime.date(2025, 8, 18))
    html = client.get(f"/{language}/actueel/regels/").content.decode()
    if written is None:
        with translation.override(language):
            month = translation.gettext("August")
        assert month != "August"
        written = f"18 {month} 2025"
    assert written in html
