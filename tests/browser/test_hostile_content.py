import pytest

from organisaties.models import Organisation
from tests.factories import (
    make_chapter,
    make_organisation,
    make_regions,
    make_section,
    make_testimonial,
)
from woordenlijst.models import GlossaryTerm

SCRIPT = '<script>window.pwned = "script"</script><img src="x" onerror="window.pwned = \'img\'">'


@pytest.fixture
def hostile_content(transactional_db):
    regions = make_regions()
    chapter = make_chapter(
        slug="werk-zoeken", title_nl=f"Werk {SCRIPT}", summary_nl=SCRIPT, intro_nl=SCRIPT
    )
    make_section(
        chapter=chapter,
        key="a",
        title_nl=SCRIPT,
        body_nl=f"VDAB {SCRIPT} [klik](javascript:window.pwned='link')",
    )
    make_testimonial(chapter=chapter, name=SCRIPT, summary_nl=SCRIPT, organisation=SCRIPT)
    make_organisation(
        name=f"VDAB {SCRIPT}",
        slug="vdab",
        regions=[regions["vlaanderen"]],
        chapters=[chapter],
        description_nl=SCRIPT,
    )
    GlossaryTerm.objects.create(key="vdab", term_nl="VDAB", definition_nl=SCRIPT)
    return chapter


def test_a_stored_script_in_staff_text_never_runs(hostile_content, live_server, page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in (
        "/nl/",
        "/nl/trajecten/werk-zoeken/",
        "/nl/organisaties/",
        "/nl/organisaties/vdab/",
        "/nl/woordenlijst/",
        "/nl/zoeken/?q=VDAB",
    ):
        page.goto(f"{live_server.url}{path}")
        for link in page.locator("a[href^='javascript:']").all():
            pytest.fail(f"a javascript: link survived on {path}: {link.get_attribute('href')}")
        assert page.evaluate("window.pwned") is None, path
    assert dialogs == []
    assert (
        Organisation.objects.get(slug="vdab").description_nl == SCRIPT
    )  # stored as typed, made harmless on output
