"""Legal facts as rules: one value, shown in every language with its date and source; a change
reaches every page at once, stays in the history and is announced."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import translation
from reversion.models import Version

from actueel.models import ChangeNote, Rule
from content.seeding import SeedError, read_starterskit
from tests.admin_forms import admin_form_data
from tests.factories import make_chapter, make_editor, make_rule, make_section, sign_in
from trajecten.seed import TrajectenSeed

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _ in settings.LANGUAGES]


def chapter_with_rule(rule: Rule):
    chapter = make_chapter(slug="herenigen-met-het-gezin")
    make_section(
        chapter=chapter,
        key="termijn",
        body_nl=f"Vraag het aan binnen {rule.token} na de erkenning.",
        body_en=f"Apply within {rule.token} of recognition.",
    )
    return chapter


def test_a_token_shows_the_rule_with_its_date_and_source(client):
    rule = make_rule(value_en="6 months")
    chapter = chapter_with_rule(rule)
    html = client.get(chapter.get_absolute_url()).content.decode()
    assert '<span class="rule__value">6 maanden</span>' in html
    assert "geldig sinds 18 augustus 2025" in html
    assert 'href="https://www.ejustice.just.fgov.be/"' in html
    with translation.override("en"):
        english = client.get(chapter.get_absolute_url()).content.decode()
    assert '<span class="rule__value">6 months</span>' in english
    assert "valid since 18 August 2025" in english
    assert "{{regel:" not in html + english


def test_changing_a_rule_in_the_admin_updates_every_language_keeps_the_old_value_and_announces_it(
    client,
):
    rule = make_rule(value_en="6 months", value_fr="6 mois")
    chapter = chapter_with_rule(rule)
    sign_in(client, make_editor())
    url = f"/admin/actueel/rule/{rule.pk}/change/"
    data = admin_form_data(client.get(url).content.decode(), "rule_form")
    data.update(
        value_nl="3 maanden", value_en="3 months", value_fr="3 mois", applies_from="2027-01-01"
    )
    assert client.post(url, data).status_code == 302
    client.logout()

    for language, expected in {"nl": "3 maanden", "en": "3 months", "fr": "3 mois"}.items():
        with translation.override(language):
            html = client.get(chapter.get_absolute_url()).content.decode()
        assert f'<span class="rule__value">{expected}</span>' in html, language
    versions = Version.objects.get_for_object(rule)
    assert [v.field_dict["value_nl"] for v in versions] == ["3 maanden"]  # the admin's revision
    assert Version.objects.get_for_object(rule).count() == 1
    note = ChangeNote.objects.get(rule=rule)
    assert note.title_nl == "Regel termijn: 3 maanden"
    assert "6 maanden" in note.summary_nl and "1 januari 2027" in note.summary_nl
    assert note.summary_en.startswith("Until now: 6 months.")

    feed = client.get("/nl/actueel/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Regel termijn: 3 maanden" in feed.content.decode()
    assert "Regel termijn: 3 maanden" in client.get("/nl/actueel/").content.decode()


def test_the_rules_history_keeps_every_value(client):
    rule = make_rule()
    sign_in(client, make_editor())
    url = f"/admin/actueel/rule/{rule.pk}/change/"
    for value in ("5 maanden", "4 maanden"):
        data = admin_form_data(client.get(url).content.decode(), "rule_form")
        data["value_nl"] = value
        assert client.post(url, data).status_code == 302
    history = client.get(f"{url.removesuffix('change/')}history/").content.decode()
    assert history.count("/history/") >= 2
    values = [v.field_dict["value_nl"] for v in Version.objects.get_for_object(rule)]
    assert values == ["4 maanden", "5 maanden"]


def test_a_text_that_names_an_unknown_rule_is_refused_in_the_admin(client):
    section = make_section(chapter=make_chapter(), key="a", body_nl="Tekst.")
    sign_in(client, make_editor())
    url = f"/admin/trajecten/section/{section.pk}/change/"
    data = admin_form_data(client.get(url).content.decode(), "section_form")
    data["body_nl"] = "Binnen {{regel:bestaat-niet}}."
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the message
    assert (
        "verwijst naar regels die niet bestaan: {{regel:bestaat-niet}}" in response.content.decode()
    )
    section.refresh_from_db()
    assert section.body_nl == "Tekst."


def test_seed_files_that_name_an_unknown_rule_are_refused(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "parts.toml").write_text('[[parts]]\nnumber = 1\ntitle = "Deel 1"\n')
    (tmp_path / "01-x.toml").write_text(
        'slug = "x"\nnumber = 1\npart = 1\ntitle = "X"\nsummary = "S"\n'
        '[[sections]]\nkey = "a"\ntitle = "A"\nbody = "Binnen {{regel:bestaat-niet}}."\n'
    )
    with pytest.raises(
        SeedError, match=re.escape("01-x.toml section a: unknown {{regel:bestaat-niet}}")
    ):
        read_starterskit([TrajectenSeed(tmp_path)])


def test_announcing_an_edit_puts_it_on_what_has_changed(client):
    chapter = make_chapter(title_nl="Werk zoeken")
    sign_in(client, make_editor())
    url = f"/admin/trajecten/chapter/{chapter.pk}/change/"
    data = admin_form_data(client.get(url).content.decode(), "chapter_form")
    data["announce_change"] = "on"
    missing = client.post(url, data)
    assert "Zeg in één zin wat er veranderd is." in missing.content.decode()
    data["announcement"] = "Nieuwe regels voor het werk van asielzoekers."
    assert client.post(url, data).status_code == 302
    client.logout()
    html = client.get("/nl/actueel/").content.decode()
    assert "Nieuwe regels voor het werk van asielzoekers." in html
    assert f'href="{chapter.get_absolute_url()}"' in html


@pytest.mark.parametrize(
    ("amount", "unit", "start", "end"),
    [
        (6, "months", datetime.date(2025, 8, 31), datetime.date(2026, 2, 28)),
        (2, "years", datetime.date(2024, 2, 29), datetime.date(2026, 2, 28)),
        (30, "days", datetime.date(2026, 12, 4), datetime.date(2027, 1, 3)),
    ],
)
def test_a_period_rule_computes_its_calendar_deadline(amount, unit, start, end):
    rule = make_rule(period_amount=amount, period_unit=unit)
    assert rule.deadline_after(start) == end


def test_the_review_queue_lists_overdue_chapters_and_rules_for_editors_only(client):
    today = datetime.date.today()
    make_chapter(title_nl="Oud nagekeken", last_checked=today - datetime.timedelta(days=400))
    make_chapter(title_nl="Vers nagekeken", last_checked=today)
    make_rule(key="te-laat", check_by=today - datetime.timedelta(days=1))
    make_rule(key="nog-goed", check_by=today + datetime.timedelta(days=100))
    make_rule(key="onzeker", check_by=today + datetime.timedelta(days=100), needs_check=True)
    sign_in(client, make_editor())
    html = client.get("/admin/nakijken/").content.decode()
    assert "Oud nagekeken" in html and "Vers nagekeken" not in html
    assert "te-laat" in html and "onzeker" in html and "nog-goed" not in html


def test_the_last_checked_date_is_on_the_chapter_and_in_print(client):
    chapter = make_chapter(last_checked=datetime.date(2026, 12, 4))
    html = client.get(chapter.get_absolute_url()).content.decode()
    assert "Laatst nagekeken op 4 december 2026 door de redactie." in html
    assert (
        "Laatst nagekeken op 4 december 2026"
        in client.get("/nl/trajecten/afdrukken/").content.decode()
    )
    unchecked = make_chapter()
    assert "Nog niet nagekeken sinds" in client.get(unchecked.get_absolute_url()).content.decode()


def test_the_kit_has_at_least_15_rules_with_dates_and_official_sources(kit):
    rules = list(Rule.objects.all())
    assert len(rules) >= 15
    for rule in rules:
        assert rule.applies_from and rule.check_by, rule.key
        assert rule.source_url.startswith(("https://", "http://")), rule.key
        for language in LANGUAGES:
            assert getattr(rule, f"value_{language}"), (rule.key, language)
