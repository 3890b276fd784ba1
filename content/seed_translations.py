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
from django.db import models

from .models import SeedRecord
from .seeding import SeedSync
from .translation_status import target_languages

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
    def __init__(self, seed: SeedSync):
        self.seed = seed
        self.report = seed.report
        self.records = dict(SeedRecord.objects.values_list("key", "object_id"))

    def apply(
        self, model: type[models.Model], key: str, language: str, fields: dict[str, str | None]
    ) -> None:
        """Translate the object seeded under `key`: `fields` maps field names to translated text."""
        fields = {name: (text or "").strip() for name, text in fields.items() if text is not None}
        object_id = self.records.get(key)
        if not fields or object_id is None:
            if fields:
                self.report.messages.append(
                    f"Translation [{language}] for unknown object {key} skipped"
                )
            return
        obj = model.objects.filter(pk=object_id).first()
        if obj is None:
            return  # staff deleted it
        for name, text in fields.items():
            if not _same_markup(getattr(obj, f"{name}_nl"), text):
                self.report.messages.append(
                    f"Translation [{language}] of {key} skipped: its footnotes or links differ from the Dutch ({name})"
                )
                return
        values = {f"{name}_{language}": text for name, text in fields.items()}
        self.seed.sync_translation(obj, language, f"{key}@{language}", values)


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

    from .models import Page

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

        for path, dutch in chapter_files:
            translated_path = folder / path.name
            if not translated_path.exists():
                continue
            data = _read(translated_path, seed.report)
            prefix = f"chapter/{dutch['slug']}"
            loader.apply(
                Chapter,
                prefix,
                language,
                {
                    "title": data.get("title"),
                    "summary": data.get("summary"),
                    "intro": data.get("intro"),
                },
            )
            _apply_children(loader, language, prefix, data, Section, Action, Testimonial, Source)

        for path, dutch in page_files:
            translated_path = PAGES / "translations" / language / path.name
            if not translated_path.exists():
                continue
            data = _read(translated_path, seed.report)
            prefix = f"page/{dutch['slug']}"
            loader.apply(
                Page,
                prefix,
                language,
                {
                    "title": data.get("title"),
                    "summary": data.get("summary"),
                    "body": data.get("body"),
                },
            )
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
