"""The backup recipe of the README: dumpdata, then loaddata into an empty database, gives the same site."""

import gzip
import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from reversion.models import Version

from content.models import SeedRecord, TranslationStatus
from trajecten.models import Page, Section
from woordenlijst.models import GlossaryTerm

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
BACKUP_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]
PAGES = [
    "/nl/",
    "/nl/trajecten/woning-zoeken/",
    "/ar/trajecten/woning-zoeken/",
    "/nl/organisaties/?region=limburg",
    "/nl/organisaties/vdab/",
    "/nl/organisaties/netwerkkaart/zorgen-voor/",
    "/nl/woordenlijst/",
    "/fa/pagina/leeswijzer/",
    "/uk/stappen/?situation=tijdelijk-beschermd&age=volwassen&region=antwerpen",
]


def test_a_restored_site_is_identical(kit, client, tmp_path):
    Section.objects.filter(key="huurwaarborg").update(
        body_nl="Een bewerking die de backup moet bewaren."
    )
    before = {url: client.get(url).content for url in PAGES}
    counts = (Section.objects.count(), TranslationStatus.objects.count(), Version.objects.count())

    backup = tmp_path / "vluchtwijzer.json.gz"
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        exclude=BACKUP_EXCLUDES,
        output=str(backup),
        stdout=io.StringIO(),
    )
    assert gzip.open(backup).read(1) == b"["
    if connection.vendor == "postgresql":
        # The kit was loaded in this test's transaction: run its deferred FK checks before TRUNCATE.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", "--no-input", stdout=io.StringIO())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SET CONSTRAINTS ALL DEFERRED"
            )  # as loaddata expects in its own transaction
    assert Section.objects.count() == 0
    call_command("restore_backup", str(backup), stdout=io.StringIO())  # as `make restore` does

    assert (
        Section.objects.count(),
        TranslationStatus.objects.count(),
        Version.objects.count(),
    ) == counts
    for url in PAGES:
        assert without_stamps(client.get(url).content) == without_stamps(before[url]), url


def without_stamps(html: bytes) -> bytes:
    """The report forms carry a signed 'shown at' time stamp: the one part that differs by the second."""
    return re.sub(rb'name="stamp" value="[^"]*"', b'name="stamp"', html)


def test_a_backup_made_before_the_layers_move_still_restores(db, client):
    """tests/fixtures/backup-before-layers.json was made with the code before Page and
    GlossaryTerm moved out of `content` (commit 34aa2bf): it names them content.page and
    content.glossaryterm, in rows, content types, permissions and stored versions."""
    call_command(
        "restore_backup", str(FIXTURES / "backup-before-layers.json"), stdout=io.StringIO()
    )

    page = Page.objects.get(slug="leeswijzer")
    assert page.placement == Page.Placement.INTRODUCTION
    assert [t.name for t in page.testimonials.all()] == ["Paul"]
    term = GlossaryTerm.objects.get(key="leefloon")
    assert list(term.chapters.values_list("slug", flat=True)) == ["woning-zoeken"]
    assert {s.content_object for s in TranslationStatus.objects.all()} == {page, term}
    assert {
        r.content_type.get_object_for_this_type(pk=r.object_id) for r in SeedRecord.objects.all()
    } == {page, term}
    versions = Version.objects.get_for_object(page)
    assert versions.count() == 1 and versions[0].field_dict["title_nl"] == "Leeswijzer"
    assert "Leeswijzer" in client.get("/nl/").content.decode()
    assert "دخل الاندماج" in client.get("/ar/woordenlijst/").content.decode()


def test_a_file_that_is_no_backup_is_refused_with_a_message(db, tmp_path):
    junk = tmp_path / "notes.json"
    junk.write_text("dit is geen backup")
    with pytest.raises(CommandError, match="is not a backup made by `make backup`"):
        call_command("restore_backup", str(junk))
