"""Turn the Markdown that staff write into safe HTML.

Three small additions to plain Markdown, documented in trajecten/seed/README.md:
- `[^12]` cites the kit's numbered source 12 and becomes a footnote link to `#bron-12`;
- `(chapter:slug#anchor)` as a link target points to another chapter in the reader's language;
- `{{regel:key}}` stands for the current value of a rule (a dated legal fact). Token kinds are
  named in settings.MARKUP_TOKENS, so this bottom layer never imports the app that renders them.

The Markdown is always cleaned with nh3, so whatever staff type cannot inject scripts; tokens are
replaced after cleaning by HTML their handler builds and escapes itself.
"""

import re
from collections import Counter
from functools import cache, lru_cache

import markdown
import nh3
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, override

FOOTNOTE = re.compile(r"\[\^(\d{1,3})\]")
CHAPTER_LINK = re.compile(r"\]\(chapter:([a-z0-9-]+)(#[a-z0-9-]+)?\)")
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
TOKEN = re.compile(r"\{\{\s*([a-z]+):([a-z0-9-]+)\s*\}\}")
# Marks left in rendered HTML for what is filled in when a page is put together, so the HTML
# of a text can be rendered once and kept: a rule's current value (TOKEN_MARK) and, in
# woordenlijst, a glossary term's explanation. Private-use characters: Markdown and nh3 keep them,
# and they are removed from what staff type, so no text can forge one.
TOKEN_MARK = re.compile("\ue003([a-z]+):([a-z0-9-]+):([a-zA-Z-]+)\ue004")
PRIVATE_USE_MARKS = re.compile("[\ue000-\ue004]")
TOKEN_MARK_START = "\ue003"

ALLOWED_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "sup",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "class", "aria-label"}, "sup": {"class"}}


def _chapter_url(match: re.Match) -> str:
    slug, anchor = match.group(1), match.group(2) or ""
    try:
        return f"]({reverse('trajecten:chapter', kwargs={'slug': slug})}{anchor})"
    except NoReverseMatch:
        return "](#)"


def _footnote(match: re.Match) -> str:
    number = match.group(1)
    label = gettext("Source %(number)s") % {"number": number}
    return f'<sup class="fn"><a href="#bron-{number}" aria-label="{label}">{number}</a></sup>'


@cache
def token_handler(kind: str):
    """The class that renders `{{kind:key}}` (settings.MARKUP_TOKENS), or None for an unknown kind."""
    path = settings.MARKUP_TOKENS.get(kind)
    return import_string(path) if path else None


def unknown_tokens(text: str | None) -> list[str]:
    """Tokens in `text` whose kind or key does not exist (for form and seed-file validation)."""
    found = []
    for kind, key in TOKEN.findall(text or ""):
        handler = token_handler(kind)
        if handler is None or not handler.exists(key):
            found.append(f"{{{{{kind}:{key}}}}}")
    return found


def tokens_as_text(text: str | None, version: int | None = None) -> str:
    """Plain text with each token replaced by its value (tooltips, search snippets, feeds)."""
    if not text or "{{" not in text:
        return text or ""
    language = get_language() or "nl"

    def value(match: re.Match) -> str:
        handler = token_handler(match.group(1))
        return handler.plain(match.group(2), language, version) if handler else ""

    return TOKEN.sub(value, text)


def _token_marks(text: str, language: str) -> str:
    # The language travels with the mark: a Dutch block beside a translation shows Dutch values.
    return TOKEN.sub(lambda m: f"\ue003{m.group(1)}:{m.group(2)}:{language}\ue004", text)


@lru_cache(maxsize=8192)
def render_deferred(text: str, language: str) -> str:
    """Markdown as cleaned HTML in `language`, each token left as a mark (see fill_tokens).

    Cached by the text itself: a text is rendered once per process and language, whatever else
    changes; what can change without the text changing (rule values, glossary explanations) is
    filled in later. The language is part of the key: chapter links and labels depend on it.
    """
    text = _token_marks(PRIVATE_USE_MARKS.sub("", text), language)
    text = CHAPTER_LINK.sub(_chapter_url, text)
    text = FOOTNOTE.sub(_footnote, text)
    html = markdown.markdown(text, output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )


def fill_tokens(html: str, version: int | None = None) -> str:
    """Replace each token mark with its handler's current HTML (escaped by the handler)."""
    if TOKEN_MARK_START not in html:
        return html

    def value(match: re.Match) -> str:
        handler = token_handler(match.group(1))
        return handler.render(match.group(2), match.group(3), version) if handler else ""

    return TOKEN_MARK.sub(value, html)


def render_markdown(text: str | None, version: int | None = None) -> SafeString:
    """Markdown as safe HTML in the active language; `version` (the content version) lets
    token handlers reuse what they looked up for this version instead of asking the database."""
    if not text:
        return mark_safe("")
    language = get_language() or "nl"
    html = fill_tokens(render_deferred(text, language), version)
    return mark_safe(html)  # nh3 cleaned the Markdown; token handlers escape what they add


def cited_source_numbers(text: str | None) -> set[int]:
    return {int(n) for n in FOOTNOTE.findall(text or "")}


def same_markup(source: str | None, translated: str | None) -> bool:
    """A translation keeps the source's footnotes, link targets and tokens, each as often."""
    return all(
        Counter(pattern.findall(source or "")) == Counter(pattern.findall(translated or ""))
        for pattern in (FOOTNOTE, LINK_TARGET, TOKEN)
    )


BLOCK_BREAK = re.compile(r"\n\s*\n")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s", re.MULTILINE)
HEADING = re.compile(r"^#{1,6}\s", re.MULTILINE)


def markdown_shape(text: str | None) -> tuple[int, int, int]:
    """(paragraphs, list items, headings): a translation keeps the structure of its source."""
    text = (text or "").strip()
    blocks = [b for b in BLOCK_BREAK.split(text) if b.strip()]
    return len(blocks), len(LIST_ITEM.findall(text)), len(HEADING.findall(text))


def paired_blocks(
    source: str | None, target: str | None, version: int | None = None, *, deferred: bool = False
) -> list[tuple[SafeString, SafeString]]:
    """Dutch and translated Markdown as pairs of rendered blocks, for reading side by side.

    When both texts have the same number of paragraphs (the translators keep the structure),
    each paragraph sits next to its translation; otherwise the whole texts form one pair.
    """
    source_blocks = [b for b in BLOCK_BREAK.split((source or "").strip()) if b.strip()]
    target_blocks = [b for b in BLOCK_BREAK.split((target or "").strip()) if b.strip()]
    if len(source_blocks) != len(target_blocks) or not source_blocks:
        source_blocks, target_blocks = [source or ""], [target or ""]
    if deferred:  # inside a stored fragment: rule values are filled in when the page is joined
        language = get_language() or "nl"
        with override("nl"):
            dutch = [mark_safe(render_deferred(b, "nl")) for b in source_blocks]
        translated = [mark_safe(render_deferred(b, language)) for b in target_blocks]
    else:
        with override("nl"):
            dutch = [render_markdown(b, version) for b in source_blocks]
        translated = [render_markdown(b, version) for b in target_blocks]
    return list(zip(dutch, translated, strict=True))
