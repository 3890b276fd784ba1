"""Property-based fuzzing: random and hostile paths and query strings never cause a 5xx."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organisaties.models import NetworkMap
from stappen.models import Step
from tests.factories import (
    make_age_group,
    make_chapter,
    make_organisation,
    make_page,
    make_regions,
    make_rule,
    make_section,
    make_situation,
    make_step,
)
from woordenlijst.models import GlossaryTerm

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/nl/",
    "/ar/",
    "/nl/trajecten/werk-zoeken/",
    "/fa/trajecten/werk-zoeken/",
    "/nl/organisaties/",
    "/nl/organisaties/vdab/",
    "/nl/organisaties/netwerkkaart/werk-zoeken/",
    "/nl/pagina/leeswijzer/",
    "/nl/woordenlijst/",
    "/nl/zoeken/",
    "/uk/zoeken/",
    "/nl/stappen/",
    "/ar/stappen/",
    "/sitemap.xml",
    "/healthz",
]
PARAMETERS = ["q", "region", "chapter", "kind", "page", "vergelijk", "next"]
PARAMETERS += ["situation", "age", "applied", "decided", "registered", "done"]  # the checklist
HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "'\"",
        "%",
        "%00",
        "../../etc/passwd",
        "' OR 1=1 --",
        "\u202e",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "9" * 40,
        "-1",
        "limburg",
        "nl",
        "a" * 5000,
        "[^12](chapter:x)",
    ]
)
VALUES = st.one_of(HOSTILE, st.text(max_size=300))


@pytest.fixture
def site(db):
    regions = make_regions()
    chapter = make_chapter(slug="werk-zoeken", title_nl="Werk zoeken")
    make_section(chapter=chapter, key="vdab", body_nl="Schrijf je in bij de VDAB[^1].")
    make_organisation(name="VDAB", slug="vdab", regions=[regions["vlaanderen"]], chapters=[chapter])
    make_step(  # the checklist: "limburg" and "nl" among the hostile values are real answers
        chapter=chapter,
        situations=[make_situation(key="nl")],
        age_groups=[make_age_group(key="limburg")],
        deadline_rule=make_rule(period_amount=4, period_unit="months"),
        counts_from=Step.CountsFrom.APPLICATION,
        region_scope=regions["vlaanderen"],
    )
    NetworkMap.objects.create(chapter=chapter, title_nl="Netwerkkaart")
    make_page()
    GlossaryTerm.objects.create(
        key="vdab", term_nl="VDAB", definition_nl="De Vlaamse dienst voor werk."
    )


def fuzz_settings(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )


@fuzz_settings(150)
@given(
    base=st.sampled_from(PUBLIC),
    params=st.dictionaries(st.sampled_from(PARAMETERS), VALUES, max_size=4),
)
def test_query_strings_never_cause_a_server_error(client, site, base, params):
    response = client.get(base, params)
    assert response.status_code < 500, (base, params)


@fuzz_settings(150)
@given(prefix=st.sampled_from(PUBLIC), tail=st.one_of(HOSTILE, st.text(min_size=1, max_size=200)))
def test_paths_never_cause_a_server_error(client, site, prefix, tail):
    response = client.get(prefix + quote(tail, safe="/"))
    assert response.status_code < 500, (prefix, tail)


@fuzz_settings(40)
@given(method=st.sampled_from(["post", "put", "delete", "patch"]), base=st.sampled_from(PUBLIC))
def test_other_methods_are_refused_not_crashed(client, site, method, base):
    response = getattr(client, method)(base)
    assert response.status_code < 500
