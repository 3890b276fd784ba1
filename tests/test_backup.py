"""The backup recipe of the README: dumpdata, then loaddata into an empty database, gives the same site."""

import gzip
import io

import pytest
from django.core.management import call_command
from django.db import connection
from reversion.models import Version

from content.models import TranslationStatus
from trajecten.models import Section

pytestmark = pytest.mark.django_db
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
    call_command("loaddata", str(backup), stdout=io.StringIO())

    assert (
        Section.objects.count(),
        TranslationStatus.objects.count(),
        Version.objects.count(),
    ) == counts
    for url in PAGES:
        assert client.get(url).content == before[url], url
