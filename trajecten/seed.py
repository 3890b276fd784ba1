"""The kit's text as seed files: parts, one file per chapter, and the free pages (trajecten/seed/).

The format is described in seed/README.md. Fields are validated by the models themselves
(`full_clean()`); this module checks only what spans records and files: keys are unique,
chapters name a known part, every cited footnote has its source, every source is listed once.
"""

import re
from pathlib import Path

from django.conf import settings

from content.markup import cited_source_numbers
from content.publishing import Status
from content.seeding import (
    AppSeed,
    SeedSync,
    TranslationLoader,
    model_problems,
    public_url_problems,
    read_toml,
    unique_keys,
)
from content.translation_status import target_languages

from .models import Action, Chapter, Page, Part, Section, Source, Testimonial

NAME_WITH_CONTEXT = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<context>[^()]+)\)$")


def split_name(name: str) -> tuple[str, str]:
    """'Manibu (21, gevlucht uit Pakistan)' -> ('Manibu', '21, gevlucht uit Pakistan')."""
    match = NAME_WITH_CONTEXT.match(name.strip())
    if match:
        return match["name"].strip(), match["context"].strip()
    return name.strip(), ""


class TrajectenSeed(AppSeed):
    seed_dir = settings.BASE_DIR / "trajecten" / "seed"

    parts: list[dict]
    chapters: list[tuple[Path, dict]]
    pages: list[tuple[Path, dict]]

    def read(self, problems: list[str]) -> None:
        parts_file = self.seed_dir / "parts.toml"
        self.parts = read_toml(parts_file, problems).get("parts", []) if parts_file.exists() else []
        self.chapters = [
            (path, read_toml(path, problems))
            for path in sorted(self.seed_dir.glob("[0-9][0-9]-*.toml"))
        ]
        self.pages = [
            (path, read_toml(path, problems))
            for path in sorted((self.seed_dir / "pages").glob("*.toml"))
        ]
        if not problems:
            self.validate(problems)

    def texts(self) -> list[tuple[str, str]]:
        found = []
        for path, data in [*self.chapters, *self.pages]:
            found += [(path.name, data.get("intro", "")), (path.name, data.get("body", ""))]
            found += [
                (f"{path.name} section {s.get('key')}", s.get("body", ""))
                for s in data.get("sections", [])
            ]
            found += [
                (f"{path.name} action {a.get('key')}", a.get("text", ""))
                for a in data.get("actions", [])
            ]
        return found

    def chapter_slugs(self) -> set[str]:
        return {data.get("slug") for _, data in self.chapters}

    def validate(self, problems: list[str]) -> None:
        part_numbers = set()
        for part in self.parts:
            problems += model_problems(
                f"parts.toml part {part.get('number')}",
                Part(
                    number=part.get("number"),
                    title_nl=part.get("title", ""),
                    summary_nl=part.get("summary", ""),
                ),
            )
            part_numbers.add(part.get("number"))

        sources: dict[int, str] = {}
        cited: dict[int, str] = {}
        chapter_paths = {path for path, _ in self.chapters}
        for path, data in [*self.chapters, *self.pages]:
            where = path.name
            if path in chapter_paths:
                problems += model_problems(
                    where,
                    Chapter(
                        number=data.get("number"),
                        slug=data.get("slug", ""),
                        title_nl=data.get("title", ""),
                        summary_nl=data.get("summary", "").strip(),
                        intro_nl=data.get("intro", "").strip(),
                    ),
                    exclude=["part"],
                )
                if data.get("part") not in part_numbers:
                    problems.append(f"{where}: part {data.get('part')!r} is not in parts.toml")
            else:
                problems += model_problems(
                    where,
                    Page(
                        slug=data.get("slug", ""),
                        title_nl=data.get("title", ""),
                        summary_nl=data.get("summary", "").strip(),
                        body_nl=data.get("body", "").strip(),
                        placement=data.get("placement", Page.Placement.CLOSING),
                    ),
                )
            section_keys = unique_keys(where, "sections", data.get("sections", []), problems)
            for section in data.get("sections", []):
                problems += model_problems(
                    f"{where} section {section.get('key')}",
                    Section(
                        key=section.get("key", ""),
                        kind=section.get("kind", Section.Kind.TEXT),
                        title_nl=section.get("title", ""),
                        body_nl=section.get("body", "").strip(),
                    ),
                    exclude=["chapter"],
                )
            unique_keys(where, "actions", data.get("actions", []), problems)
            for action in data.get("actions", []):
                problems += model_problems(
                    f"{where} action {action.get('key')}",
                    Action(text_nl=action.get("text", "").strip()),
                    exclude=["chapter", "section"],
                )
                if action.get("section") and action["section"] not in section_keys:
                    problems.append(
                        f"{where} action {action.get('key')}: no section '{action['section']}'"
                    )
            unique_keys(where, "testimonials", data.get("testimonials", []), problems)
            for testimonial in data.get("testimonials", []):
                name, context = split_name(testimonial.get("name", ""))
                problems += model_problems(
                    f"{where} testimonial {testimonial.get('key')}",
                    Testimonial(
                        name=name,
                        context_nl=context,
                        role=testimonial.get("role", ""),
                        organisation=testimonial.get("organisation", ""),
                        summary_nl=testimonial.get("summary", "").strip(),
                    ),
                    exclude=["chapter", "page", "source"],
                )
            for source in data.get("sources", []):
                number = source.get("number")
                source_where = f"{where} source {number}"
                problems += model_problems(
                    source_where,
                    Source(
                        number=number,
                        title_nl=source.get("title", "").strip(),
                        url=str(source.get("url", "")).strip(),
                    ),
                    exclude=["chapter", "page"],
                )
                problems += public_url_problems(source_where, str(source.get("url", "")).strip())
                if number in sources:
                    problems.append(f"{where}: source {number} is also in {sources[number]}")
                sources[number] = where
            texts = [data.get("intro"), data.get("body")]
            texts += [s.get("body") for s in data.get("sections", [])]
            texts += [a.get("text") for a in data.get("actions", [])]
            for number in set().union(*(cited_source_numbers(t) for t in texts)):
                cited[number] = where
        for number, where in sorted(cited.items()):
            if number not in sources:
                problems.append(f"{where}: cites [^{number}] but no file lists source {number}")

    def load(self, seed: SeedSync, translations: TranslationLoader) -> None:
        parts = {}
        for data in self.parts:
            with self.document(translations, f"part {data['number']}"):
                part = parts[data["number"]] = seed.sync(
                    Part,
                    f"part/{data['number']}",
                    {
                        "number": data["number"],
                        "title_nl": data["title"],
                        "summary_nl": data.get("summary", "").strip(),
                    },
                )
                for language in target_languages():
                    translated = self.translation(language, "parts.toml").get("parts", {})
                    fields = translated.get(str(data["number"]), {})
                    translations.apply(
                        part, f"part/{data['number']}", language,
                        {"title": fields.get("title"), "summary": fields.get("summary")},
                    )  # fmt: skip
        for position, (path, data) in enumerate(self.pages, 1):
            with self.document(translations, f"page {data['slug']}"):
                key = f"page/{data['slug']}"
                page = seed.sync(
                    Page,
                    key,
                    {
                        "slug": data["slug"],
                        "title_nl": data["title"],
                        "summary_nl": data.get("summary", "").strip(),
                        "body_nl": data["body"].strip(),
                        "position": position,
                        "placement": data.get("placement", Page.Placement.CLOSING),
                        "status": Status.PUBLISHED,
                    },
                )
                if page is not None:
                    children = self._load_children(seed, data, page=page)
                    self._translate(
                        translations,
                        ("pages", path.name),
                        page,
                        key,
                        ("title", "summary", "body"),
                        children,
                    )
        for path, data in self.chapters:
            part = parts.get(data["part"]) or Part.objects.filter(number=data["part"]).first()
            if part is None:
                seed.report.messages.append(
                    f"Chapter {data['slug']} skipped: its part was deleted by staff"
                )
                continue
            with self.document(translations, f"chapter {data['slug']}"):
                key = f"chapter/{data['slug']}"
                chapter = seed.sync(
                    Chapter,
                    key,
                    {
                        "part_id": part.pk,
                        "number": data["number"],
                        "slug": data["slug"],
                        "title_nl": data["title"],
                        "summary_nl": data["summary"].strip(),
                        "intro_nl": data.get("intro", "").strip(),
                        "last_checked": data.get("last_checked"),
                        "status": Status.PUBLISHED,
                    },
                )
                if chapter is not None:
                    children = self._load_children(seed, data, chapter=chapter)
                    self._translate(
                        translations,
                        (path.name,),
                        chapter,
                        key,
                        ("title", "summary", "intro"),
                        children,
                    )

    def _load_children(
        self,
        seed: SeedSync,
        data: dict,
        *,
        chapter: Chapter | None = None,
        page: Page | None = None,
    ) -> dict[str, object]:
        """Sources, sections, actions and testimonials of a chapter or page, keyed by seed key."""
        owner = {
            "chapter_id": chapter.pk if chapter else None,
            "page_id": page.pk if page else None,
        }
        prefix = f"chapter/{chapter.slug}" if chapter else f"page/{page.slug}"
        loaded: dict[str, object] = {}

        sources = {}
        for source in data.get("sources", []):
            key = f"source/{source['number']}"
            sources[source["number"]] = loaded[key] = seed.sync(
                Source,
                key,
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
            key = f"{prefix}/section/{section['key']}"
            sections[section["key"]] = loaded[key] = seed.sync(
                Section,
                key,
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
            key = f"{prefix}/action/{action['key']}"
            loaded[key] = seed.sync(
                Action,
                key,
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
            key = f"{prefix}/testimonial/{testimonial['key']}"
            loaded[key] = seed.sync(
                Testimonial,
                key,
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
        return loaded

    def _translate(self, translations, file_parts, document, key, fields, children) -> None:
        """Apply every language's file for one chapter or page: the document, then its children."""
        for language in target_languages():
            data = self.translation(language, *file_parts)
            if not data:
                continue
            translations.apply(document, key, language, {name: data.get(name) for name in fields})
            for child_key, section in data.get("sections", {}).items():
                full = f"{key}/section/{child_key}"
                translations.apply(
                    children.get(full), full, language,
                    {"title": section.get("title"), "body": section.get("body")},
                )  # fmt: skip
            for child_key, action in data.get("actions", {}).items():
                full = f"{key}/action/{child_key}"
                translations.apply(children.get(full), full, language, {"text": action.get("text")})
            for child_key, testimonial in data.get("testimonials", {}).items():
                full = f"{key}/testimonial/{child_key}"
                translations.apply(
                    children.get(full), full, language,
                    {"context": testimonial.get("context"), "summary": testimonial.get("summary")},
                )  # fmt: skip
            for number, title in data.get("sources", {}).items():
                full = f"source/{number}"
                translations.apply(children.get(full), full, language, {"title": title})
