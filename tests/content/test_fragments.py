"""Stored fragments: rendered once, the same as rendering afresh, and an edit re-renders only
what it changed; rule values and glossary explanations are filled in when the page is joined."""

import os
import re

import pytest
from django.conf import settings as project_settings
from django.core.cache import cache

from actueel.models import Rule
from content.fragments import code_version
from organisaties.models import Organisation
from tests.factories import make_chapter, make_rule, make_section
from trajecten.models import Chapter, Section
from woordenlijst.models import GlossaryTerm

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _ in project_settings.LANGUAGES]
STAMP = re.compile(r'name="stamp" value="[^"]*"')


def fragments_in_cache() -> set[str]:
    """The stored fragments of the chapter's content (the region choices follow every edit)."""
    keys = cache._cache  # noqa: SLF001 - LocMemCache's store
    return {key for key in keys if ":fragment:" in key and ":fragment:region-form:" not in key}


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return STAMP.sub('name="stamp" value=""', response.content.decode())  # stamps tell the time


def assert_same_stored_or_fresh(client, settings, url: str) -> None:
    """The page rendered without stored fragments, while storing them, and from them."""
    settings.FRAGMENT_CACHE = False
    fresh = page(client, url)
    settings.FRAGMENT_CACHE = True
    cache.clear()
    storing = page(client, url)
    stored = page(client, url)
    assert fresh == storing == stored, url


def test_every_chapter_in_every_language_is_the_same_stored_or_rendered_afresh(
    kit, client, settings
):
    for chapter in Chapter.objects.all():
        for language in LANGUAGES:
            for query in ("", "?vergelijk=nl") if language != "nl" else ("",):
                assert_same_stored_or_fresh(
                    client, settings, f"/{language}/trajecten/{chapter.slug}/{query}"
                )


def test_the_home_directory_and_listings_are_the_same_stored_or_rendered_afresh(
    kit, client, settings
):
    listings = [o.get_absolute_url()[3:] for o in Organisation.objects.published()[:5]]
    for language in LANGUAGES:
        addresses = ["/", "/organisaties/?region=limburg&chapter=werk-zoeken", *listings]
        for address in addresses:
            assert_same_stored_or_fresh(client, settings, f"/{language}{address}")


@pytest.fixture
def chapter_with_rule(settings):
    settings.FRAGMENT_CACHE = True
    rule = make_rule(key="termijn", value_nl="6 maanden")
    GlossaryTerm.objects.create(
        key="ocmw", term_nl="OCMW", definition_nl="Het sociaal huis van de gemeente."
    )
    chapter = make_chapter(slug="herenigen")
    make_section(chapter=chapter, key="termijn", body_nl=f"Vraag het binnen {rule.token} aan.")
    make_section(chapter=chapter, key="ocmw", position=1, body_nl="Ga naar het OCMW.")
    make_section(chapter=chapter, key="nog", position=2, body_nl="Het OCMW helpt ook.")
    return chapter


def test_a_rule_change_shows_without_rendering_the_fragments_again(client, chapter_with_rule):
    html = page(client, chapter_with_rule.get_absolute_url())
    assert "6 maanden" in html
    kept = fragments_in_cache()
    Rule.objects.filter(key="termijn").update(value_nl="3 maanden")
    Rule.objects.get(key="termijn").save()  # a save: the content version moves on
    html = page(client, chapter_with_rule.get_absolute_url())
    assert "3 maanden" in html and "6 maanden" not in html
    assert fragments_in_cache() == kept  # nothing was rendered again


def test_a_glossary_term_is_explained_once_per_page_across_stored_fragments(
    client, chapter_with_rule
):
    for _ in range(2):  # storing, then from the store
        html = page(client, chapter_with_rule.get_absolute_url())
        assert html.count('class="term__tip"') == 1
        assert "Het sociaal huis van de gemeente." in html
    term = GlossaryTerm.objects.get(key="ocmw")
    term.definition_nl = "Het OCMW van je gemeente."
    term.save()
    html = page(client, chapter_with_rule.get_absolute_url())
    assert "Het OCMW van je gemeente." in html and html.count('class="term__tip"') == 1


def test_an_edit_renders_again_only_the_fragment_it_changed(client, chapter_with_rule, commit):
    commit()
    page(client, chapter_with_rule.get_absolute_url())
    before = fragments_in_cache()
    section = Section.objects.get(key="nog")
    section.body_nl = "Het OCMW helpt soms ook."
    section.save()
    commit()
    html = page(client, chapter_with_rule.get_absolute_url())
    assert "Het OCMW helpt soms ook." in html
    added = sorted(key.split(":")[3] for key in fragments_in_cache() - before)
    # The edited section, the suggestions that name every section's title, and the chapter's
    # body, banner and sources joined again from the stored fragments of the other sections.
    assert added == ["actions", "chapter-banner", "chapter-body", "chapter-sources", "section"]


def test_text_cannot_forge_a_mark(client, settings):
    settings.FRAGMENT_CACHE = True
    chapter = make_chapter()
    make_section(
        chapter=chapter, body_nl="Hier \ue003regel:x:nl\ue004 en \ue000ocmw\ue001OCMW\ue002."
    )
    html = page(client, chapter.get_absolute_url())
    assert "\ue000" not in html and "\ue003" not in html
    assert "Hier regel:x:nl en ocmwOCMW." in html


def test_the_code_version_follows_what_templates_say_not_when_or_where_they_were_written(
    settings, tmp_path
):
    """App servers running the same code on other machines share the fragments in Redis."""
    for checkout in ("a", "b"):
        (tmp_path / checkout / "templates").mkdir(parents=True)
        (tmp_path / checkout / "templates" / "page.html").write_text("Hallo")

    def version_of(checkout: str) -> str:
        templates = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path / checkout / "templates")]}]
        settings.TEMPLATES = templates
        return code_version.__wrapped__()

    assert version_of("a") == version_of("b")  # another checkout of the same code
    os.utime(tmp_path / "a" / "templates" / "page.html", (1, 1))
    assert version_of("a") == version_of("b")  # written at another time
    (tmp_path / "b" / "templates" / "page.html").write_text("Dag")
    assert version_of("a") != version_of("b")  # another text: other fragments
