"""Load the machine-draft translations that ship beside the Dutch seed files.

Layout (one folder per language, file names mirror the Dutch ones; format in trajecten/seed/README.md):
  trajecten/seed/translations/<lang>/parts.toml, NN-<chapter>.toml
  content/seed/translations/<lang>/<page>.toml
  organisaties/seed/translations/<lang>/organisations.toml, maps/NN-<chapter>.toml

Objects are found through the loader's own SeedRecords, so a translation only lands on an object
the Dutch seed created. A translation whose footnotes or link targets differ from the Dutch is
skipped with a message: the reader then sees the Dutch text, marked as such.
"""

import re
import tomllib
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import SeedRecord
from .seeding import SeedSync, current_values, fingerprint
from .translation_status import record_machine_drafts, target_languages

FOOTNOTE = re.compile(r"\[\^(\d{1,3})\]")
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")

TRAJECTEN = settings.BASE_DIR / "trajecten" / "seed"
PAGES = settings.BASE_DIR / "content" / "seed"
ORGANISATIES = settings.BASE_DIR / "organisaties" / "seed"


def _read(path: Path, report) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        report.messages.append(f"Translation {path} cannot be read: {exc}")
        return {}


def _same_markup(dutch: str, translated: str) -> bool:
    return Counter(FOOTNOTE.findall(dutch or "")) == Counter(
        FOOTNOTE.findall(translated or "")
    ) and Counter(LINK_TARGET.findall(dutch or "")) == Counter(
        LINK_TARGET.findall(translated or "")
    )


class TranslationLoader:
    """Applies translated fields to seeded objects, with the same never-clobber rules as SeedSync.

    Thousands of small writes: the records and objects are read once up front, and the new
    SeedRecords and TranslationStatuses are written in bulk by finish().
    """

    def __init__(self, seed: SeedSync):
        self.seed = seed
        self.report = seed.report
        self.records = {record.key: record for record in SeedRecord.objects.all()}
        self.objects: dict[type, dict[int, models.Model]] = {}
        self.new_records: list[SeedRecord] = []
        self.translated: list[tuple[models.Model, str]] = []
        self.dirty: dict[models.Model, set[str]] = {}

    def _object(self, model, object_id):
        if model not in self.objects:
            ids = [
                r.object_id
                for r in self.records.values()
                if r.content_type_id == ContentType.objects.get_for_model(model).pk
            ]
            self.objects[model] = model.objects.in_bulk(ids)
        return self.objects[model].get(object_id)

    def apply(
        self, model: type[models.Model], key: str, language: str, fields: dict[str, str | None]
    ) -> None:
        """Translate the object seeded under `key`: `fields` maps field names to translated text."""
        fields = {name: (text or "").strip() for name, text in fields.items() if text is not None}
        record = self.records.get(key)
        if not fields:
            return
        if record is None:
            self.report.messages.append(
                f"Translation [{language}] for unknown object {key} skipped"
            )
            return
        obj = self._object(model, record.object_id)
        if obj is None:
            return  # staff deleted it
        for name, text in fields.items():
            if not _same_markup(getattr(obj, f"{name}_nl"), text):
                self.report.messages.append(
                    f"Translation [{language}] of {key} skipped: its footnotes or links differ from the Dutch ({name})"
                )
                return
        self._sync(
            obj,
            language,
            f"{key}@{language}",
            {f"{name}_{language}": text for name, text in fields.items()},
        )

    def _sync(self, obj: models.Model, language: str, key: str, values: dict) -> None:
        wanted = fingerprint(values)
        now = fingerprint(current_values(obj, values))
        record = self.records.get(key)
        if now == wanted:
            outcome = "unchanged translation"
        elif (record is None and any(getattr(obj, name) for name in values)) or (
            record is not None and now != record.fingerprint
        ):
            outcome = "kept staff edit"  # staff wrote or edited this translation in the admin
        else:
            for name, value in values.items():
                setattr(obj, name, value)
            self.dirty.setdefault(obj, set()).update(values)  # saved once per object, in finish()
            outcome = f"translated [{language}]"
            self.translated.append((obj, language))
        if record is None:
            record = SeedRecord(
                key=key,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                fingerprint=wanted,
            )
            self.records[key] = record
            self.new_records.append(record)
            if outcome == "unchanged translation":
                # First load of a text that is already in place: it still needs a status.
                self.translated.append((obj, language))
        elif outcome.startswith("translated"):
            record.fingerprint = wanted
            record.save(update_fields=["fingerprint", "loaded_at"])
        self.report.count(type(obj), outcome)

    def finish(self) -> None:
        for obj, names in self.dirty.items():
            obj.save(
                update_fields=[*names, *(["updated_at"] if hasattr(obj, "updated_at") else [])]
            )
        SeedRecord.objects.bulk_create(self.new_records)
        record_machine_drafts(self.translated)


