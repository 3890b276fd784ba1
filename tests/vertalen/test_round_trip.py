"""Translators in the loop: a file out, edited in a translator's tool, back in; the review screen."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from reversion.models import Version
from translate.storage import pypo

from content.models import TranslationStatus
from content.translation_status import record_translation
from tests.factories import (
    make_chapter,
    make_coordinator,
    make_editor,
    make_regions,
    make_section,
    sign_in,
)
from trajecten.models import Section
from vertalen import formats
from vertalen.units import collect_units, unit_id
from woordenlijst.models import GlossaryTerm

pytestmark = pytest.mark.django_db
DRAFT = TranslationStatus.Quality.MACHINE_DRAFT
REVIEWED = TranslationStatus.Quality.REVIEWED


@pytest.fixture
def chapter():
    chapter = make_chapter(slug="werk-zoeken", title_nl="Werk zoeken", title_ar="البحث عن عمل")
    for key, dutch, arabic in (
        ("recht", "Je mag werken [^42].", "يحق لك أن تعمل [^42]."),
        ("hulp", "Vraag hulp aan de VDAB.", "اطلب المساعدة من VDAB."),
    ):
        section = make_section(
            chapter=chapter,
            key=key,
            title_nl=key.title(),
            title_ar=f"عنوان {key}",
            body_nl=dutch,
            body_ar=arabic,
        )
        record_translation(section, "ar", quality=DRAFT)
    return chapter


def section(key: str) -> Section:
    return Section.objects.get(key=key)


def xliff_with(units_by_id: dict, data: bytes, *, final: bool) -> bytes:
    """Edit an exported XLIFF file the way a CAT tool does: new targets, state final."""
    store = formats.Xliff12File.parsestring(data)
    for unit in store.units:
        target = units_by_id.get(unit.getid().split("\x04")[-1])
        if target is not None:
            unit.target = target
            if final:
                unit.set_state_n(unit.statemap["final"])
                unit.markapproved(True)
    return bytes(store)


def upload(client, data: bytes, name: str, language: str = "ar"):
    return client.post(
        "/admin/vertalingen/bestanden/opladen/",
        {"language": language, "file": SimpleUploadedFile(name, data)},
    )


@pytest.fixture
def editor(client):
    sign_in(client, make_editor())
    return client


def test_an_xliff_round_trip_changes_the_page_and_marks_the_units_reviewed(editor, chapter):
    response = editor.get(
        "/admin/vertalingen/bestanden/",
        {"language": "ar", "scope": "chapter", "chapter": "werk-zoeken", "file_format": "xliff"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="vluchtwijzer-ar-werk-zoeken-'
    )
    data = response.content
    assert b'version="1.2"' in data and b'target-language="ar"' in data
    assert b'state="needs-review-translation"' in data  # machine drafts: review them

    edited = xliff_with(
        {unit_id(section("recht"), "body"): "لك الحق في العمل [^42]."}, data, final=True
    )
    response = upload(editor, edited, "werk-zoeken.xlf")
    assert response.status_code == 200, response.content.decode()[-1500:]

    recht = section("recht")
    assert recht.body_ar == "لك الحق في العمل [^42]."
    status = TranslationStatus.objects.for_object(recht).get(language="ar")
    assert status.quality == REVIEWED and status.reviewed_by.username == "redacteur"
    untouched = TranslationStatus.objects.for_object(section("hulp")).get(language="ar")
    assert untouched.quality == DRAFT  # the file did not call it final
    assert "imported" in Version.objects.get_for_object(recht).first().revision.comment
    editor.logout()
    with translation.override("ar"):
        html = editor.get(chapter.get_absolute_url()).content.decode()
    assert "لك الحق في العمل" in html
    assert "redacteur" in html  # "checked by <name> on <date>" for readers


def test_a_po_round_trip_by_command_names_the_translator(chapter, tmp_path):
    make_editor("importeur")
    path = tmp_path / "ar.po"
    call_command(
        "export_translations",
        "--language",
        "ar",
        "--format",
        "po",
        "--needs-review",
        "-o",
        str(path),
        stdout=io.StringIO(),
    )
    store = pypo.pofile.parsestring(path.read_bytes())
    drafts = [unit for unit in store.units if not unit.isheader() and unit.target]
    assert drafts and all(unit.isfuzzy() for unit in drafts)  # machine drafts: needs review
    for unit in store.units:
        if unit.getcontext() == unit_id(section("hulp"), "body"):
            unit.target = "اطلب المساعدة من مكتب التشغيل VDAB."
            unit.markfuzzy(False)
    store.updateheader(Last_Translator="Samira El Amrani <samira@example.org>")
    path.write_bytes(bytes(store))

    out = io.StringIO()
    call_command(
        "import_translations", str(path), "--language", "ar", "--user", "importeur", stdout=out
    )
    assert "1 objects reviewed" in out.getvalue()
    status = TranslationStatus.objects.for_object(section("hulp")).get(language="ar")
    assert status.quality == REVIEWED and status.translator == "Samira El Amrani"
    assert section("hulp").body_ar == "اطلب المساعدة من مكتب التشغيل VDAB."


def test_units_whose_dutch_changed_since_the_export_are_reported_and_left_alone(editor, chapter):
    units = collect_units("ar", chapter=chapter)
    data = formats.export_xliff(units, "ar")
    Section.objects.filter(key="hulp").update(body_nl="Vraag hulp aan de VDAB of aan Actiris.")
    edited = xliff_with(
        {
            unit_id(section("recht"), "body"): "لك الحق في العمل [^42].",
            unit_id(section("hulp"), "body"): "ترجمة قديمة.",
        },
        data,
        final=True,
    )
    response = upload(editor, edited, "ar.xlf")
    html = response.content.decode()
    assert response.status_code == 200
    assert unit_id(section("hulp"), "body") in html  # reported
    assert section("hulp").body_ar == "اطلب المساعدة من VDAB."  # left alone
    assert section("recht").body_ar == "لك الحق في العمل [^42]."  # the rest applied


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ("يحق لك أن تعمل.", "de voetnoten, links of regelverwijzingen verschillen"),
        ("يحق لك أن تعمل [^42].\n\nفقرة ثانية.", "de alinea&#x27;s, lijsten of titels verschillen"),
    ],
)
def test_a_broken_unit_stops_the_whole_import(editor, chapter, edit, message):
    data = formats.export_xliff(collect_units("ar", chapter=chapter), "ar")
    edited = xliff_with(
        {unit_id(section("recht"), "body"): edit, unit_id(section("hulp"), "body"): "نص صحيح."},
        data,
        final=True,
    )
    response = upload(editor, edited, "ar.xlf")
    assert response.status_code == 400
    assert (
        message in response.content.decode() or "Nothing was imported" in response.content.decode()
    )
    assert section("hulp").body_ar == "اطلب المساعدة من VDAB."  # nothing was written


def test_unknown_ids_malformed_files_and_the_wrong_language_change_nothing(editor, chapter):
    data = formats.export_xliff(collect_units("ar", chapter=chapter), "ar")
    unknown = data.replace(b'id="trajecten.section:', b'id="trajecten.section:999')
    response = upload(editor, unknown, "ar.xlf")
    assert response.status_code == 400
    assert "Onbekende eenheid: trajecten.section:999" in response.content.decode()

    response = upload(editor, b"<xliff><oops", "ar.xlf")
    assert response.status_code == 400 and "cannot be read as XLF" in response.content.decode()

    response = upload(editor, data, "ar.xlf", language="fr")
    assert response.status_code == 400
    assert "Dit bestand is voor de taal &#x27;ar&#x27;, niet voor &#x27;fr&#x27;." in (
        response.content.decode()
    )

    response = upload(editor, b"hello", "ar.docx")
    assert response.status_code == 400 and "XLIFF" in response.content.decode()
    assert section("recht").body_ar == "يحق لك أن تعمل [^42]."


def test_the_review_screen_approves_edits_and_moves_on(editor, chapter):
    url = "/admin/vertalingen/ar/nakijken/"
    page = editor.get(url).content.decode()
    assert 'dir="rtl"' in page and "nog 7 eenheden na te kijken" in page
    # The chapter's title comes first; "Skip" moves on to the next unit, and so on.
    first = unit_id(chapter, "title")
    assert first in page
    after = editor.get(f"{url}?na={first}").content.decode()
    assert unit_id(chapter, "summary") in after and first not in after

    recht = unit_id(section("recht"), "body")
    response = editor.post(url, {"unit": recht, "target": "يحق لك أن تعمل الآن [^42]."})
    assert response.status_code == 302 and response["Location"].endswith(f"?na={recht}")
    status = TranslationStatus.objects.for_object(section("recht")).get(language="ar")
    assert status.quality == REVIEWED and section("recht").body_ar == "يحق لك أن تعمل الآن [^42]."

    broken = editor.post(url, {"unit": unit_id(section("hulp"), "body"), "target": "[^7] خطأ"})
    assert broken.status_code == 400
    assert section("hulp").body_ar == "اطلب المساعدة من VDAB."


def test_coordinators_cannot_open_the_translation_pages(client, chapter):
    regions = make_regions()
    sign_in(client, make_coordinator("limburg", regions["limburg"]))
    for url in (
        "/admin/vertalingen/ar/nakijken/",
        "/admin/vertalingen/bestanden/",
        "/admin/vertalingen/ar/termen/",
    ):
        assert client.get(url).status_code == 403, url


def test_the_term_check_finds_a_missing_approved_rendering_and_accepts_variants(editor, chapter):
    GlossaryTerm.objects.create(
        key="vdab", term_nl="VDAB", term_ar="مكتب التشغيل", definition_nl="Werk."
    )
    html = editor.get("/admin/vertalingen/ar/termen/").content.decode()
    assert unit_id(section("hulp"), "body") in html and "مكتب التشغيل" in html
    term = GlossaryTerm.objects.get(key="vdab")
    term.variants_ar = "VDAB"
    term.save()
    html = editor.get("/admin/vertalingen/ar/termen/").content.decode()
    assert unit_id(section("hulp"), "body") not in html
