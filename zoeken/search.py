"""One search over chapters, sections, "Wat kan jij doen?" actions, organisations and glossary terms.

The query is read in the reader's language and in Dutch. Before searching, each word is
  - expanded with its glossary synonyms and abbreviation (OCMW -> Sociaal Huis, CPAS, ...), and
  - corrected when it is not a known word but close to one (inburgerng -> inburgering).
On PostgreSQL the matching is full-text search with the language's text-search configuration,
ranked, plus trigram similarity (pg_trgm) for near misses; on SQLite it is case-insensitive
substring matching with a simple ranking. Both give the same results for plain words.
"""

import difflib
import html
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from content.lookups import every_group_in_any_field
from content.markup import tokens_as_text
from content.page_cache import content_version
from content.translation_status import other_languages
from organisaties.models import Organisation
from trajecten.models import Action, Chapter, Section
from woordenlijst.models import GlossaryTerm
from woordenlijst.terms import TermIndex, term_index

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
PER_KIND = 10
WORD = re.compile(r"[\w][\w'’-]*", re.UNICODE)
MARKDOWN_NOISE = re.compile(r"\[\^\d+\]|\]\([^)]*\)|[*_#>\[\]`]")
# PostgreSQL's text-search configuration per language; languages without a stemmer in
# PostgreSQL (uk, fa, ps, ti, so) use "simple": exact words, lower-cased.
PG_CONFIG = {"nl": "dutch", "fr": "french", "en": "english", "ar": "arabic", "tr": "turkish"}


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


