"""The checklist page: answers, bad input, htmx, query counts, and nothing about the person kept."""

import datetime
import logging
from unittest import mock

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actueel.models import Rule
from content.page_cache import REGION_COOKIE
from stappen.models import Step
from tests.factories import (
    make_action,
    make_age_group,
    make_chapter,
    make_organisation,
    make_regions,
    make_rule,
    make_section,
    make_situation,
    make_step,
)

pytestmark = pytest.mark.django_db
URL = "/nl/stappen/"


@pytest.fixture
def world():
    """Two situations, two age groups, the regions, and steps for a recognised refugee."""
    regions = make_regions()
    refugee = make_situation()
    applicant = make_situation(key="verzoeker", name_nl="Vraagt bescherming aan", position=0)
    adult = make_age_group()
    make_age_group(key="onder-12", name_nl="Jonger dan 12", position=0)
    family = make_chapter(slug="herenigen-met-het-gezin", title_nl="Herenigen met het gezin")
    section = make_section(chapter=family, key="recht", title_nl="Het recht op gezinshereniging")
    rule = make_rule(
        key="gezinshereniging-termijn", value_nl="6 maanden", period_amount=6, period_unit="months"
    )
    myria = make_organisation(
        name="Myria", slug="myria", regions=[regions["nationaal"]], chapters=[family]
    )
    make_organisation(
        name="Gezinshulp Limburg",
        slug="gezinshulp",
        regions=[regions["limburg"]],
        chapters=[family],
    )
    reunification = make_step(
        chapter=family,
        section=section,
        key="gezinshereniging",
        title_nl="Vraag gezinshereniging aan",
        body_nl="Binnen {{regel:gezinshereniging-termijn}} na de erkenning.",
        situations=[refugee],
        age_groups=[adult],
        deadline_rule=rule,
        counts_from=Step.CountsFrom.DECISION,
        actions=[make_action(chapter=family, text_nl="Verwijs naar een advocaat[^77].")],
    )
    flemish = make_step(
        chapter=family,
        key="inburgering-vlaanderen",
        title_nl="Inburgering in Vlaanderen",
        situations=[refugee],
        age_groups=[adult],
        region_scope=regions["vlaanderen"],
        position=5,
        organisations=[myria],
    )
    brussels = make_step(
        chapter=family,
        key="inburgering-brussel",
        title_nl="Inburgering in Brussel",
        situations=[refugee],
        age_groups=[adult],
        region_scope=regions["brussel"],
        position=6,
    )
    make_step(
        chapter=family,
        key="wachten",
        title_nl="Alleen voor verzoekers",
        situations=[applicant],
        age_groups=[adult],
    )
    return {
        "regions": regions,
        "reunification": reunification,
        "flemish": flemish,
        "brussels": brussels,
        "chapter": family,
    }


ANSWERS = {
    "situation": "erkend-vluchteling",
    "age": "volwassen",
    "region": "limburg",
    "decided": "2026-01-15",
    "done": "inburgering-brussel",
}


def test_the_empty_form_offers_the_situations_and_ages(client, world):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="situation" value="erkend-vluchteling"' in html
    assert 'name="age" value="volwassen"' in html and "checked" in html  # an adult, to start
    assert 'id="checklist"' in html and 'class="steps"' not in html


def test_answers_give_the_persons_steps_in_order_with_the_calendar_date(client, world):
    html = client.get(URL, ANSWERS).content.decode()
    assert html.index("Vraag gezinshereniging aan") < html.index("Inburgering in Vlaanderen")
    assert "Alleen voor verzoekers" not in html
    assert "Inburgering in Brussel" not in html  # another region
    assert "15 juli 2026" in html  # 15 January + 6 months
    assert "Gezinshulp Limburg" in html and "Myria" in html
    assert html.index("Gezinshulp Limburg") < html.index("Myria")  # local ones first
    assert "[^77]" not in html and "#bron-77" not in html  # no footnotes without sources
    assert f'href="{world["chapter"].get_absolute_url()}#recht"' in html


def test_a_chapters_organisations_are_listed_once_and_later_steps_point_there(client, world):
    refugee, adult = (
        world["reunification"].situations.get(),
        world["reunification"].age_groups.get(),
    )
    make_step(
        chapter=world["chapter"],
        key="later",
        title_nl="Een latere stap",
        situations=[refugee],
        age_groups=[adult],
        position=9,
    )
    html = client.get(URL, ANSWERS).content.decode()
    later = html[html.index('id="stap-later"') :]
    assert "Organisaties in de buurt: zie stap 1." in later
    assert "Gezinshulp Limburg" not in later


def test_steps_already_done_leave_the_list_and_stay_in_the_link(client, world):
    answers = {**ANSWERS, "region": "", "done": ["gezinshereniging"]}
    html = client.get(URL, answers).content.decode()
    checklist = html[html.index('class="steps"') : html.index("</ol>")]
    assert "Vraag gezinshereniging aan" not in checklist
    assert "Vraag gezinshereniging aan" in html[html.index("</ol>") :]  # under "already done"
    assert "done=gezinshereniging" in html  # the shareable link keeps it
    assert (
        'value="gezinshereniging" id="done-gezinshereniging" form="checklist-form" checked' in html
    )


