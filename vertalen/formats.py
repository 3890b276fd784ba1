"""XLIFF 1.2 and PO files for translators' tools (Poedit, Weblate, OmegaT, a CAT tool), written and
read with translate-toolkit: no XML or PO of our own.

XLIFF: `<trans-unit id="…">`, `<source>` Dutch, `<target state="…">`; a machine draft is
`needs-review-translation`, a reviewed translation `final` with approved="yes". PO: msgctxt is
the unit id, msgid the Dutch, msgstr the translation; a machine draft is fuzzy. The file names
its language (XLIFF target-language, PO Language) and, where the tool fills it in, its
translator (PO Last-Translator; XLIFF a `<note from="translator">`).
"""

import re
from dataclasses import dataclass

from lxml.etree import XMLSyntaxError
from translate.storage import pypo, xliff

from .units import State, Unit

XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
NO_TRANSLATOR = {"", "FULL NAME <EMAIL@ADDRESS>"}


class FileError(ValueError):
    """The uploaded file is not a translation file we can read; the message says why."""


class _Unit12(xliff.xliffunit):
    namespace = XLIFF_12


class Xliff12File(xliff.xlifffile):
    """translate-toolkit writes XLIFF 1.1 by default; this writes 1.2 (and reads 1.1 and 1.2)."""

    UnitClass = _Unit12
    namespace = XLIFF_12
    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version='1.2' xmlns='{XLIFF_12}'>
<file original='vluchtwijzer' source-language='nl' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""


@dataclass
class FileUnit:
    """One unit as read from a translator's file."""

    id: str
    source: str
    target: str
    final: bool


@dataclass
class TranslationFile:
    language: str
    units: list[FileUnit]
    translator: str = ""


def export_xliff(units: list[Unit], language: str) -> bytes:
    store = Xliff12File(sourcelanguage="nl", targetlanguage=language)
    for unit in units:
        entry = store.addsourceunit(unit.source, filename="vluchtwijzer", createifmissing=True)
        entry.setid(unit.id)
        if unit.note():
            entry.addnote(unit.note(), origin="developer")
        if unit.target:
            entry.target = unit.target
            if unit.state == State.REVIEWED:
                entry.set_state_n(entry.statemap["final"])
                entry.markapproved(True)
            else:
                entry.set_state_n(entry.S_NEEDS_REVIEW)  # machine draft or outdated: review it
    return bytes(store)


def export_po(units: list[Unit], language: str) -> bytes:
    store = pypo.pofile()
    store.settargetlanguage(language)
    store.updateheader(add=True, Project_Id_Version="Vluchtwijzer content")
    for unit in units:
        entry = store.addsourceunit(unit.source)
        entry.setcontext(unit.id)
        if unit.note():
            entry.addnote(unit.note(), origin="developer")
        entry.target = unit.target
        entry.markfuzzy(bool(unit.target) and unit.state != State.REVIEWED)
    return bytes(store)


def _translator_from_notes(notes: str) -> str:
    return notes.strip().splitlines()[0].strip() if notes.strip() else ""


def read_file(data: bytes, filename: str) -> TranslationFile:
    """Parse an uploaded XLIFF (1.1/1.2) or PO file; FileError with a clear message if we cannot."""
    name = filename.lower()
    try:
        if name.endswith((".xlf", ".xliff")):
            store = xliff.xlifffile.parsestring(data)
            translators = {
                _translator_from_notes(unit.getnotes(origin="translator")) for unit in store.units
            } - {""}
            units = [
                FileUnit(
                    id=unit.getid().split("\x04")[-1],
                    source=str(unit.source or ""),
                    target=str(unit.target or ""),
                    final=unit.isapproved() or unit.get_state_n() >= unit.statemap["signed-off"],
                )
                for unit in store.units
                if unit.getid()
            ]
            language = store.gettargetlanguage() or ""
            translator = ", ".join(sorted(translators))
        elif name.endswith((".po", ".pot")):
            store = pypo.pofile.parsestring(data)
            units = [
                FileUnit(
                    id=unit.getcontext(),
                    source=str(unit.source or ""),
                    target=str(unit.target or ""),
                    final=bool(unit.target) and not unit.isfuzzy(),
                )
                for unit in store.units
                if not unit.isheader()
            ]
            headers = store.parseheader()
            language = headers.get("Language", "")
            translator = headers.get("Last-Translator", "").strip()
            translator = (
                "" if translator in NO_TRANSLATOR else re.sub(r"\s*<[^>]*>", "", translator)
            )
        else:
            raise FileError("Upload an XLIFF file (.xlf, .xliff) or a PO file (.po).")
    except (XMLSyntaxError, ValueError, UnicodeDecodeError, AttributeError, TypeError) as error:
        if isinstance(error, FileError):
            raise
        raise FileError(
            f"This file cannot be read as {filename.rsplit('.', 1)[-1].upper()}: {error}"
        ) from None
    return TranslationFile(
        language=language.replace("_", "-").lower(), units=units, translator=translator
    )
