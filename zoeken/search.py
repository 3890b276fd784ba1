"""One search over chapters, sections, "Wat kan jij doen?" actions, organisations and glossary terms.

The query is read in the reader's language and in Dutch. Before searching, each word is
  - expanded with its glossary synonyms and abbreviation (OCMW -> Sociaal Huis, CPAS, ...), and
  - corrected when it is not a known word but close to one (inburgerng -> inburgering).

The kit's texts (chapters, sections, actions) are searched in memory, the same way on every
database (zoeken.corpus: built once per content version and language): a text matches a word by
case-insensitive substring or by Snowball stem (the reader's language's stemmer and the Dutch
one, as PostgreSQL's text-search configurations stem: "woningen" finds "woning"). When no
section matches at all, trigram word similarity with the titles (as pg_trgm computes it) finds
near misses. Organisations, whose number grows, stay in the database: matched by
case-insensitive substring (OrganisationQuerySet.containing, one GIN trigram index per language
on PostgreSQL), and ranked in Python. Glossary terms come from the term index.
"""

import difflib
import html
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from content.markup import tokens_as_text
from content.page_cache import content_version
from organisaties.models import Organisation

from .corpus import (
    STEM_WORD,
    WORD,
    Document,
    glossary,
    kit_corpus,
    plain_text,
    stem,
    term_chapters,
    trigrams,
    vocabulary,
    word_similarity,
)

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
PER_KIND = 10
SIMILAR = 0.5  # pg_trgm's default word_similarity_threshold


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    snippet: SafeString
    score: float
    context: str = ""


GROUP_TITLES = {
    "chapters": _("Chapters"),
    "sections": _("In the chapters"),
    "actions": _("What can you do?"),
    "organisations": _("Organisations"),
    "terms": _("Glossary"),
}


@dataclass
class SearchResults:
    query: str
    language: str
    groups: dict[str, list[Hit]] = field(default_factory=dict)
    corrections: dict[str, str] = field(default_factory=dict)

    def titled_groups(self) -> list[tuple[str, str, list[Hit]]]:
        """(kind, heading, hits) in display order, for the template."""
        return [(kind, GROUP_TITLES[kind], hits) for kind, hits in self.groups.items()]


def snippet(text: str, alternatives: list[str], width: int = 90) -> SafeString:
    """A short piece of `text` around the first match, with every match wrapped in <mark>."""
    text = plain_text(text)
    pattern = re.compile(
        "|".join(re.escape(a) for a in sorted(alternatives, key=len, reverse=True)), re.IGNORECASE
    )
    first = pattern.search(text)
    start = max(0, first.start() - width) if first else 0
    piece = text[start : start + 2 * width + 40]
    prefix, suffix = ("… " if start else ""), (" …" if start + len(piece) < len(text) else "")
    marked = pattern.sub(lambda m: f"\x00{m.group(0)}\x01", piece)
    return mark_safe(
        prefix + escape(marked).replace("\x00", "<mark>").replace("\x01", "</mark>") + suffix
    )


