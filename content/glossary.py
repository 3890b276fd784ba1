"""Recognise glossary terms: in chapter text (first occurrence explains itself) and in search queries."""

import re
from dataclasses import dataclass, field
from itertools import count

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import GlossaryTerm

# Inside these elements a term is left alone: links, headings, footnote marks, code.
SKIP_INSIDE = {"a", "h1", "h2", "h3", "h4", "sup", "code", "abbr", "mark", "button", "summary"}
TAG = re.compile(r"(<[^>]+>)")
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")


def _pattern(form: str) -> str:
    # Word boundaries that work for any script: no letter, digit or hyphen right before or after.
    return rf"(?<![\w-]){re.escape(form)}(?![\w-])"


@dataclass
class TermIndex:
    """All published terms with the forms they are written in, for one language."""

    language: str
    terms: list[GlossaryTerm]
    regex: re.Pattern | None = None
    by_form: dict[str, GlossaryTerm] = field(default_factory=dict)

    @classmethod
    def build(cls, language: str, terms=None) -> "TermIndex":
        terms = list(GlossaryTerm.objects.for_marking() if terms is None else terms)
        index = cls(language=language, terms=terms)
        forms = []
        for term in terms:
            for form in term.surface_forms(language):
                index.by_form.setdefault(form.casefold(), term)
                forms.append(form)
        if forms:
            # Longest first, so "equivalent leefloon" wins over "leefloon".
            alternatives = "|".join(_pattern(f) for f in sorted(set(forms), key=len, reverse=True))
            index.regex = re.compile(alternatives, re.IGNORECASE)
        return index

    @classmethod
    def cached(cls, language: str, version: int | None) -> "TermIndex":
        """The index for this content version from the process cache: built once per edit, not per page."""
        if version is None:
            return cls.build(language)
        key = f"term-index:{version}:{language}"
        index = cache.get(key)
        if index is None:
            index = cls.build(language)
            cache.set(key, index, 3600)
        return index

    def term_for(self, text: str) -> GlossaryTerm | None:
        return self.by_form.get(text.casefold())

    def expansions(self, word: str) -> list[str]:
        """All forms of the term that `word` is a form of (e.g. OCMW -> Sociaal Huis, CPAS, ...)."""
        term = self.term_for(word)
        return term.surface_forms(self.language) if term else []


class TermMarker:
    """Marks the first occurrence of each term on one page; keeps state between blocks of that page."""

    def __init__(self, index: TermIndex):
        self.index = index
        self.seen: set[str] = set()
        self.ids = count(1)

    def mark(self, html: str) -> SafeString:
        if self.index.regex is None:
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
                out.append(self.index.regex.sub(self._replace, chunk))
        return mark_safe("".join(out))  # only our own escaped markup was added to safe HTML

    def _replace(self, match: re.Match) -> str:
        text = match.group(0)
        term = self.index.term_for(text)
        if term is None or term.key in self.seen:
            return text
        self.seen.add(term.key)
        tip_id = f"term-{term.key}-{next(self.ids)}"
        name = (
            term.term
            if term.term == term.term_nl or not term.term_nl
            else f"{term.term} ({term.term_nl})"
        )
        return (
            f'<span class="term"><a class="term__link" href="{escape(term.get_absolute_url())}" '
            f'aria-describedby="{tip_id}">{text}</a>'
            f'<span class="term__tip" role="tooltip" id="{tip_id}"><strong>{escape(name)}</strong>: '
            f"{escape(term.definition)}</span></span>"
        )
