"""Editors decide in the admin which steps apply to whom, with history; the seed files are checked."""

import io

import pytest
from django.core.management import call_command
from django.db.models import ProtectedError
from reversion.models import Version

from content.seeding import SeedError, read_starterskit
from stappen.models import Step
from stappen.seed import StappenSeed
from tests.admin_forms import admin_form_data
from tests.factories import (
    make_action,
    make_age_group,
    make_chapter,
    make_editor,
    make_rule,
    make_section,
    make_situation,
    make_step,
    sign_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def step():
    chapter = make_chapter(slug="werk-zoeken", title_nl="Werk zoeken")
    return make_step(
        chapter=chapter,
        key="werk",
        title_nl="Schrijf in bij de VDAB",
        situations=[make_situation()],
        age_groups=[make_age_group()],
    )


def url_of(step: Step) -> str:
    return f"/admin/stappen/step/{step.pk}/change/"


def test_an_editor_changes_who_a_step_is_for_with_history_and_reverts_it(client, step):
    applicant = make_situation(key="verzoeker", name_nl="Vraagt bescherming aan")
    sign_in(client, make_editor())
    data = admin_form_data(client.get(url_of(step)).content.decode(), "step_form")
    data["situations"] = [str(s.pk) for s in (*step.situations.all(), applicant)]
    data["title_nl"] = "Schrijf samen in bij de VDAB"
    assert client.post(url_of(step), data).status_code == 302
    step.refresh_from_db()
    assert {s.key for s in step.situations.all()} == {"erkend-vluchteling", "verzoeker"}

    versions = Version.objects.get_for_object(step)
    assert versions.count() == 1
    history = client.get(f"/admin/stappen/step/{step.pk}/history/").content.decode()
    assert f"/admin/stappen/step/{step.pk}/history/{versions[0].pk}/" in history
    step.situations.set([applicant])
    versions[0].revision.revert()
    step.refresh_from_db()
    assert {s.key for s in step.situations.all()} == {"erkend-vluchteling", "verzoeker"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ("section", "section", "Kies een sectie uit het hoofdstuk van de stap."),
        ("action", "actions", "Kies suggesties uit het hoofdstuk van de stap."),
        ("rule", "deadline_rule", "geldige keuze"),  # only rules with a period are offered
        ("start", "counts_from", "Geef een termijnregel en vanaf wanneer die telt"),
        ("footnote", "body_nl", "De checklist heeft geen lijst met bronnen"),
        ("token", "body_nl", "{{regel:bestaat-niet}}"),
    ],
)
def test_the_step_form_refuses_what_would_mislead_readers(client, step, change, field, message):
    other = make_chapter(title_nl="Een ander hoofdstuk")
    sign_in(client, make_editor())
    data = admin_form_data(client.get(url_of(step)).content.decode(), "step_form")
    if change == "section":
        data["section"] = str(make_section(chapter=other).pk)
    elif change == "action":
        data["actions"] = [str(make_action(chapter=other).pk)]
    elif change == "rule":
        data["deadline_rule"] = str(make_rule(key="een-datum").pk)  # no period
        data["counts_from"] = "decision"
    elif change == "start":
        data["deadline_rule"] = str(
            make_rule(key="termijn", period_amount=6, period_unit="months").pk
        )
    elif change == "footnote":
        data["body_nl"] = "Zie de bron[^12]."
    elif change == "token":
        data["body_nl"] = "Binnen {{regel:bestaat-niet}}."
    response = client.post(url_of(step), data)
    assert response.status_code == 200  # the form again, with the message
    assert message in response.content.decode()
    step.refresh_from_db()
    assert step.title_nl == "Schrijf in bij de VDAB" and step.section is None


def test_a_rule_used_by_a_step_cannot_be_deleted(step):
    rule = make_rule(key="termijn", period_amount=6, period_unit="months")
    step.deadline_rule, step.counts_from = rule, Step.CountsFrom.DECISION
    step.save()
    with pytest.raises(ProtectedError):
        rule.delete()


def test_the_kit_loads_the_steps_once_and_keeps_staff_edits(kit):
    step = Step.objects.get(key="werk-vdab")
    assert step.title_fr and step.title_ar and step.body_uk and step.body_fa
    assert {s.key for s in step.situations.all()} >= {"erkend-vluchteling", "gezinslid"}
    assert [o.slug for o in step.organisations.all()] == ["vdab"]
    assert step.region_scope.key == "vlaanderen"
    assert step.section.key == "zoeken-naar-werk"
    Step.objects.filter(pk=step.pk).update(title_nl="Een bewerking door de redactie")
    call_command("load_starterskit", stdout=io.StringIO())
    step.refresh_from_db()
    assert step.title_nl == "Een bewerking door de redactie"
    assert Step.objects.count() == 34


STEP = """
[[situations]]
key = "erkend-vluchteling"
name = "Erkend vluchteling"

[[age_groups]]
key = "volwassen"
name = "Volwassen"

[[steps]]
key = "a"
title = "A"
chapter = "werk-zoeken"
section = "{section}"
actions = {actions}
organisations = {organisations}
situations = ["erkend-vluchteling"]
ages = ["volwassen"]
region = "{region}"
{deadline}
body = "{body}"
"""


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"section": "bestaat-niet"}, "no section 'bestaat-niet' in its chapter"),
        ({"actions": '["bestaat-niet"]'}, "no actions ['bestaat-niet'] in its chapter"),
        ({"organisations": '["bestaat-niet"]'}, "unknown organisations ['bestaat-niet']"),
        ({"region": "mars"}, "unknown region 'mars'"),
        (
            {"deadline": 'deadline_rule = "leerplicht"\ncounts_from = "decision"'},
            "deadline_rule 'leerplicht' is not a rule with a period",
        ),
        (
            {"deadline": 'deadline_rule = "werk-asielzoekers-wachttijd"'},
            "give deadline_rule and counts_from, or neither",
        ),
        ({"body": "Zie [^12]."}, "no [^N] footnotes"),
        ({"body": "Binnen {{regel:bestaat-niet}}."}, "unknown {{regel:bestaat-niet}}"),
    ],
)
def test_seed_files_that_point_at_nothing_are_refused(tmp_path, fields, problem):
    values = {
        "section": "zoeken-naar-werk",
        "actions": "[]",
        "organisations": '["vdab"]',
        "region": "",
        "deadline": "",
        "body": "Doe dit.",
        **fields,
    }
    (tmp_path / "steps.toml").write_text(STEP.format(**values))
    with pytest.raises(SeedError) as error:
        read_starterskit([StappenSeed(tmp_path)])
    assert problem in str(error.value)
