"""Bring a translator's file back: check everything first, then write it as one revision.

Errors (nothing is written): a file in another language, an id we do not know, a translation
whose footnotes, links, rule tokens or Markdown structure differ from the Dutch, a text too long
for its field. Units whose Dutch changed since the export are reported and left alone (the
translator worked on an older text). Units the file calls final become reviewed by the importing
user, with the translator's name from the file; the others stay drafts.
"""

from dataclasses import dataclass, field

import reversion
from django.db import models, transaction
from django.utils.translation import gettext as _

from content.markup import markdown_shape, same_markup
from content.models import ContentVersion, TranslationStatus
from content.translation_status import SOURCE_LANGUAGE, record_translation

from .formats import TranslationFile
from .units import parse_unit_id


@dataclass
class Change:
    obj: models.Model
    field: str
    text: str
    final: bool


@dataclass
class ImportReport:
    language: str
    errors: list[str] = field(default_factory=list)
    source_changed: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    translated: int = 0
    reviewed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def check(file: TranslationFile, language: str) -> ImportReport:
    """Everything that would change, or the errors that stop the import (no writes)."""
    report = ImportReport(language=language)
    if file.language.split("-")[0] != language:
        report.errors.append(
            _("This file is for the language '%(file)s', not '%(expected)s'.")
            % {"file": file.language or "?", "expected": language}
        )
        return report
    if not file.units:
        report.errors.append(_("This file holds no translation units."))
        return report
    wanted: dict[type, dict[int, list]] = {}
    for unit in file.units:
        parsed = parse_unit_id(unit.id)
        if parsed is None:
            report.errors.append(_("Unknown unit id: %(id)s") % {"id": unit.id})
            continue
        model, pk, field_name = parsed
        wanted.setdefault(model, {}).setdefault(pk, []).append((field_name, unit))
    objects = {model: model._default_manager.in_bulk(list(ids)) for model, ids in wanted.items()}
    for model, by_pk in wanted.items():
        for pk, entries in by_pk.items():
            obj = objects[model].get(pk)
            for field_name, unit in entries:
                if obj is None:
                    report.errors.append(_("Unknown unit id: %(id)s") % {"id": unit.id})
                    continue
                _check_unit(report, obj, field_name, unit, language)
    return report


def _check_unit(report: ImportReport, obj, field_name: str, unit, language: str) -> None:
    dutch = getattr(obj, f"{field_name}_{SOURCE_LANGUAGE}") or ""
    if dutch.strip() != unit.source.strip():
        report.source_changed.append(unit.id)
        return
    if not unit.target.strip():
        return
    problems = []
    if not same_markup(dutch, unit.target):
        problems.append(_("its footnotes, links or rule tokens differ from the Dutch"))
    if markdown_shape(dutch) != markdown_shape(unit.target):
        problems.append(_("its paragraphs, lists or headings differ from the Dutch"))
    limit = type(obj)._meta.get_field(f"{field_name}_{language}").max_length
    if limit and len(unit.target) > limit:
        problems.append(_("it is longer than %(limit)d characters") % {"limit": limit})
    if problems:
        report.errors.append(f"{unit.id}: {'; '.join(problems)}")
        return
    current = getattr(obj, f"{field_name}_{language}") or ""
    if current == unit.target and not unit.final:
        report.unchanged += 1
        return
    report.changes.append(Change(obj, field_name, unit.target, unit.final))


def apply(report: ImportReport, *, user, translator: str = "", filename: str = "") -> ImportReport:
    """Write a checked import: one transaction, one revision, one content-version bump."""
    assert report.ok, "apply() only after a clean check()"
    language = report.language
    by_object: dict[models.Model, list[Change]] = {}
    for change in report.changes:
        by_object.setdefault(change.obj, []).append(change)
    with transaction.atomic(), reversion.create_revision(), ContentVersion.deferred():
        reversion.set_user(user)
        reversion.set_comment(f"Translations [{language}] imported from {filename}".strip())
        for obj, changes in by_object.items():
            for change in changes:
                setattr(obj, f"{change.field}_{language}", change.text)
            names = [f"{change.field}_{language}" for change in changes]
            obj.save(
                update_fields=[*names, *(["updated_at"] if hasattr(obj, "updated_at") else [])]
            )
            if all(change.final for change in changes):
                record_translation(
                    obj,
                    language,
                    quality=TranslationStatus.Quality.REVIEWED,
                    reviewed_by=user,
                    translator=translator,
                )
                report.reviewed += 1
            else:
                record_translation(obj, language, quality=TranslationStatus.Quality.MACHINE_DRAFT)
                report.translated += 1
    return report
