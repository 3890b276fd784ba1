"""Six languages over the whole kit: every page, the switcher, the sitemap, full translation coverage."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from content.models import TranslationStatus
from content.translation_status import has_dutch_text, has_translation, target_languages
from organisaties.models import Organisation
from tests.factories import make_staff, sign_in
from trajecten.models import Chapter, Section

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _ in settings.LANGUAGES]
RTL = {"ar", "fa", "ps"}  # written out, not read from settings: the test checks settings too


def public_paths() -> list[str]:
    """Every kind of public page, as a path without the language prefix."""
    paths = [
        "",
        "organisaties/",
        "organisaties/?region=limburg&chapter=werk-zoeken",
        "pagina/leeswijzer/",
        "pagina/wat-nu/",
        "stappen/",
        "stappen/?situation=nbmv&age=12-18&region=brussel&registered=2026-09-01",
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
        for obj in filter(has_dutch_text, model.objects.all()):
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


def test_the_translation_dashboard_counts_per_language(kit, client):
    sign_in(client, make_staff("redactie", superuser=True))
    section = Section.objects.first()
    Section.objects.filter(pk=section.pk).update(body_uk="")
    html = client.get(reverse("translation_dashboard")).content.decode()
    assert "<th>Vertaald</th>" in html  # the dashboard speaks the staff's Dutch
    rows = dict(re.findall(r'<th scope="row">(\w\w)</th>\s*<td>(\d+) / \d+', html))
    assert set(rows) == set(target_languages())
    assert int(rows["uk"]) == int(rows["fr"]) - 1
    assert f"/admin/trajecten/section/{section.pk}/change/" in html
