"""The kit's texts as search reads them, held in memory: once per content version and language.

The kit is small (about 8 chapters, 74 sections and 64 "Wat kan jij doen?" actions): matching it
in Python costs less than asking the database, and is the same on SQLite and on PostgreSQL.
Each published chapter, section and action becomes a `Document` with what search needs: its
title and address, the plain text of each searched field (rule tokens read as their values) in
the reader's language and in Dutch, and that text casefolded for substring matching. The stems
of the words are indexed per corpus: stem -> the documents that have it, as a bitmask. The Dutch
texts and their index are read once per content version and shared by every language's corpus
(about 0.6 MB per language for the whole kit).

Words are stemmed with the Snowball algorithms PostgreSQL's text-search configurations use
(snowballstemmer, pure Python): Dutch for the Dutch fields, the reader's language's stemmer for
the others; a language without one (uk, fa, ps, ti, so) keeps its casefolded words, as
PostgreSQL's 'simple' configuration does. So "woningen" finds a section that says "woning".
"""

import re
import threading
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


_stemmers = threading.local()


def _stemmer(language: str):
    """This thread's stemmer for `language` (a Snowball stemmer keeps state while it works, so
    threads, e.g. GUNICORN_THREADS > 1, must not share one)."""
    stemmers = _stemmers.__dict__
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(STEMMERS[language])
    return stemmers[language]


def stem_word(language: str, word: str) -> str:
    """`word` (casefolded) as the language's stemmer reduces it; unchanged without a stemmer."""
    if language not in STEMMERS:
        return word
    return _stemmer(language).stemWord(word)


@lru_cache(maxsize=4096)
def stem(language: str, word: str) -> str:
    """A typed word's stem: query words come again, so they are remembered."""
    return stem_word(language, word)


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
    # Per field: the plain text the reader sees (for snippets), and casefolded (for scoring) that
    # text and the Dutch one (one object when they are the same text).
    own: dict[str, str] = field(default_factory=dict)
    folded: dict[str, tuple[str, str]] = field(default_factory=dict)
    # What substring matching reads: each searched field's casefolded text (the reader's
    # language's own column, and the Dutch one). Stems are matched through the corpus's index.
    haystacks: tuple[str, ...] = ()
    bit: int = 0  # this document's bit in the stem index's masks
    # The title in the reader's language's own column ("" without a translation): near misses.
    own_title: str = ""

    @property
    def chapter_id(self) -> int:
        return self.chapter.pk if self.chapter else self.pk

    def contains(self, options: list[str]) -> bool:
        """True when any option (casefolded) is a substring of one of the fields."""
        # Plain loops: this runs for every document on every search.
        for folded in options:
            for haystack in self.haystacks:
                if folded in haystack:
                    return True
        return False


@dataclass(eq=False)
class Corpus:
    language: str
    chapters: list[Document]
    sections: list[Document]
    actions: list[Document]
    # Stem -> the documents (a bit each) with a word of that stem: the Dutch fields' index
    # (shared by every language's corpus) and the reader's language's own.
    dutch_stems: dict[str, int]
    own_stems: dict[str, int]

    def with_stems(self, stemmed: tuple[str, ...]) -> int:
        """The documents that have every one of these stems (in Dutch or their own language)."""
        if not stemmed:
            return 0
        found = -1  # every document
        for one in stemmed:
            found &= self.dutch_stems.get(one, 0) | self.own_stems.get(one, 0)
            if not found:
                break
        return found

    def matching(self, documents: list[Document], groups) -> list[Document]:
        """The documents that match every query word (group): one of its options is a substring
        of a field, or each word of an option has its stem (by one stemmer) in the document."""
        for options, stemmings in groups:
            by_stem = 0
            for stemmed in stemmings:
                by_stem |= self.with_stems(stemmed)
            documents = [d for d in documents if d.bit & by_stem or d.contains(options)]
        return documents


def index_stems(
    index: dict[str, int], language: str, folded: str, bit: int, known: dict[str, str]
) -> None:
    """Add the stems of the words of `folded` (casefolded text) to `index` for document `bit`;
    `known` remembers each word's stem for one build (a kit has more words than `stem` keeps)."""
    for word in STEM_WORD.findall(folded):
        if word not in known:
            known[word] = stem_word(language, word)
        one = known[word]
        index[one] = index.get(one, 0) | bit


MODELS = {"chapters": Chapter, "sections": Section, "actions": Action}


@dataclass(eq=False)
class DutchTexts:
    texts: dict[tuple[str, int, str], tuple[str, str]]  # (kind, pk, field) -> plain, casefolded
    bits: dict[tuple[str, int], int]  # (kind, pk) -> the document's bit
    stems: dict[str, int]  # stem -> documents