def load_translations(seed: SeedSync, chapter_files, page_files) -> None:
    """Apply every language's translation files; chapter_files/page_files are (path, Dutch data) pairs."""
    from organisaties.models import (
        MapConnection,
        MapGroup,
        MapNode,
        NetworkMap,
        Organisation,
        Region,
    )
    from trajecten.models import Action, Chapter, Part, Section, Source, Testimonial

    from .models import GlossaryTerm, Page

    loader = TranslationLoader(seed)
    for language in target_languages():
        folder = TRAJECTEN / "translations" / language
        parts = (
            _read(folder / "parts.toml", seed.report) if (folder / "parts.toml").exists() else {}
        )
        for number, part in parts.get("parts", {}).items():
            loader.apply(
                Part,
                f"part/{number}",
                language,
                {"title": part.get("title"), "summary": part.get("summary")},
            )

        # Chapters and pages: the document's own fields, then its sections, actions, testimonials, sources.
        documents = [
            (folder / path.name, Chapter, f"chapter/{dutch['slug']}", ("title", "summary", "intro"))
            for path, dutch in chapter_files
        ] + [
            (
                PAGES / "translations" / language / path.name,
                Page,
                f"page/{dutch['slug']}",
                ("title", "summary", "body"),
            )
            for path, dutch in page_files
        ]
        for translated_path, model, prefix, fields in documents:
            if not translated_path.exists():
                continue
            data = _read(translated_path, seed.report)
            loader.apply(model, prefix, language, {name: data.get(name) for name in fields})
            _apply_children(loader, language, prefix, data, Section, Action, Testimonial, Source)

        organisations_path = ORGANISATIES / "translations" / language / "organisations.toml"
        if organisations_path.exists():
            data = _read(organisations_path, seed.report)
            for key, description in data.get("descriptions", {}).items():
                loader.apply(
                    Organisation, f"organisation/{key}", language, {"description": description}
                )
            for key, name in data.get("regions", {}).items():
                loader.apply(Region, f"region/{key}", language, {"name": name})

        glossary_path = PAGES / "translations" / language / "glossary.toml"
        if glossary_path.exists():
            for key, entry in _read(glossary_path, seed.report).get("terms", {}).items():
                loader.apply(
                    GlossaryTerm,
                    f"glossary/{key}",
                    language,
                    {"term": entry.get("term"), "definition": entry.get("definition")},
                )

        for path in sorted((ORGANISATIES / "translations" / language / "maps").glob("*.toml")):
            data = _read(path, seed.report)
            slug = path.stem.split("-", 1)[1]
            prefix = f"map/{slug}"
            loader.apply(
                NetworkMap,
                prefix,
                language,
                {"title": data.get("title"), "intro": data.get("intro")},
            )
            for key, title in data.get("groups", {}).items():
                loader.apply(MapGroup, f"{prefix}/group/{key}", language, {"title": title})
            for key, label in data.get("nodes", {}).items():
                loader.apply(MapNode, f"{prefix}/node/{key}", language, {"label": label})
            for key, label in data.get("connections", {}).items():
                source, _, target = key.partition(">")
                loader.apply(
                    MapConnection,
                    f"{prefix}/connection/{source}/{target}",
                    language,
                    {"label": label},
                )
    loader.finish()


def _apply_children(loader, language, prefix, data, Section, Action, Testimonial, Source) -> None:
    for key, section in data.get("sections", {}).items():
        loader.apply(
            Section,
            f"{prefix}/section/{key}",
            language,
            {"title": section.get("title"), "body": section.get("body")},
        )
    for key, action in data.get("actions", {}).items():
        loader.apply(Action, f"{prefix}/action/{key}", language, {"text": action.get("text")})
    for key, testimonial in data.get("testimonials", {}).items():
        loader.apply(
            Testimonial,
            f"{prefix}/testimonial/{key}",
            language,
            {"context": testimonial.get("context"), "summary": testimonial.get("summary")},
        )
    for number, title in data.get("sources", {}).items():
        loader.apply(Source, f"source/{number}", language, {"title": title})