class Searcher:
    def __init__(self, language: str, version: int | None = None):
        self.language = language
        self.version = version if version is not None else content_version(None)
        self.index, self.terms = glossary(self.version, language)

    def _snippet(self, text: str, flat: list[str]) -> SafeString:
        """A snippet of a database text, its rule tokens read as their values (the kit's texts
        in the corpus are plain already: they go to `snippet` directly)."""
        return snippet(tokens_as_text(text, self.version), flat)

    # -- the query ----------------------------------------------------------------------------

    def alternatives(self, query: str, results: SearchResults) -> list[list[str]]:
        """For each query word: the word itself, its correction, and its glossary synonyms."""
        words = WORD.findall(query)[:MAX_WORDS]
        whole = self.index.expansions(
            query.strip()
        )  # a multi-word term typed whole, e.g. "Bijlage 26"
        if whole and len(words) > 1:
            return [whole]
        groups = []
        for word in words:
            options = [word, *self.index.expansions(word)]
            if len(word) >= 5 and not self.index.term_for(word):
                known = vocabulary(self.version, self.language)  # remembered per version
                if word.casefold() not in known:
                    close = difflib.get_close_matches(word.casefold(), known, n=1, cutoff=0.8)
                    if close:
                        results.corrections[word] = close[0]
                        options += [close[0], *self.index.expansions(close[0])]
            groups.append(list(dict.fromkeys(options)))
        return groups

    # -- matching -------------------------------------------------------------------------------

    def localised(self, *names: str) -> list[str]:
        fields = []
        for name in names:
            fields += [f"{name}_{self.language}", f"{name}_nl"]
        return list(dict.fromkeys(fields))

    def prepared(self, groups: list[list[str]]) -> list[tuple[list[str], list[tuple[str, ...]]]]:
        """Each word (group): its options casefolded, and each option's words' stems by the
        reader's stemmer and by the Dutch one (zoeken.corpus matches them)."""
        stemmers = dict.fromkeys([self.language, "nl"])
        prepared = []
        for options in groups:
            folded = [option.casefold() for option in options]
            stemmings = [
                tuple(dict.fromkeys(stem(language, word) for word in words))
                for option in folded
                if (words := STEM_WORD.findall(option))
                for language in stemmers
            ]
            prepared.append((folded, list(dict.fromkeys(stemmings))))
        return prepared

    @staticmethod
    def fuzzy(documents: list[Document], groups) -> list[Document]:
        """Near misses (typos) for a query that matched nothing: pg_trgm's word similarity of the
        typed words with each title in the reader's language, most similar first."""
        query = trigrams(" ".join(g[0] for g in groups))
        similar = [(word_similarity(query, trigrams(doc.own_title)), doc) for doc in documents]
        similar = [(score, doc) for score, doc in similar if score >= SIMILAR]
        return [doc for _, doc in sorted(similar, key=lambda pair: -pair[0])][:PER_KIND]

    # -- the search -----------------------------------------------------------------------------

    def search(self, query: str) -> SearchResults:
        results = SearchResults(query=query, language=self.language)
        groups = self.alternatives(query, results)
        if not groups:
            return results
        flat = [option for options in groups for option in options]

        corpus = kit_corpus(self.version, self.language)
        prepared = self.prepared(groups)
        found_sections = corpus.matching(corpus.sections, prepared)
        if not found_sections:
            found_sections = self.fuzzy(corpus.sections, groups)
        found_chapters = corpus.matching(corpus.chapters, prepared)
        if not found_chapters and not found_sections:
            found_chapters = self.fuzzy(corpus.chapters, groups)
        found_actions = corpus.matching(corpus.actions, prepared)

        # Thousands of organisations, and more each year: matched by substring in the database
        # (one GIN trigram index per language on PostgreSQL), reading only what a hit shows; a
        # bounded batch is ranked below.
        organisations = (
            Organisation.objects.published()
            .containing(groups, self.language)
            .only("pk", "slug", "name", "abbreviation", *self.localised("description"))
        )
        found_organisations = list(organisations[:200])

        results.groups["chapters"] = self._chapter_hits(
            found_chapters,
            found_sections,
            found_actions,
            flat,
            home_chapters=self._home_chapters(groups),
        )
        results.groups["sections"] = self._section_hits(found_sections, flat)
        results.groups["actions"] = sorted(
            (
                Hit(
                    "actions",
                    action.title,
                    action.url,
                    snippet(action.own["text"], flat),
                    self._score(action.own["text"], flat),
                )
                for action in found_actions  # in reading order: ties keep it
            ),
            key=lambda hit: -hit.score,
        )[:PER_KIND]
        # Ranked first, and only the ten shown get a snippet and an address.
        scored = sorted(
            (
                (
                    self._score(f"{org.name} {org.abbreviation}", flat) * 5
                    + self._score(org.description, flat),
                    org,
                )
                for org in found_organisations
            ),
            key=lambda pair: -pair[0],
        )[:PER_KIND]
        results.groups["organisations"] = [
            Hit(
                "organisations",
                str(org),
                org.get_absolute_url(),
                self._snippet(org.description, flat),
                score,
            )
            for score, org in scored
        ]
        results.groups["terms"] = self._term_hits(flat)
        results.groups = {kind: hits for kind, hits in results.groups.items() if hits}
        return results

    @staticmethod
    def _score(text: str, alternatives: list[str]) -> float:
        lowered = (text or "").casefold()
        return float(sum(lowered.count(a.casefold()) for a in alternatives))

    def _both(self, doc: Document, name: str) -> str:
        """A field in the reader's language and in Dutch: a Dutch word typed on an Arabic page
        counts in both (casefolded once, when the corpus was built)."""
        text, dutch = doc.folded[name]
        return text if self.language == "nl" else f"{text} {dutch}"

    def _home_chapters(self, groups) -> set[int]:
        """The chapters the glossary names for the terms in the query (from memory)."""
        terms = {
            term.pk
            for options in groups
            for option in options
            if (term := self.index.term_for(option))
        }
        if not terms:
            return set()
        chapters = term_chapters(self.version)
        return {chapter for term in terms for chapter in chapters.get(term, ())}

    def _chapter_hits(
        self, chapters, sections, actions, flat, home_chapters=frozenset()
    ) -> list[Hit]:
        """A chapter ranks by its own fields, by what its sections and actions matched, and by the glossary."""
        scores: dict[int, float] = {pk: 25.0 for pk in home_chapters}
        by_pk = {c.pk: c for c in chapters}
        for chapter in chapters:
            scores[chapter.pk] = scores.get(chapter.pk, 0) + (
                10 * self._score(self._both(chapter, "title"), flat)
                + 3 * self._score(self._both(chapter, "summary"), flat)
                + self._score(self._both(chapter, "intro"), flat)
            )
        for section in sections:
            by_pk.setdefault(section.chapter_id, section.chapter)
            scores[section.chapter_id] = (
                scores.get(section.chapter_id, 0)
                + 2 * self._score(self._both(section, "title"), flat)
                + self._score(self._both(section, "body"), flat)
            )
        for action in actions:
            by_pk.setdefault(action.chapter_id, action.chapter)
            scores[action.chapter_id] = scores.get(action.chapter_id, 0) + self._score(
                self._both(action, "text"), flat
            )
        ranked = sorted(by_pk.values(), key=lambda c: (-scores.get(c.pk, 0), c.number))
        return [
            Hit(
                "chapters",
                chapter.title,
                chapter.url,
                snippet(chapter.own["summary"], flat),
                scores.get(chapter.pk, 0),
            )
            for chapter in ranked[:PER_KIND]
        ]

    def _section_hits(self, sections, flat) -> list[Hit]:
        hits = [
            Hit(
                "sections",
                section.title,
                section.url,
                snippet(section.own["body"], flat),
                3 * self._score(self._both(section, "title"), flat)
                + self._score(self._both(section, "body"), flat),
                context=section.chapter.title,
            )
            for section in sections
        ]
        return sorted(hits, key=lambda hit: -hit.score)[:PER_KIND]

    def _term_hits(self, flat) -> list[Hit]:
        """Terms with a form typed whole (10), a word inside one of their forms (3), or a word
        in their definition (1); one pass over the terms per word, and only the ten shown get
        a snippet."""
        wanted = {a.casefold() for a in flat}
        terms = self.terms.terms
        scores: dict[int, int] = {}
        for word in (w for w in wanted if len(w) >= 4):
            scores.update((i, 1) for i, t in enumerate(terms) if word in t.definition)
        for word in (w for w in wanted if len(w) >= 3 and "\x00" not in w):
            scores.update((i, 3) for i, t in enumerate(terms) if word in t.joined_forms)
        scores.update((i, 10) for word in wanted for i in self.terms.by_form.get(word, ()))
        shown = sorted(scores, key=lambda i: (-scores[i], i))[:PER_KIND]
        return [
            Hit(
                "terms",
                terms[i].name,
                terms[i].url,
                self._snippet(terms[i].term.definition, flat),
                scores[i],
            )
            for i in shown
        ]


def clean_query(raw: str) -> str:
    """Collapse white space and drop control characters; HTML is escaped on output, not here."""
    text = html.unescape(raw or "")
    text = "".join(ch for ch in text if ch.isprintable())
    return " ".join(text.split())


def search(query: str, language: str, version: int | None = None) -> SearchResults:
    return Searcher(language, version=version).search(query)
