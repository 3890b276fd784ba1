"""The kit's texts as search reads them, held in memory: once per content version and language.

The kit is small (about 8 chapters, 74 sections and 64 "Wat kan jij doen?" actions): matching it
in Python costs less than asking the database, and is the same on SQLite and on PostgreSQL.
Each published chapter, section and action becomes a `Document` with what search needs: its
title and address, the plain text of each searched field (rule tokens read as their values) in
the reader's language and in Dutch, that text casefolded for substring matching, and the stems
of its words.

Words are stemmed with the Snowball algorithms PostgreSQL's text-search configurations use
(snowballstemmer, pure Python): Dutch for the Dutch fields, the reader's language's stemmer for
the others; a language without one (uk, fa, ps, ti, so) keeps its casefolded words, as
PostgreSQL's 'simple' configuration does. So "woningen" finds a section that says "woning".
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from django.utils import translation

from content.markup import tokens_as_text
from content.memo import per_content_version
from organisaties.models import Organisation
from trajecten.models import Action, Chapter, Section
from woordenlijst.models import GlossaryTerm
from woordenlijst.terms import TermIndex, term_index

MARKDOWN_NOISE = re.compile(r"\[\^\d+\]|\]\([^)]*\)|[*_#>\[\]`]")
# A typed word, and a word of a title or glossary form (the vocabulary of corrections).
WORD = re.compile(r"[\w][\w'’-]*", re.UNICODE)
# The pieces a text's words are stemmed in (PostgreSQL's parser also splits at - and ').
STEM_WORD = re.compile(r"\w+", re.UNICODE)
# The Snowball stemmer of each language that PostgreSQL has a text-search configuration for.
# PostgreSQL's 'dutch' is the original Snowball Dutch stemmer, which Snowball 3 renamed
# dutch_porter (its new 'dutch' reduces taalles to taal and woning to woon: too eager for search).
STEMMERS = {"nl": "dutch_porter", "fr": "french", "en": "english", "ar": "arabic", "tr": "turkish"}
# What each kind of document is searched in (the reader's language and Dutch).
FIELDS = {
    "chapters": ("title", "summary", "intro"),
    "sections": ("title", "body"),
    "actions": ("text",),
}


def plain_text(markdown_text: str) -> str:
    return " ".join(MARKDOWN_NOISE.sub("", markdown_text or "").split())


@lru_cache(maxsize=len(STEMMERS))
def _stemmer(language: str):
    return snowballstemmer.stemmer(STEMMERS[language])


@lru_cache(maxsize=65536)
def stem(language: str, word: str) -> str:
    """`word` (casefolded) as the language's stemmer reduces it; unchanged without a stemmer."""
    if language not in STEMMERS:
        return word
    return _stemmer(language).stemWord(word)


def stems(language: str, text: str) -> set[str]:
    return {stem(language, word) for word in STEM_WORD.findall(text.casefold())}


