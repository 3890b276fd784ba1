"""Turn the Markdown that staff write into safe HTML.

Two small additions to plain Markdown, both documented in trajecten/seed/README.md:
- `[^12]` cites the kit's numbered source 12 and becomes a footnote link to `#bron-12`;
- `(chapter:slug#anchor)` as a link target points to another chapter in the reader's language.

The HTML is always cleaned with nh3, so whatever staff type cannot inject scripts.
"""

import re
from collections import Counter
from functools import lru_cache

import markdown
import nh3
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, override

FOOTNOTE = re.compile(r"\[\^(\d{1,3})\]")
CHAPTER_LINK = re.compile(r"\]\(chapter:([a-z0-9-]+)(#[a-z0-9-]+)?\)")
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")

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


@lru_cache(maxsize=4096)
def _render(text: str, language: str) -> str:
    # The language is part of the cache key: chapter links and labels depend on it.
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


def render_markdown(text: str | None) -> SafeString:
    if not text:
        return mark_safe("")
    return mark_safe(_render(text, get_language() or "nl"))  # nh3 cleaned it: safe by construction


def cited_source_numbers(text: str | None) -> set[int]:
    return {int(n) for n in FOOTNOTE.findall(text or "")}


def same_markup(source: str | None, translated: str | None) -> bool:
    """A translation keeps the source's footnotes and link targets, each as often as the source."""
    return Counter(FOOTNOTE.findall(source or "")) == Counter(
        FOOTNOTE.findall(translated or "")
    ) and Counter(LINK_TARGET.findall(source or "")) == Counter(
        LINK_TARGET.findall(translated or "")
    )


BLOCK_BREAK = re.compile(r"\n\s*\n")


def paired_blocks(source: str | None, target: str | None) -> list[tuple[SafeString, SafeString]]:
    """Dutch and translated Markdown as pairs of rendered blocks, for reading side by side.

    When both texts have the same number of paragraphs (the translators keep the structure),
    each paragraph sits next to its translation; otherwise the whole texts form one pair.
    """
    source_blocks = [b for b in BLOCK_BREAK.split((source or "").strip()) if b.strip()]
    target_blocks = [b for b in BLOCK_BREAK.split((target or "").strip()) if b.strip()]
    if len(source_blocks) != len(target_blocks) or not source_blocks:
        source_blocks, target_blocks = [source or ""], [target or ""]
    with override("nl"):
        dutch = [render_markdown(b) for b in source_blocks]
    return list(zip(dutch, [render_markdown(b) for b in target_blocks], strict=True))