def test_the_page_says_where_ticks_are_kept(client, world):
    html = client.get(URL, ANSWERS).content.decode()
    assert "in deze browser" in html or "this browser" in html
    assert 'src="/static/js/stappen.js"' in html
    assert "<script>" not in html  # no inline script: the CSP forbids it


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"situation": "bestaat-niet", "age": "volwassen"}, "situation"),
        ({"situation": "erkend-vluchteling", "age": "volwassen", "region": "mars"}, "region"),
        ({"situation": "erkend-vluchteling", "age": "volwassen", "decided": "gisteren"}, "decided"),
        (
            {"situation": "erkend-vluchteling", "age": "volwassen", "decided": "9999-12-31"},
            "decided",
        ),
        ({"situation": "erkend-vluchteling", "age": "volwassen", "done": "<script>"}, "done"),
        ({"age": "volwassen"}, "situation"),
    ],
)
def test_bad_answers_get_a_clear_message_and_400(client, world, answers, message):
    response = client.get(URL, answers)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="notice notice--error" role="alert"' in html
    assert "<script>" not in html.split('id="checklist"')[1]


def test_a_bad_date_still_shows_the_list_of_the_valid_answers(client, world):
    response = client.get(URL, {**ANSWERS, "decided": "2026-02-30"})
    assert response.status_code == 400
    assert "Vraag gezinshereniging aan" in response.content.decode()


def test_htmx_gets_only_the_checklist(client, world):
    response = client.get(URL, ANSWERS, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<div id="checklist"')
    assert "Vraag gezinshereniging aan" in html
    assert "HX-Request" in response["Vary"]


def test_the_query_count_is_pinned_and_does_not_grow_with_steps(
    client, world, django_assert_num_queries, commit
):
    commit()
    # content version, situations, age groups, regions, steps, actions, rules, the steps' own
    # organisations, the chapters' organisations, glossary terms
    with django_assert_num_queries(10):
        client.get(URL, ANSWERS)
    regions, chapter = world["regions"], world["chapter"]
    situation, adult = (
        world["reunification"].situations.get(),
        world["reunification"].age_groups.get(),
    )
    for number in range(20):
        other = make_chapter(title_nl=f"Hoofdstuk {number}")
        make_organisation(name=f"Org {number}", regions=[regions["limburg"]], chapters=[other])
        make_step(
            chapter=other,
            situations=[situation],
            age_groups=[adult],
            organisations=[make_organisation(regions=[regions["vlaanderen"]])],
            actions=[make_action(chapter=other)],
        )
        make_step(chapter=chapter, situations=[situation], age_groups=[adult])
    commit()
    with django_assert_num_queries(10):
        response = client.get(URL, ANSWERS)
    assert response.content.decode().count('<li class="step') == 42


# --- Nothing about the person is kept ---


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_answers_leave_no_rows_no_cookie_and_no_cache_entry(client, world, settings):
    settings.PAGE_CACHE = True
    client.cookies.load({REGION_COOKIE: "brussel"})  # a region chosen earlier, elsewhere
    before = row_counts()
    stored = mock.patch.object(cache, "set", wraps=cache.set)
    with stored as cache_set:
        for _ in range(2):
            response = client.get(URL, ANSWERS)
            assert response.status_code == 200
            assert response.cookies == {}  # the form never sets the region cookie, nor any other
            assert "ETag" not in response  # not served from the page cache
            assert response["Cache-Control"] == "private"
            assert response["Referrer-Policy"] == "no-referrer"
    assert cache_set.call_count == 0  # nor stored in it
    assert row_counts() == before
    assert client.cookies[REGION_COOKIE].value == "brussel"  # untouched
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, ANSWERS)
    assert len(queries) > 1  # computed afresh, not read from the cache


def test_the_empty_form_is_cached_and_suggests_the_remembered_region(
    client, world, settings, commit
):
    settings.PAGE_CACHE = True
    commit()
    client.cookies.load({REGION_COOKIE: "limburg"})
    first = client.get(URL)
    assert '<option value="limburg" selected>' in first.content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(URL)
    assert len(queries) == 0 and second["ETag"] == first["ETag"]  # a hit asks nothing
    assert second.cookies == {}


class Recorder(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_bad_answers_are_logged_without_their_values(client, world):
    recorder, root = Recorder(), logging.getLogger()
    root.addHandler(recorder)
    try:
        client.get(URL, {**ANSWERS, "situation": "geheim-antwoord", "decided": "1899-01-01"})
    finally:
        root.removeHandler(recorder)
    logged = "\n".join(recorder.lines)
    assert "Bad Request: /nl/stappen/" in logged  # django.request names the path only
    assert "geheim-antwoord" not in logged and "1899" not in logged and "limburg" not in logged


def test_a_passed_deadline_says_so(client, world):
    decided = datetime.date(2020, 1, 1)
    html = client.get(URL, {**ANSWERS, "decided": decided.isoformat()}).content.decode()
    assert "step--passed" in html


def test_draft_steps_and_steps_of_draft_chapters_are_hidden(client, world):
    world["flemish"].status = "draft"
    world["flemish"].save()
    world["chapter"].status = "draft"
    world["chapter"].save()
    html = client.get(URL, ANSWERS).content.decode()
    assert "Inburgering in Vlaanderen" not in html
    assert "Vraag gezinshereniging aan" not in html


def test_the_home_page_and_every_chapter_link_to_the_checklist(client, world):
    for url in ("/nl/", world["chapter"].get_absolute_url()):
        assert 'href="/nl/stappen/"' in client.get(url).content.decode()


def test_rule_deadlines_need_a_period(world):
    step = world["reunification"]
    step.deadline_rule = Rule.objects.create(
        key="zonder-periode",
        name_nl="Een datum",
        value_nl="4 maart 2027",
        applies_from=datetime.date(2025, 1, 1),
        source_title="Bron",
        source_url="https://example.org/",
        check_by=datetime.date(2027, 1, 1),
    )
    with pytest.raises(Exception, match="period"):
        step.full_clean()
