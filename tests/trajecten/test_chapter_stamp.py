"""The chapter page's stored body is rendered again after any change to what it shows, by any path."""

import pytest

from content.models import TranslationStatus
from content.translation_status import record_translation
from tests.factories import (
    make_action,
    make_chapter,
    make_editor,
    make_section,
    make_source,
    make_testimonial,
)
from trajecten.models import Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def chapter(settings):
    settings.FRAGMENT_CACHE = True
    chapter = make_chapter(title_nl="Werk zoeken", title_en="Finding work")
    section = make_section(chapter=chapter, key="recht", title_nl="Recht", body_nl="Je mag werken.")
    make_action(chapter=chapter, section=section, text_nl="Help zoeken.")
    return chapter


def page(client, chapter, language="nl") -> str:
    return client.get(f"/{language}{chapter.get_absolute_url()[3:]}").content.decode()


def test_a_new_or_deleted_section_shows_at_once(client, chapter):
    assert "Je mag werken." in page(client, chapter)
    extra = make_section(chapter=chapter, key="extra", position=1, body_nl="Een nieuwe sectie.")
    assert "Een nieuwe sectie." in page(client, chapter)
    extra.delete()
    assert "Een nieuwe sectie." not in page(client, chapter)


def test_the_part_title_testimonials_and_sources_show_at_once(client, chapter):
    page(client, chapter)
    part = chapter.part
    part.title_nl = "Deel twee: een nieuw leven"
    part.save()
    source = make_source(chapter=chapter, number=42, title_nl="Een bron")
    make_testimonial(chapter=chapter, name="Amina", source=source)
    html = page(client, chapter)
    assert "Deel twee: een nieuw leven" in html and "Amina" in html
    source.number = 43
    source.save()
    assert 'href="#bron-43"' in page(client, chapter)


def test_a_reviewed_translation_tells_the_reader_at_once(client, chapter):
    section = Section.objects.get(key="recht")
    section.title_en, section.body_en = "Right", "You may work."
    section.save()
    record_translation(section, "en", quality=TranslationStatus.Quality.MACHINE_DRAFT)
    assert "translated automatically" in page(client, chapter, "en")
    editor = make_editor()
    editor.first_name = "Sara"
    editor.save()
    record_translation(
        section, "en", quality=TranslationStatus.Quality.REVIEWED, reviewed_by=editor
    )
    html = page(client, chapter, "en")
    assert "Translation checked by Sara" in html


def test_staff_edits_in_the_admin_show_at_once(client, chapter):
    from tests.admin_forms import admin_form_data
    from tests.factories import make_staff, sign_in

    page(client, chapter)
    sign_in(client, make_staff("redactie", superuser=True))
    section = Section.objects.get(key="recht")
    url = f"/admin/trajecten/section/{section.pk}/change/"
    data = admin_form_data(client.get(url).content.decode(), "section_form")
    data["body_nl"] = "Je mag meteen werken."
    assert client.post(url, data).status_code == 302
    client.logout()
    assert "Je mag meteen werken." in page(client, chapter)
