"""Recognise glossary terms: in chapter text (first occurrence explains itself) and in search queries."""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from content.markup import tokens_as_text

from .models import GlossaryTerm

# Inside these elements a term is left alone: links, headings, footnote marks, code.
SKIP_INSIDE = {"a", "h1", "h2", "h3", "h4", "sup", "code", "abbr", "mark", "button", "summary"}
TAG = re.compile(r"(<[^>]+>)")
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")


WORD = re.compile(r"[\w#][\w-]*")


@dataclass
class TermIndex:
    """All published terms with the forms they are written in, for one language.

    Matching looks up each word of the text in a dict keyed by the first word of every form,
    so its cost grows with the text, not with the number of terms (a regex with hundreds of
    alternatives was a hundred times slower on a chapter page).
    """

    language: str
    terms: list[GlossaryTerm]
    by_form: dict[str, GlossaryTerm] = field(default_factory=dict)
    by_first_word: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, language: str, terms=None) -> "TermIndex":
        terms = list(GlossaryTerm.objects.published() if terms is None else terms)
        index = cls(language=language, terms=terms)
        for term in terms:
            for form in term.surface_forms(language):
                folded = form.casefold()
                index.by_form.setdefault(folded, term)
                first = WORD.match(folded)
                if first:
                    index.by_first_word.setdefault(first.group(0), []).append(folded)
        for forms in index.by_first_word.values():
            forms.sort(key=len, reverse=True)  # "equivalent leefloon" before "equivalent"
        return index

    def term_for(self, text: str) -> GlossaryTerm | None:
        return self.by_form.get(text.casefold())

    def expansions(self, word: str) -> list[str]:
        """All forms of the term that `word` is a form of (e.g. OCMW -> Sociaal Huis, CPAS, ...)."""
        term = self.term_for(word)
        return term.surface_forms(self.language) if term else []

    def find(self, text: str):
        """Yield (start, end, term) for each term form in `text`, longest form first, not overlapping."""
        folded = text.casefold()
        if len(folded) != len(text):  # casefold changed the length (e.g. ß): fall back to lower()
            folded = text.lower()
        position = 0
        for word in WORD.finditer(folded):
            if word.start() < position:
                continue
            for form in self.by_first_word.get(word.group(0), ()):
                end = word.start() + len(form)
                if folded.startswith(form, word.start()) and (
                    end == len(folded) or not (folded[end].isalnum() or folded[end] in "-_")
                ):
                    yield word.start(), end, self.by_form[form]
                    position = end
                    break


@lru_cache(maxsize=16)
def term_index(version: int, language: str) -> TermIndex:
    """The index for one content version and language, built once per edit in each process.

    A process-local cache, not Django's: unpickling an index on every page cost more than
    building it once. Old versions are never asked for again and fall out of the LRU.
    """
    return TermIndex.build(language)


class TermMarker:
    """Marks the first occurrence of each term on one page; keeps state between blocks of that page."""

    def __init__(self, index: TermIndex, version: int | None = None):
        self.index = index
        self.version = version
        self.seen: set[str] = set()
        self.ids = count(1)

    def mark(self, html: str) -> SafeString:
        if not self.index.by_form:
            return mark_safe(html)
        out, skip_depth = [], 0
        for chunk in TAG.split(html):
            if chunk.startswith("<"):
                match = TAG_NAME.match(chunk)
                if match and match.group(2).lower() in SKIP_INSIDE:
                    skip_depth += -1 if match.group(1) else 1
                out.append(chunk)
            elif skip_depth > 0 or not chunk.strip():
                out.append(chunk)
            else:
                out.append(self._mark_text(chunk))
        return mark_safe("".join(out))  # only our own escaped markup was added to safe HTML

    def _mark_text(self, chunk: str) -> str:
        pieces, last = [], 0
        for start, end, term in self.index.find(chunk):
            if term.key in self.seen:
                continue
            pieces += [chunk[last:start], self._markup(chunk[start:end], term)]
            last = end
        return "".join(pieces) + chunk[last:] if pieces else chunk

    def _markup(self, text: str, term: GlossaryTerm) -> str:
        self.seen.add(term.key)
        tip_id = f"term-{term.key}-{next(self.ids)}"
        name = term.display_name
        return (
            f'<span class="term"><a class="term__link" href="{escape(term.get_absolute_url())}" '
            f'aria-describedby="{tip_id}">{text}</a>'
            f'<span class="term__tip" role="tooltip" id="{tip_id}"><strong>{escape(name)}</strong>: '
            f"{escape(tokens_as_text(term.definition, self.version))}</span></span>"
        )
