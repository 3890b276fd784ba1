"""The seeded checklists, situation by situation: the steps that must and must not be on them."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import formats, timezone, translation

from actueel.models import Rule
from stappen.models import AgeGroup, Situation, Step

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _ in settings.LANGUAGES]
STEP_ID = re.compile(r'<li class="step[^"]*" id="stap-([a-z0-9-]+)"')


def steps_on(client, language: str = "nl", **answers) -> list[str]:
    response = client.get(f"/{language}/stappen/", answers)
    assert response.status_code == 200, response.content.decode()[:500]
    return STEP_ID.findall(response.content.decode())


def step_html(html: str, key: str) -> str:
    """The HTML of one step on the checklist, up to the next step or the end of the list."""
    start = html.index(f'id="stap-{key}"')
    ends = [i for i in (html.find('<li class="step', start), html.find("</ol>", start)) if i > 0]
    return html[start : min(ends)]


# situation, age, region -> steps that must be there, steps that must not
PINS = {
    ("verzoeker", "volwassen", "limburg"): (
        {"oranje-kaart", "advocaat", "interviews-voorbereiden", "adres-doorgeven",
         "werken-na-wachttijd", "opvang-aanspreekpunt", "nederlands-oefenen"},
        {"gezinshereniging-vluchteling", "gezinshereniging-wachttijd", "inburgering-vlaanderen",
         "opvang-verlaten", "werk-vdab", "ocmw", "school-kind", "school-okan", "voogd"},
    ),
    ("erkend-vluchteling", "volwassen", "limburg"): (
        {"gezinshereniging-vluchteling", "opvang-verlaten", "inburgering-vlaanderen",
         "sociale-woning", "ziekenfonds", "ocmw", "werk-vdab", "diploma"},
        {"werken-na-wachttijd", "gezinshereniging-wachttijd", "oranje-kaart", "inburgering-brussel",
         "werk-actiris", "school-kind", "school-okan", "voogd", "inburgering-tijdelijk"},
    ),
    ("subsidiair-beschermd", "volwassen", "brussel"): (
        {"gezinshereniging-wachttijd", "opvang-verlaten", "inburgering-brussel", "werk-actiris"},
        {"gezinshereniging-vluchteling", "werken-na-wachttijd", "inburgering-vlaanderen",
         "werk-vdab", "sociale-woning", "schooltoeslag"},
    ),
    ("tijdelijk-beschermd", "volwassen", "antwerpen"): (
        {"tijdelijke-bescherming-kaart", "inburgering-tijdelijk", "gezinshereniging-wachttijd",
         "ocmw", "werk-vdab"},
        {"inburgering-vlaanderen", "inburgering-brussel", "werken-na-wachttijd", "opvang-verlaten",
         "gezinshereniging-vluchteling", "oranje-kaart"},
    ),
    ("nbmv", "12-18", "oost-vlaanderen"): (
        {"voogd", "advocaat", "school-okan", "ouders-laten-overkomen", "jongeren-welzijn",
         "interviews-voorbereiden"},
        {"werken-na-wachttijd", "opvang-verlaten", "school-kind", "ocmw", "werk-vdab",
         "gezinshereniging-vluchteling", "inburgering-vlaanderen"},
    ),
    ("gezinslid", "volwassen", "brussel"): (
        {"gezinslid-inschrijven", "gezin-opnieuw-samen", "inburgering-brussel", "ziekenfonds",
         "werk-actiris"},
        {"gezinshereniging-vluchteling", "gezinshereniging-wachttijd", "inburgering-vlaanderen",
         "opvang-verlaten", "werken-na-wachttijd", "oranje-kaart"},
    ),
}  # fmt: skip


def test_the_six_situations_and_three_age_groups_are_seeded(kit):
    assert {s.key for s in Situation.objects.all()} == {s for s, _, _ in PINS}
    assert [a.key for a in AgeGroup.objects.all()] == ["onder-12", "12-18", "volwassen"]
    assert all(
        Step.objects.readable().filter(situations__key=situation).count() >= 8
        for situation, _, _ in PINS
    )


@pytest.mark.parametrize(("situation", "age", "region"), list(PINS), ids=lambda v: v)
def test_each_situation_gets_its_steps_and_not_the_others(kit, client, situation, age, region):
    must, must_not = PINS[(situation, age, region)]
    found = set(steps_on(client, situation=situation, age=age, region=region))
    assert must <= found, must - found
    assert not found & must_not, found & must_not


@pytest.mark.parametrize("situation", [s for s, _, _ in PINS])
def test_school_is_for_children_and_young_people_not_adults(kit, client, situation):
    assert "school-kind" in steps_on(client, situation=situation, age="onder-12")
    assert "school-okan" in steps_on(client, situation=situation, age="12-18")
    adult = set(steps_on(client, situation=situation, age="volwassen"))
    assert not adult & {"school-kind", "school-okan", "schooltoeslag", "jongeren-welzijn"}


def test_the_brussels_and_flemish_rules_follow_the_chosen_region(kit, client):
    person = {"situation": "erkend-vluchteling", "age": "volwassen"}
    limburg = steps_on(client, **person, region="limburg")
    brussels = steps_on(client, **person, region="brussel")
    assert "inburgering-vlaanderen" in limburg and "inburgering-brussel" not in limburg
    assert "inburgering-brussel" in brussels and "inburgering-vlaanderen" not in brussels
    # Without a region, or for all of Belgium, both are there, each saying where it applies.
    for region in ("", "nationaal"):
        response = client.get("/nl/stappen/", {**person, "region": region})
        html = response.content.decode()
        found = STEP_ID.findall(html)
        assert {"inburgering-vlaanderen", "inburgering-brussel"} <= set(found)
        assert "Geldt in: Heel Vlaanderen" in html and "Geldt in: Brussel" in html


def test_steps_with_a_deadline_come_first_shortest_first(kit, client):
    found = steps_on(client, situation="erkend-vluchteling", age="volwassen", region="limburg")
    # 2 months to leave the reception, 3 to register for civic integration, 6 to ask for family reunification
    assert found[:3] == [
        "opvang-verlaten",
        "inburgering-vlaanderen",
        "gezinshereniging-vluchteling",
    ]


def test_a_decision_date_gives_the_calendar_date_of_the_deadline(kit, client):
    today = timezone.localdate()
    decided = today - datetime.timedelta(days=10)
    rule = Rule.objects.get(key="gezinshereniging-termijn-vluchtelingen")
    due = rule.deadline_after(decided)
    html = client.get(
        "/nl/stappen/",
        {"situation": "erkend-vluchteling", "age": "volwassen", "decided": decided.isoformat()},
    ).content.decode()
    with translation.override("nl"):
        expected = formats.date_format(due, "j F Y")
    step = step_html(html, "gezinshereniging-vluchteling")
    assert "6 maanden" in step
    assert f"Doe het ten laatste op {expected}." in step
    # A deadline that has passed says so.
    html = client.get(
        "/nl/stappen/",
        {"situation": "erkend-vluchteling", "age": "volwassen", "decided": "2024-01-10"},
    ).content.decode()
    assert "deze datum is voorbij" in html


def test_the_work_waiting_time_counts_from_the_application(kit, client):
    html = client.get(
        "/nl/stappen/", {"situation": "verzoeker", "age": "volwassen", "applied": "2026-02-10"}
    ).content.decode()
    step = step_html(html, "werken-na-wachttijd")
    assert "4 maanden" in step
    assert "10 juni 2026" in step


def test_a_changed_rule_changes_every_checklist_at_once(kit, client):
    rule = Rule.objects.get(key="gezinshereniging-termijn-vluchtelingen")
    rule.value_nl, rule.period_amount = "3 maanden", 3
    rule.save()
    html = client.get(
        "/nl/stappen/",
        {"situation": "erkend-vluchteling", "age": "volwassen", "decided": "2026-03-31"},
    ).content.decode()
    step = step_html(html, "gezinshereniging-vluchteling")
    assert "3 maanden" in step and "6 maanden" not in step
    assert "30 juni 2026" in step  # 31 March + 3 months: the last day of June


def test_each_step_lists_organisations_that_serve_the_region(kit, client):
    html = client.get(
        "/nl/stappen/", {"situation": "erkend-vluchteling", "age": "volwassen", "region": "limburg"}
    ).content.decode()
    assert "/nl/organisaties/vdab/" in step_html(html, "werk-vdab")
    assert "/nl/organisaties/huurdersbond/" in step_html(html, "nieuwe-woning")
    # A step without organisations of its own lists its chapter's, local ones first.
    assert "/nl/organisaties/gastvrij-diepenbeek/" in step_html(html, "vrije-tijd")
    html = client.get(
        "/nl/stappen/", {"situation": "gezinslid", "age": "volwassen", "region": "brussel"}
    ).content.decode()
    assert "/nl/organisaties/actiris/" in step_html(html, "werk-actiris")
    assert "/nl/organisaties/vdab/" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_checklist_is_there_in_every_language(kit, client, language):
    response = client.get(
        f"/{language}/stappen/",
        {"situation": "tijdelijk-beschermd", "age": "volwassen", "region": "brussel"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    direction = "rtl" if language in {"ar", "fa", "ps"} else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    step = Step.objects.get(key="tijdelijke-bescherming-kaart")
    assert getattr(step, f"title_{language}") in html
    assert 'lang="nl" dir="ltr">' not in html.split('id="checklist"')[1]  # nothing falls back
    assert "{{regel:" not in html


def test_side_by_side_shows_dutch_beside_the_readers_language(kit, client):
    html = client.get(
        "/ar/stappen/",
        {"situation": "erkend-vluchteling", "age": "volwassen", "vergelijk": "nl"},
    ).content.decode()
    step = Step.objects.get(key="ziekenfonds")
    assert step.title_nl in html and step.title_ar in html
    assert '<input type="hidden" name="vergelijk" value="nl">' in html