def trigrams(text: str) -> frozenset[str]:
    """pg_trgm's trigrams of a text: of each word, lower-cased, two spaces before and one after."""
    grams = set()
    for word in STEM_WORD.findall((text or "").casefold()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def word_similarity(query: frozenset[str], text: frozenset[str]) -> float:
    """pg_trgm's word_similarity(query, text) from both trigram sets: the share of the query's
    trigrams that the text has (word_similarity('word', 'two words') = 0.8)."""
    return len(query & text) / len(query) if query else 0.0


@dataclass(eq=False)
class Document:
    """One chapter, section or action as search reads it (shared by every request: read only)."""

    kind: str
    pk: int
    title: str  # in the reader's language (Dutch where it has no translation yet)
    url: str
    number: int = 0  # the chapter's number (a chapter's own, or the one it belongs to)
    chapter: "Document | None" = None
    # Per field: the plain text the reader sees (for snippets), and the casefolded text of the
    # reader's language and Dutch together (for scoring).
    own: dict[str, str] = field(default_factory=dict)
    both: dict[str, str] = field(default_factory=dict)
    # What matching reads: each searched field's casefolded plain text (the reader's language's
    # own column, and the Dutch one), and the stems of all their words.
    haystacks: tuple[str, ...] = ()
    stems: frozenset[str] = frozenset()
    # The trigrams of the title in the reader's language's own column, for near misses.
    title_trigrams: frozenset[str] = frozenset()

    @property
    def chapter_id(self) -> int:
        return self.chapter.pk if self.chapter else self.pk

    def matches(self, options: list[tuple[str, tuple[frozenset[str], ...]]]) -> bool:
        """True when any option (casefolded, with its words' stems by each stemmer) is a substring
        of one of the fields, or each of its words' stems is among the document's."""
        for folded, stemmings in options:
            if any(folded in haystack for haystack in self.haystacks):
                return True
            if any(stemmed and stemmed <= self.stems for stemmed in stemmings):
                return True
        return False


@dataclass(eq=False)
class Corpus:
    language: str
    chapters: list[Document]
    sections: list[Document]
    actions: list[Document]


class _Builder:
    def __init__(self, version: int, language: str):
        self.version = version
        self.language = language

    def text(self, value: str | None, language: str) -> str:
        with translation.override(language):
            return plain_text(tokens_as_text(value or "", self.version))

    def document(self, kind: str, obj, **extra) -> Document:
        language = self.language
        own, both, haystacks, words = {}, {}, [], set()
        for name in FIELDS[kind]:
            shown = self.text(getattr(obj, name), language)  # with the fallback to Dutch
            dutch = self.text(getattr(obj, f"{name}_nl"), "nl")
            own[name] = shown
            both[name] = (shown if language == "nl" else f"{shown} {dutch}").casefold()
            haystacks.append(dutch.casefold())
            words |= stems("nl", dutch)
            if language != "nl":
                # Only the translation itself: Dutch fallback text is searched as Dutch above.
                translated = self.text(getattr(obj, f"{name}_{language}"), language)
                if translated:
                    haystacks.append(translated.casefold())
                    words |= stems(language, translated)
        title = getattr(obj, f"title_{language}", None) or ""
        return Document(
            kind=kind,
            pk=obj.pk,
            own=own,
            both=both,
            haystacks=tuple(h for h in haystacks if h),
            stems=frozenset(words),
            title_trigrams=trigrams(self.text(title, language)),
            **extra,
        )


def _columns(names, language: str) -> list[str]:
    return list(dict.fromkeys(f"{n}_{lang}" for n in names for lang in (language, "nl")))


@per_content_version(maxsize=12)
def kit_corpus(version: int, language: str) -> Corpus:
    """The published chapters, sections and actions in `language`, in reading order."""
    build = _Builder(version, language)
    with translation.override(language):
        chapter_rows = Chapter.objects.published().only(
            "pk", "number", "slug", *_columns(FIELDS["chapters"], language)
        )
        chapters = {}
        for chapter in chapter_rows.order_by("number"):
            chapters[chapter.pk] = build.document(
                "chapters",
                chapter,
                title=chapter.title,
                url=chapter.get_absolute_url(),
                number=chapter.number,
            )
        sections = []
        section_rows = Section.objects.published().only(
            "pk", "chapter_id", "key", "position", *_columns(FIELDS["sections"], language)
        )
        for section in sorted(
            section_rows, key=lambda s: (chapters[s.chapter_id].number, s.position, s.pk)
        ):
            chapter = chapters[section.chapter_id]
            sections.append(
                build.document(
                    "sections",
                    section,
                    title=section.title,
                    url=f"{chapter.url}#{section.key}",
                    number=chapter.number,
                    chapter=chapter,
                )
            )
        actions = []
        action_rows = (
            Action.objects.published()
            .select_related("section")
            .only(
                "pk",
                "chapter_id",
                "position",
                "section__key",
                *_columns(FIELDS["actions"], language),
            )
        )
        for action in sorted(
            action_rows, key=lambda a: (chapters[a.chapter_id].number, a.position, a.pk)
        ):
            chapter = chapters[action.chapter_id]
            anchor = action.section.key if action.section_id else "wat-kan-jij-doen"
            actions.append(
                build.document(
                    "actions",
                    action,
                    title=chapter.title,
                    url=f"{chapter.url}#{anchor}",
                    number=chapter.number,
                    chapter=chapter,
                )
            )
    return Corpus(language, list(chapters.values()), sections, actions)


@per_content_version(maxsize=12)
def vocabulary(version: int, language: str) -> frozenset[str]:
    """Words worth correcting towards: glossary forms, chapter and section titles (in the reader's
    language and Dutch) and organisations' abbreviations."""
    words: set[str] = set()
    for term in term_index(version, language).terms:
        for form in term.surface_forms(language):
            words.update(w.casefold() for w in WORD.findall(form))
    columns = _columns(["title"], language)
    for model in (Chapter, Section):
        for titles in model.objects.published().values_list(*columns):
            for title in titles:
                words.update(w.casefold() for w in WORD.findall(title or ""))
    abbreviations = (
        Organisation.objects.published()
        .exclude(abbreviation="")
        .values_list("abbreviation", flat=True)
    )
    words.update(name.casefold() for name in abbreviations)
    return frozenset(w for w in words if len(w) >= 4)


@dataclass(frozen=True)
class FoldedTerm:
    """A glossary term with its forms and definition casefolded (built once per version)."""

    term: GlossaryTerm
    forms: frozenset[str]
    joined_forms: str  # every form, \x00 between them: one `in` finds a word inside any form
    definition: str


def folded_terms(index: TermIndex) -> list[FoldedTerm]:
    folded = []
    for term in index.terms:
        forms = [f.casefold() for f in term.surface_forms(index.language)]
        definition = (term.definition or "").casefold()
        folded.append(FoldedTerm(term, frozenset(forms), "\x00".join(forms), definition))
    return folded


@per_content_version(maxsize=12)
def glossary(version: int, language: str) -> tuple[TermIndex, list[FoldedTerm]]:
    """The term index and its terms with forms and definition casefolded once (read in
    `language`): one build of the index, also when an uncommitted edit bypasses the memory."""
    index = term_index(version, language)
    with translation.override(language):
        return index, folded_terms(index)


@per_content_version(maxsize=4)
def term_chapters(version: int) -> dict[int, frozenset[int]]:
    """The chapters the glossary names for each term."""
    chapters: dict[int, set[int]] = {}
    through = GlossaryTerm.chapters.through.objects.values_list("glossaryterm_id", "chapter_id")
    for term_id, chapter_id in through:
        chapters.setdefault(term_id, set()).add(chapter_id)
    return {term_id: frozenset(ids) for term_id, ids in chapters.items()}
