"""The glossary as seed files: woordenlijst/seed/glossary.toml and its translations."""

from django.conf import settings

from content.publishing import Status
from content.seeding import (
    AppSeed,
    SeedSync,
    TranslationLoader,
    model_problems,
    read_toml,
    unique_keys,
)
from content.translation_status import target_languages
from trajecten.models import Chapter
from trajecten.seed import TrajectenSeed

from .models import GlossaryTerm


class WoordenlijstSeed(AppSeed):
    seed_dir = settings.BASE_DIR / "woordenlijst" / "seed"

    terms: list[dict]

    def read(self, problems: list[str]) -> None:
        self.terms = read_toml(self.seed_dir / "glossary.toml", problems).get("terms", [])
        if problems:
            return
        chapter_problems: list[str] = []
        kit = TrajectenSeed()
        kit.read(chapter_problems)  # reported by TrajectenSeed itself
        chapter_slugs = kit.chapter_slugs()
        unique_keys("glossary.toml", "terms", self.terms, problems)
        for term in self.terms:
            where = f"glossary.toml {term.get('key')}"
            problems += model_problems(where, self._term(term), exclude=["chapters"])
            unknown = set(term.get("chapters", [])) - chapter_slugs
            if unknown:
                problems.append(f"{where}: unknown chapters {sorted(unknown)}")

    def texts(self) -> list[tuple[str, str]]:
        return [(f"glossary.toml {t.get('key')}", t.get("definition", "")) for t in self.terms]

    @staticmethod
    def _term(data: dict) -> GlossaryTerm:
        return GlossaryTerm(
            key=data.get("key", ""),
            term_nl=data.get("term", "").strip(),
            abbreviation=data.get("abbreviation", "").strip(),
            full_name=data.get("full_name", "").strip(),
            synonyms="\n".join(s.strip() for s in data.get("synonyms", []) if s.strip()),
            definition_nl=data.get("definition", "").strip(),
            status=Status.PUBLISHED,
        )

    def load(self, seed: SeedSync, translations: TranslationLoader) -> None:
        chapters = dict(Chapter.objects.values_list("slug", "pk"))
        names = (
            "key",
            "term_nl",
            "abbreviation",
            "full_name",
            "synonyms",
            "definition_nl",
            "status",
        )
        for data in self.terms:
            with self.document(translations, f"glossary term {data['key']}"):
                key = f"glossary/{data['key']}"
                term = self._term(data)
                synced = seed.sync(
                    GlossaryTerm,
                    key,
                    {name: getattr(term, name) for name in names},
                    m2m={
                        "chapters": [chapters[s] for s in data.get("chapters", []) if s in chapters]
                    },
                )
                for language in target_languages():
                    entry = (
                        self.translation(language, "glossary.toml")
                        .get("terms", {})
                        .get(data["key"], {})
                    )
                    translations.apply(
                        synced,
                        key,
                        language,
                        {
                            "term": entry.get("term"),
                            "definition": entry.get("definition"),
                            # Accepted forms for the term check (inflections, a synonym), one per line.
                            "variants": accepted_forms(entry.get("variants")),
                        },
                    )


def accepted_forms(variants: list[str] | str | None) -> str | None:
    """The file's list of accepted forms as the admin's one-per-line text (None: the file has none)."""
    if variants is None:
        return None
    forms = [variants] if isinstance(variants, str) else variants
    return "\n".join(str(form).strip() for form in forms if str(form).strip())
