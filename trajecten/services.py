"""Load the starterskit's seed files (trajecten/seed, content/seed) into the database.

Used by `manage.py load_starterskit`. The files are validated as a whole first, so a typo
never leaves half a kit behind; then every object goes through content.seeding.SeedSync,
which never overwrites or re-creates what staff changed in the admin.
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from content.models import ContentVersion, GlossaryTerm, Page
from content.seed_translations import load_translations
from content.seeding import SeedReport, SeedSync
from organisaties.services import OrganisationSeedFiles, load_organisations
from vluchtwijzer.markup import cited_source_numbers
from vluchtwijzer.publishing import Status

from .models import Action, Chapter, Part, Section, Source, Testimonial

CHAPTER_SEED_DIR = settings.BASE_DIR / "trajecten" / "seed"
PAGE_SEED_DIR = settings.BASE_DIR / "content" / "seed" / "pages"
NAME_WITH_CONTEXT = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<context>[^()]+)\)$")
FORBIDDEN_URL_PARTS = ("file:", "sharepoint")


class SeedError(Exception):
    """The seed files are wrong; the message lists every problem with file and field."""


@dataclass
class SeedFiles:
    parts: list[dict]
    chapters: list[tuple[Path, dict]]
    pages: list[tuple[Path, dict]]
    glossary: list[dict]

    @classmethod
    def read(cls, chapter_dir: Path | None = None, page_dir: Path | None = None) -> "SeedFiles":
        chapter_dir = chapter_dir or CHAPTER_SEED_DIR
        page_dir = page_dir or PAGE_SEED_DIR
        problems: list[str] = []

        def parse(path: Path) -> dict:
            try:
                with path.open("rb") as fh:
                    return tomllib.load(fh)
            except (OSError, tomllib.TOMLDecodeError) as exc:
                problems.append(f"{path.name}: cannot be read: {exc}")
                return {}

        parts_file = chapter_dir / "parts.toml"
        parts = parse(parts_file).get("parts", []) if parts_file.exists() else []
        chapters = [(p, parse(p)) for p in sorted(chapter_dir.glob("[0-9][0-9]-*.toml"))]
        pages = [(p, parse(p)) for p in sorted(page_dir.glob("*.toml"))]
        glossary_file = page_dir.parent / "glossary.toml"
        glossary = parse(glossary_file).get("terms", []) if glossary_file.exists() else []
        if problems:
            raise SeedError("\n".join(problems))
        files = cls(parts=parts, chapters=chapters, pages=pages, glossary=glossary)
        files.validate()
        return files

    def validate(self) -> None:
        problems: list[str] = []
        url_ok = URLValidator(schemes=["http", "https"])

        def need(where: str, data: dict, *names: str) -> None:
            for name in names:
                if not str(data.get(name, "")).strip():
                    problems.append(f"{where}: '{name}' is missing or empty")

        part_numbers = set()
        for part in self.parts:
            need("parts.toml", part, "number", "title")
            part_numbers.add(part.get("number"))

        all_sources: dict[int, str] = {}
        all_cited: dict[int, str] = {}
        for path, data in [*self.chapters, *self.pages]:
            where = path.name
            if path in dict(self.chapters):
                need(where, data, "slug", "number", "part", "title", "summary")
                if data.get("part") not in part_numbers:
                    problems.append(f"{where}: part {data.get('part')!r} is not in parts.toml")
            else:
                need(where, data, "slug", "title", "body")
            section_keys = [s.get("key") for s in data.get("sections", [])]
            if len(section_keys) != len(set(section_keys)):
                problems.append(f"{where}: two sections share a key")
            for i, section in enumerate(data.get("sections", []), 1):
                need(f"{where} section {i}", section, "key", "title", "body")
                if section.get("kind", "text") not in Section.Kind.values:
                    problems.append(
                        f"{where} section {section.get('key')}: kind must be one of {Section.Kind.values}"
                    )
            for i, action in enumerate(data.get("actions", []), 1):
                need(f"{where} action {i}", action, "key", "text")
                if action.get("section") and action["section"] not in section_keys:
                    problems.append(
                        f"{where} action {action.get('key')}: no section '{action['section']}'"
                    )
            for i, testimonial in enumerate(data.get("testimonials", []), 1):
                need(f"{where} testimonial {i}", testimonial, "key", "name", "role", "summary")
                if testimonial.get("role") not in Testimonial.Role.values:
                    problems.append(
                        f"{where} testimonial {testimonial.get('key')}: role must be one of {Testimonial.Role.values}"
                    )
            for source in data.get("sources", []):
                number = source.get("number")
                need(f"{where} source {number}", source, "number", "title", "url")
                if number in all_sources:
                    problems.append(f"{where}: source {number} is also in {all_sources[number]}")
                all_sources[number] = where
                url = str(source.get("url", ""))
                if any(bad in url.lower() for bad in FORBIDDEN_URL_PARTS):
                    problems.append(
                        f"{where} source {number}: local or intranet link {url!r} may not be published"
                    )
                try:
                    url_ok(url)
                except ValidationError:
                    problems.append(f"{where} source {number}: {url!r} is not a valid http(s) URL")
            texts = [data.get("intro"), data.get("body")]
            texts += [s.get("body") for s in data.get("sections", [])]
            texts += [a.get("text") for a in data.get("actions", [])]
            for number in set().union(*(cited_source_numbers(t) for t in texts)):
                all_cited[number] = where
        chapter_slugs = {data.get("slug") for _, data in self.chapters}
        glossary_keys = set()
        for term in self.glossary:
            need(f"glossary.toml {term.get('key')}", term, "key", "term", "definition")
            if term.get("key") in glossary_keys:
                problems.append(f"glossary.toml: the key {term.get('key')!r} is used twice")
            glossary_keys.add(term.get("key"))
            unknown = set(term.get("chapters", [])) - chapter_slugs
            if unknown:
                problems.append(
                    f"glossary.toml {term.get('key')}: unknown chapters {sorted(unknown)}"
                )
        for number, where in sorted(all_cited.items()):
            if number not in all_sources:
                problems.append(f"{where}: cites [^{number}] but no file lists source {number}")
        if problems:
            raise SeedError("\n".join(problems))


def split_name(name: str) -> tuple[str, str]:
    """'Manibu (21, gevlucht uit Pakistan)' -> ('Manibu', '21, gevlucht uit Pakistan')."""
    match = NAME_WITH_CONTEXT.match(name.strip())
    if match:
        return match["name"].strip(), match["context"].strip()
    return name.strip(), ""


def load_starterskit(
    files: SeedFiles | None = None, organisation_files: OrganisationSeedFiles | None = None
) -> SeedReport:
    """Write the seed files to the database in one transaction and one reversion revision."""
    files = files or SeedFiles.read()
    organisation_files = organisation_files or OrganisationSeedFiles.read()
    report = SeedReport()
    seed = SeedSync(report)
    with transaction.atomic(), reversion.create_revision():
        reversion.set_comment("Loaded from the starterskit seed files (load_starterskit)")
        parts = {}
        for data in files.parts:
            parts[data["number"]] = seed.sync(
                Part,
                f"part/{data['number']}",
                {
                    "number": data["number"],
                    "title_nl": data["title"],
                    "summary_nl": data.get("summary", "").strip(),
                },
            )
        for position, (_, data) in enumerate(files.pages, 1):
            page = seed.sync(
                Page,
                f"page/{data['slug']}",
                {
                    "slug": data["slug"],
                    "title_nl": data["title"],
                    "summary_nl": data.get("summary", "").strip(),
                    "body_nl": data["body"].strip(),
                    "position": position,
                    "status": Status.PUBLISHED,
                },
            )
            if page is not None:
                _load_children(seed, data, page=page)
        for _, data in files.chapters:
            part = parts.get(data["part"]) or Part.objects.filter(number=data["part"]).first()
            if part is None:
                report.messages.append(
                    f"Chapter {data['slug']} skipped: its part was deleted by staff"
                )
                continue
            chapter = seed.sync(
                Chapter,
                f"chapter/{data['slug']}",
                {
                    "part_id": part.pk,
                    "number": data["number"],
                    "slug": data["slug"],
                    "title_nl": data["title"],
                    "summary_nl": data["summary"].strip(),
                    "intro_nl": data.get("intro", "").strip(),
                    "status": Status.PUBLISHED,
                },
            )
            if chapter is not None:
                _load_children(seed, data, chapter=chapter)
        load_organisations(seed, organisation_files)
        load_glossary(seed, files.glossary)
        load_translations(seed, files.chapters, files.pages)
        ContentVersion.bump()  # bulk writes send no signals
    return report


def _load_children(
    seed: SeedSync, data: dict, *, chapter: Chapter | None = None, page: Page | None = None
) -> None:
    owner = {"chapter_id": chapter.pk if chapter else None, "page_id": page.pk if page else None}
    prefix = f"chapter/{chapter.slug}" if chapter else f"page/{page.slug}"

    sources = {}
    for source in data.get("sources", []):
        sources[source["number"]] = seed.sync(
            Source,
            f"source/{source['number']}",
            {
                **owner,
                "number": source["number"],
                "title_nl": source["title"].strip(),
                "url": source["url"].strip(),
                "note": source.get("note", "").strip(),
            },
        )

    sections = {}
    for position, section in enumerate(data.get("sections", []), 1):
        sections[section["key"]] = seed.sync(
            Section,
            f"{prefix}/section/{section['key']}",
            {
                "chapter_id": chapter.pk,
                "position": position,
                "key": section["key"],
                "kind": section.get("kind", Section.Kind.TEXT),
                "title_nl": section["title"].strip(),
                "body_nl": section["body"].strip(),
            },
        )

    for position, action in enumerate(data.get("actions", []), 1):
        section = sections.get(action.get("section"))
        seed.sync(
            Action,
            f"{prefix}/action/{action['key']}",
            {
                "chapter_id": chapter.pk,
                "section_id": section.pk if section else None,
                "position": position,
                "text_nl": action["text"].strip(),
            },
        )

    for position, testimonial in enumerate(data.get("testimonials", []), 1):
        name, context = split_name(testimonial["name"])
        source = sources.get(testimonial.get("source")) or (
            Source.objects.filter(number=testimonial["source"]).first()
            if testimonial.get("source")
            else None
        )
        seed.sync(
            Testimonial,
            f"{prefix}/testimonial/{testimonial['key']}",
            {
                **owner,
                "position": position,
                "name": name,
                "context_nl": context,
                "role": testimonial["role"],
                "organisation": testimonial.get("organisation", "").strip(),
                "summary_nl": testimonial["summary"].strip(),
                "source_id": source.pk if source else None,
            },
        )


def load_glossary(seed: SeedSync, terms: list[dict]) -> None:
    chapters = dict(Chapter.objects.values_list("slug", "pk"))
    for data in terms:
        seed.sync(
            GlossaryTerm,
            f"glossary/{data['key']}",
            {
                "key": data["key"],
                "term_nl": data["term"].strip(),
                "abbreviation": data.get("abbreviation", "").strip(),
                "full_name": data.get("full_name", "").strip(),
                "synonyms": "\n".join(s.strip() for s in data.get("synonyms", []) if s.strip()),
                "definition_nl": data["definition"].strip(),
                "status": Status.PUBLISHED,
            },
            m2m={"chapters": [chapters[s] for s in data.get("chapters", []) if s in chapters]},
        )
