"""Small helpers for the checklist page."""

from django import template

from content.markup import FOOTNOTE

register = template.Library()


@register.filter
def without_footnotes(text: str | None) -> str:
    """A chapter's text without its [^N] citations: the checklist has no list of sources to
    point them at (the chapter it links to has)."""
    return FOOTNOTE.sub("", text or "")
