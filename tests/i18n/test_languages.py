"""Six languages: every public page in each, right-to-left where needed, honest about translations."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from content.models import TranslationStatus
from content.translation_status import has_translation, record_translation, target_languages
from organisaties.models import Organisation
from tests.admin_forms import admin_form_data
from tests.factories import make_chapter, make_section, make_staff
from trajecten.models import Chapter, Section

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _ in settings.LANGUAGES]
RTL = {"ar", "fa"}


def public_paths() -> list[str]:
    """Every kind of public page, as a path without the language prefix."""
    paths = [
        "",
        "organisaties/",
        "organisaties/?region=limburg&chapter=werk-zoeken",
        "pagina/leeswijzer/",
        "pagina/wat-nu/",
    ]
    for chapter in Chapter.objects.all():
        paths += [f"trajecten/{chapter.slug}/", f"organisaties/netwerkkaart/{chapter.slug}/"]
    paths += [
        f"organisaties/{slug}/" for slug in Organisation.objects.values_list("slug", flat=True)[:10]
    ]
    return paths


def test_every_public_page_answers_in_every_language_with_the_right_lang_and_dir(kit, client):
    for language in LANGUAGES:
        for path in public_paths():
            response = client.get(f"/{language}/{path}")
            assert response.status_code == 200, (language, path)
            html = response.content.decode()
            direction = "rtl" if language in RTL else "ltr"
            assert f'<html lang="{language}" dir="{direction}">' in html, (language, path)
    assert client.get("/sitemap.xml").status_code == 200


def test_unknown_pages_are_404_in_every_language(client):
    for language in LANGUAGES:
        assert client.get(f"/{language}/trajecten/bestaat-niet/").status_code == 404


def test_the_language_switcher_keeps_the_reader_on_the_same_page(kit, client):
    html = client.get("/nl/trajecten/woning-zoeken/").content.decode()
    for language in LANGUAGES:
        assert f'<a href="/{language}/trajecten/woning-zoeken/" hreflang="{language}"' in html
        assert (
            f'<link rel="alternate" hreflang="{language}" href="http://testserver/{language}/trajecten/woning-zoeken/">'
            in html
        )
    assert 'lang="ar" dir="rtl"' in html  # the Arabic option itself is written right-to-left


def test_the_sitemap_lists_every_language_version(kit, client):
    xml = client.get("/sitemap.xml").content.decode()
    for language in LANGUAGES:
        assert f"<loc>http://testserver/{language}/trajecten/woning-zoeken/</loc>" in xml
        assert (
            f'hreflang="{language}" href="http://testserver/{language}/organisaties/vdab/"' in xml
        )


def test_all_content_is_translated_into_every_target_language_with_provenance(kit):
    from modeltranslation.translator import translator

    missing, without_status = [], []
    for model in translator.get_registered_models(abstract=False):
        for obj in model.objects.all():
            for language in target_languages():
                if not has_translation(obj, language):
                    missing.append((model.__name__, obj.pk, language))
                elif (
                    not TranslationStatus.objects.for_object(obj).filter(language=language).exists()
                ):
                    without_status.append((model.__name__, obj.pk, language))
    assert missing == []
    assert without_status == []
    assert set(TranslationStatus.objects.values_list("quality", flat=True)) <= {"draft", "reviewed"}


def test_a_missing_translation_falls_back_to_dutch_and_says_so_in_the_readers_language(client):
    chapter = make_chapter(title_nl="Woning zoeken", title_ar="البحث عن مسكن")
    make_section(chapter=chapter, key="huur", title_nl="Huren", body_nl="Alleen in het Nederlands.")

    html = client.get(f"/ar{chapter.get_absolute_url()[3:]}").content.decode()

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
    client.force_login(make_staff("redactie", superuser=True))

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
    client.force_login(make_staff("redactie", superuser=True))

    edit_section_in_admin(client, section, "Oud.", minor=True)

    status = TranslationStatus.objects.for_object(section).get(language="en")
    assert not status.is_outdated
    section.refresh_from_db()
    assert status.source_fingerprint != "" and section.body_nl == "Oud."


def test_saving_a_translation_in_the_admin_makes_it_current_and_reviewed(client):
    section = make_section(
        chapter=make_chapter(), key="huur", body_nl="Tekst.", body_fr="Texte.", title_fr="Titre"
    )
    record_translation(section, "fr", quality=TranslationStatus.Quality.MACHINE_DRAFT)
    TranslationStatus.objects.update(outdated_since="2026-01-01T00:00:00Z")
    editor = make_staff("vertaler", superuser=True)
    client.force_login(editor)
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


def test_the_translation_dashboard_counts_per_language(kit, client):
    client.force_login(make_staff("redactie", superuser=True))
    section = Section.objects.first()
    Section.objects.filter(pk=section.pk).update(body_uk="")
    html = client.get(reverse("translation_dashboard")).content.decode()
    assert "Vertaalde" in html or "Vertaald" in html
    rows = dict(re.findall(r'<th scope="row">(\w\w)</th>\s*<td>(\d+) / \d+', html))
    assert set(rows) == set(target_languages())
    assert int(rows["uk"]) == int(rows["fr"]) - 1
    assert f"/admin/trajecten/section/{section.pk}/change/" in html
