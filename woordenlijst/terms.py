"""Recognise glossary terms: in chapter text (first occurrence explains itself) and in search queries.

Marking happens in two steps, so the expensive one can be kept: `prepared()` renders a text and
wraps every occurrence of a term in a candidate mark (cached per text, language and the set of
term forms); `TermMarker.join()` then explains the first occurrence of each term on the page and
fills in rule values. Fragments of pages (content.fragments) are stored with their marks and
joined when the page is put together.
"""

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from content.markup import fill_tokens, render_deferred, tokens_as_text
from content.memo import per_content_version

from .models import GlossaryTerm

# Inside these elements a term is left alone: links, headings, footnote marks, code.
SKIP_INSIDE = {"a", "h1", "h2", "h3", "h4", "sup", "code", "abbr", "mark", "button", "summary"}
TAG = re.compile(r"(<[^>]+>)")
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
# A candidate: \ue000key\ue001the words as written\ue002 (private-use characters, see content.markup).
CANDIDATE = re.compile("\ue000([a-z0-9-]+)\ue001([^\ue000-\ue002]*)\ue002")
TOKEN_MARKS = re.compile("(\ue003[^\ue004]*\ue004)")


WORD = re.compile(r"[\w#][\w-]*")


@dataclass(eq=False)
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
    by_key: dict[str, GlossaryTerm] = field(default_factory=dict)
    # Which words are terms: what a prepared text depends on. Two indexes with the same forms are
    # equal, so prepared texts survive edits that change no form (a definition, another page).
    fingerprint: str = ""
    _explanations: dict = field(default_factory=dict, repr=False)

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
        index.by_key = {term.key: term for term in terms}
        forms = sorted((form, term.key) for form, term in index.by_form.items())
        index.fingerprint = hashlib.sha256(repr((language, forms)).encode()).hexdigest()[:16]
        return index

    def explanation(self, term: GlossaryTerm, version: int | None) -> tuple[str, str]:
        """The term's link and escaped tooltip, built once per term and content version."""
        key = (term.key, version)
        if key not in self._explanations:
            self._explanations[key] = (
                escape(term.get_absolute_url()),
                f"<strong>{escape(term.display_name)}</strong>: "
                f"{escape(tokens_as_text(term.definition, version))}",
            )
        return self._explanations[key]

    def __eq__(self, other) -> bool:
        return isinstance(other, TermIndex) and self.fingerprint == other.fingerprint

    def __hash__(self) -> int:
        return hash(self.fingerprint)

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


@per_content_version(maxsize=16)
def term_index(version: int, language: str) -> TermIndex:
    """The index for one content version and language, built once per edit in each process.

    A process-local cache, not Django's: unpickling an index on every page cost more than
    building it once. Old versions are never asked for again and fall out of the LRU.
    """
    return TermIndex.build(language)


@lru_cache(maxsize=8192)
def prepared(text: str, index: TermIndex) -> str:
    """The text as HTML with every term occurrence as a candidate and rule tokens as marks."""
    return mark_candidates(render_deferred(text, index.language), index)


def mark_candidates(html: str, index: TermIndex) -> str:
    """Wrap each term occurrence outside links, headings, footnotes and code in a candidate mark."""
    if not index.by_form:
        return html
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
            pieces = TOKEN_MARKS.split(chunk)  # a rule token's key is not text to mark
            pieces[::2] = [_candidates(piece, index) for piece in pieces[::2]]
            out.append("".join(pieces))
    return "".join(out)


def _candidates(text: str, index: TermIndex) -> str:
    pieces, last = [], 0
    for start, end, term in index.find(text):
        pieces += [text[last:start], f"\ue000{term.key}\ue001{text[start:end]}\ue002"]
        last = end
    return "".join(pieces) + text[last:] if pieces else text


class TermMarker:
    """Explains the first occurrence of each term on one page; keeps state between its blocks."""

    def __init__(self, index: TermIndex, version: int | None = None):
        self.index = index
        self.version = version
        self.seen: set[str] = set()
        self.ids = count(1)

    def prepared(self, text: str) -> str:
        return prepared(text, self.index)

    def fragment_key(self) -> str:
        """What a stored fragment with candidates depends on (content.fragments)."""
        return self.index.fingerprint

    def join(self, html: str) -> SafeString:
        """The first candidate of each term explained, the others plain, rule values filled in."""
        html = CANDIDATE.sub(self._first_only, html) if "\ue000" in html else html
        # Only our own escaped markup and the rule handlers' escaped HTML are added to safe HTML.
        return mark_safe(fill_tokens(html, self.version))

    def mark(self, html: str) -> SafeString:
        return self.join(mark_candidates(html, self.index))

    def _first_only(self, match: re.Match) -> str:
        key, text = match.group(1), match.group(2)
        term = self.index.by_key.get(key)
        if term is None or key in self.seen:
            return text
        return self._markup(text, term)

    def _markup(self, text: str, term: GlossaryTerm) -> str:
        self.seen.add(term.key)
        tip_id = f"term-{term.key}-{next(self.ids)}"
        url, tip = self.index.explanation(term, self.version)
        return (
            f'<span class="term"><a class="term__link" href="{url}" '
            f'aria-describedby="{tip_id}">{text}</a>'
            f'<span class="term__tip" role="tooltip" id="{tip_id}">{tip}</span></span>'
        )