def plain_text(markdown_text: str) -> str:
    return " ".join(MARKDOWN_NOISE.sub("", markdown_text or "").split())


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
    def __init__(self, language: str, index: TermIndex | None = None, version: int | None = None):
        self.language = language
        self.version = version if version is not None else content_version(None)
        self.index = index or term_index(self.version, language)
        self.postgres = connection.vendor == "postgresql"

    def _snippet(self, text: str, flat: list[str]) -> SafeString:
        """A snippet of `text` with its rule tokens read as their values."""
        return snippet(tokens_as_text(text, self.version), flat)

    # -- the query ----------------------------------------------------------------------------

    def vocabulary(self) -> set[str]:
        """Words worth correcting towards: glossary forms and chapter, section and organisation titles."""
        words: set[str] = set()
        for term in self.index.terms:
            for form in term.surface_forms(self.language):
                words.update(w.casefold() for w in WORD.findall(form))
        for field_name in (f"title_{self.language}", "title_nl"):
            for title in Chapter.objects.published().values_list(field_name, flat=True):
                words.update(w.casefold() for w in WORD.findall(title or ""))
            for title in Section.objects.published().values_list(field_name, flat=True):
                words.update(w.casefold() for w in WORD.findall(title or ""))
        for name in (
            Organisation.objects.published()
            .values_list("abbreviation", flat=True)
            .exclude(abbreviation="")
        ):
            words.add(name.casefold())
        return {w for w in words if len(w) >= 4}

    def alternatives(self, query: str, results: SearchResults) -> list[list[str]]:
        """For each query word: the word itself, its correction, and its glossary synonyms."""
        words = WORD.findall(query)[:MAX_WORDS]
        whole = self.index.expansions(
            query.strip()
        )  # a multi-word term typed whole, e.g. "Bijlage 26"
        if whole and len(words) > 1:
            return [whole]
        vocabulary = None
        groups = []
        for word in words:
            options = [word, *self.index.expansions(word)]
            if len(word) >= 5 and not self.index.term_for(word):
                vocabulary = vocabulary if vocabulary is not None else self.vocabulary()
                if word.casefold() not in vocabulary:
                    close = difflib.get_close_matches(word.casefold(), vocabulary, n=1, cutoff=0.8)
                    if close:
                        results.corrections[word] = close[0]
                        options += [close[0], *self.index.expansions(close[0])]
            groups.append(list(dict.fromkeys(options)))
        return groups

    # -- matching -------------------------------------------------------------------------------

    def condition(self, groups: list[list[str]], fields: list[str]) -> Q:
        """Every query word (group) must match, in any of its alternatives, in any of the fields."""
        return every_group_in_any_field(groups, fields)

    def unread(self, model, prefix: str = "") -> list[str]:
        """The translated columns a search in this language never reads (ten languages make every
        row ten times as wide)."""
        return other_languages(model, self.language, prefix)

    def localised(self, *names: str) -> list[str]:
        fields = []
        for name in names:
            fields += [f"{name}_{self.language}", f"{name}_nl"]
        return list(dict.fromkeys(fields))

    def matching(self, queryset, groups, fields):
        """Filter (and on PostgreSQL rank) `queryset` by the query word groups over `fields`.

        PostgreSQL: a row matches by full-text search (the reader's language's configuration for
        its fields, Dutch for the Dutch fields: so "woningen" finds "woning") or by substring; it is
        ranked with ts_rank. Elsewhere: substring matching, ranked later in Python.
        """
        condition = self.condition(groups, fields)
        if not self.postgres:
            return queryset.filter(condition)
        config = PG_CONFIG.get(self.language, "simple")
        own = [f for f in fields if f.endswith(f"_{self.language}") or "_" not in f]
        dutch = [f for f in fields if f.endswith("_nl")]
        vector = SearchVector(*dutch, config="dutch")
        if own != dutch:  # a Dutch reader's fields are parsed once, not twice
            vector = SearchVector(*own, config=config) + vector
        query = None
        for options in groups:
            any_option = None
            for option in options:
                part = SearchQuery(option, config="dutch", search_type="plain")
                if config != "dutch":
                    part = SearchQuery(option, config=config, search_type="plain") | part
                any_option = part if any_option is None else any_option | part
            query = any_option if query is None else query & any_option
        return (
            queryset.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(condition | Q(search=query))
            .order_by("-rank")
        )

    def fuzzy(self, queryset, groups, fields):
        """PostgreSQL only: trigram similarity for words that still match nothing (typos)."""
        text = " ".join(g[0] for g in groups)
        return (
            queryset.annotate(similarity=TrigramWordSimilarity(text, fields[0]))
            .filter(similarity__gte=0.5)
            .order_by("-similarity")
        )

    # -- the search -----------------------------------------------------------------------------

    def search(self, query: str) -> SearchResults:
        results = SearchResults(query=query, language=self.language)
        groups = self.alternatives(query, results)
        if not groups:
            return results
        flat = [option for options in groups for option in options]

        section_fields = self.localised("title", "body")
        sections = Section.objects.published().select_related("chapter")
        sections = sections.defer(*self.unread(Section), *self.unread(Chapter, "chapter__"))
        found_sections = list(self.matching(sections, groups, section_fields)[:50])
        if not found_sections and self.postgres:
            found_sections = list(self.fuzzy(sections, groups, self.localised("title"))[:PER_KIND])
        chapter_fields = self.localised("title", "summary", "intro")
        chapters = Chapter.objects.published().defer(*self.unread(Chapter))
        found_chapters = list(self.matching(chapters, groups, chapter_fields)[:20])
        if not found_chapters and not found_sections and self.postgres:
            found_chapters = list(self.fuzzy(chapters, groups, self.localised("title"))[:PER_KIND])
        action_fields = self.localised("text")
        actions = Action.objects.published().select_related("chapter", "section")
        actions = actions.defer(
            *self.unread(Action),
            *self.unread(Chapter, "chapter__"),
            *self.unread(Section, "section__"),
        )
        found_actions = list(self.matching(actions, groups, action_fields)[:20])
        org_fields = ["name", "abbreviation", "municipality", *self.localised("description")]
        # Up to 5,000 organisations: full-text vectors computed on the fly would cost ~200 ms here,
        # so they are matched by substring and a bounded batch is ranked below, on every database.
        organisations = Organisation.objects.published().defer(*self.unread(Organisation))
        organisations = organisations.filter(self.condition(groups, org_fields))
        found_organisations = list(organisations[:200])

        results.groups["chapters"] = self._chapter_hits(
            found_chapters,
            found_sections,
            found_actions,
            flat,
            home_chapters=self._home_chapters(groups),
        )
        results.groups["sections"] = self._section_hits(found_sections, flat)
        results.groups["actions"] = [
            Hit(
                "actions",
                action.chapter.title,
                f"{action.chapter.get_absolute_url()}#{action.section.key if action.section_id else 'wat-kan-jij-doen'}",
                self._snippet(action.text, flat),
                self._score(action.text, flat),
            )
            for action in found_actions
        ][:PER_KIND]
        results.groups["organisations"] = sorted(
            (
                Hit(
                    "organisations",
                    str(org),
                    org.get_absolute_url(),
                    self._snippet(org.description, flat),
                    self._score(f"{org.name} {org.abbreviation}", flat) * 5
                    + self._score(org.description, flat),
                )
                for org in found_organisations
            ),
            key=lambda hit: -hit.score,
        )[:PER_KIND]
        results.groups["terms"] = self._term_hits(flat)
        results.groups = {kind: hits for kind, hits in results.groups.items() if hits}
        return results

    @staticmethod
    def _score(text: str, alternatives: list[str]) -> float:
        lowered = (text or "").casefold()
        return float(sum(lowered.count(a.casefold()) for a in alternatives))

    def _both(self, obj, name: str) -> str:
        """A field in the reader's language and in Dutch: a Dutch word typed on an Arabic page counts in both."""
        text = getattr(obj, name) or ""
        return text if self.language == "nl" else f"{text} {getattr(obj, f'{name}_nl') or ''}"

    def _home_chapters(self, groups) -> set[int]:
        """The chapters the glossary names for the terms in the query (one query, or none)."""
        terms = {
            term.pk
            for options in groups
            for option in options
            if (term := self.index.term_for(option))
        }
        if not terms:
            return set()
        through = GlossaryTerm.chapters.through.objects.filter(glossaryterm_id__in=terms)
        return set(through.values_list("chapter_id", flat=True))

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
                chapter.get_absolute_url(),
                self._snippet(chapter.summary, flat),
                scores.get(chapter.pk, 0),
            )
            for chapter in ranked[:PER_KIND]
        ]

    def _section_hits(self, sections, flat) -> list[Hit]:
        hits = [
            Hit(
                "sections",
                section.title,
                section.get_absolute_url(),
                self._snippet(section.body, flat),
                3 * self._score(self._both(section, "title"), flat)
                + self._score(self._both(section, "body"), flat),
                context=section.chapter.title,
            )
            for section in sections
        ]
        return sorted(hits, key=lambda hit: -hit.score)[:PER_KIND]

    def _term_hits(self, flat) -> list[Hit]:
        wanted = {a.casefold() for a in flat}
        hits = []
        for term in self.index.terms:
            forms = [f.casefold() for f in term.surface_forms(self.language)]
            exact = any(f in wanted for f in forms)
            partial = exact or any(w in f for w in wanted for f in forms if len(w) >= 3)
            in_definition = any(
                w in (term.definition or "").casefold() for w in wanted if len(w) >= 4
            )
            if exact or partial or in_definition:
                name = term.display_name
                hits.append(
                    Hit(
                        "terms",
                        name,
                        term.get_absolute_url(),
                        self._snippet(term.definition, flat),
                        10 if exact else 3 if partial else 1,
                    )
                )
        return sorted(hits, key=lambda hit: -hit.score)[:PER_KIND]


def clean_query(raw: str) -> str:
    """Collapse white space and drop control characters; HTML is escaped on output, not here."""
    text = html.unescape(raw or "")
    text = "".join(ch for ch in text if ch.isprintable())
    return " ".join(text.split())


def search(query: str, language: str, version: int | None = None) -> SearchResults:
    return Searcher(language, version=version).search(query)