@per_content_version(maxsize=2)
def dutch_texts(version: int) -> DutchTexts:
    """Every searched Dutch field of the published kit as search reads it: plain text (rule
    tokens read in Dutch), casefolded, and the index of their stems. The same for every
    reader's language: one copy per content version, shared by their corpora."""
    dutch = DutchTexts({}, {}, {})
    known: dict[str, str] = {}
    with translation.override("nl"):
        for kind, names in FIELDS.items():
            columns = [f"{name}_nl" for name in names]
            rows = MODELS[kind].objects.published().order_by("pk").values_list("pk", *columns)
            for pk, *values in rows:
                bit = dutch.bits[kind, pk] = 1 << len(dutch.bits)
                for name, value in zip(names, values, strict=True):
                    plain = plain_text(tokens_as_text(value or "", version))
                    folded = plain.casefold()
                    dutch.texts[kind, pk, name] = (plain, folded)
                    index_stems(dutch.stems, "nl", folded, bit, known)
    return dutch


class _Builder:
    def __init__(self, version: int, language: str):
        self.version = version
        self.language = language
        self.known: dict[str, str] = {}  # word -> stem, for this build only
        self.dutch = dutch_texts(version)
        self.own_stems: dict[str, int] = {}

    def text(self, value: str | None, language: str) -> str:
        with translation.override(language):
            return plain_text(tokens_as_text(value or "", self.version))

    def dutch_text(self, value: str | None) -> tuple[str, str]:
        plain = self.text(value, "nl")
        return plain, plain.casefold()

    def document(self, kind: str, obj, **extra) -> Document:
        language = self.language
        # A row missing from the Dutch texts was published while this version was read (an
        # edit racing the build): searchable by substring, without stems, until the next version.
        bit = self.dutch.bits.get((kind, obj.pk), 0)
        own, folded, haystacks = {}, {}, []
        for name in FIELDS[kind]:
            dutch, dutch_folded = self.dutch.texts.get((kind, obj.pk, name)) or self.dutch_text(
                getattr(obj, f"{name}_nl")
            )
            shown = self.text(getattr(obj, name), language)  # with the fallback to Dutch
            if shown == dutch:
                shown, shown_folded = dutch, dutch_folded
            else:
                shown_folded = shown.casefold()
            own[name] = shown
            folded[name] = (shown_folded, dutch_folded)
            haystacks.append(dutch_folded)
            # The translation itself, if any (Dutch shown in its place is searched as Dutch).
            if language != "nl" and getattr(obj, f"{name}_{language}", None):
                haystacks.append(shown_folded)
                index_stems(self.own_stems, language, shown_folded, bit, self.known)
        title = getattr(obj, f"title_{language}", None) or ""
        return Document(
            kind=kind,
            pk=obj.pk,
            own=own,
            folded=folded,
            haystacks=tuple(h for h in haystacks if h),
            bit=bit,
            own_title=own["title"] if title else "",
            **extra,
        )


def _columns(names, language: str) -> list[str]:
    return list(dict.fromkeys(f"{n}_{lang}" for n in names for lang in (language, "nl")))


def _in_reading_order(rows, chapters: dict[int, Document]) -> list:
    """Sections or actions of the chapters in `chapters`, by chapter, then position. A row of a
    chapter missing there was published while this version was read: see _Builder.document."""
    rows = [row for row in rows if row.chapter_id in chapters]
    return sorted(rows, key=lambda row: (chapters[row.chapter_id].number, row.position, row.pk))


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
        for section in _in_reading_order(section_rows, chapters):
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
        for action in _in_reading_order(action_rows, chapters):
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
    return Corpus(
        language, list(chapters.values()), sections, actions, build.dutch.stems, build.own_stems
    )


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
    """A glossary term with its forms and definition casefolded, and what a hit shows of it
    (built once per version and language)."""

    term: GlossaryTerm
    forms: frozenset[str]
    joined_forms: str  # every form, \x00 between them: one `in` finds a word inside any form
    definition: str
    name: str
    url: str


@dataclass(frozen=True)
class FoldedGlossary:
    terms: list[FoldedTerm]
    by_form: dict[str, list[int]]  # a casefolded form -> the positions of its terms in `terms`


def folded_terms(index: TermIndex) -> FoldedGlossary:
    """Read in the active language (names and addresses are the reader's)."""
    folded, by_form = [], {}
    for position, term in enumerate(index.terms):
        forms = [f.casefold() for f in term.surface_forms(index.language)]
        definition = (term.definition or "").casefold()
        folded.append(
            FoldedTerm(
                term,
                frozenset(forms),
                "\x00".join(forms),
                definition,
                term.display_name,
                term.get_absolute_url(),
            )
        )
        for form in forms:
            by_form.setdefault(form, []).append(position)
    return FoldedGlossary(folded, by_form)


@per_content_version(maxsize=12)
def glossary(version: int, language: str) -> tuple[TermIndex, FoldedGlossary]:
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
