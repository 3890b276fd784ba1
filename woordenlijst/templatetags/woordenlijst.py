"""Glossary terms explained where they first appear on a page."""

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from content.markup import render_markdown
from content.page_cache import content_version

from ..terms import TermMarker, term_index

register = template.Library()


@register.simple_tag(takes_context=True)
def glossary_marker(context) -> TermMarker:
    """One marker per page (`{% glossary_marker as term_marker %}`): it remembers which terms
    the page has explained already, across the blocks and included templates that follow."""
    version = content_version(context.get("request"))
    return TermMarker(term_index(version, get_language()), version)


@register.simple_tag(takes_context=True)
def marked(context, text: str | None) -> SafeString:
    """Markdown as HTML, with the first occurrence of each glossary term on the page explained in place."""
    html = render_markdown(text, content_version(context.get("request")))
    marker = context.get("term_marker")
    return marker.mark(html) if marker is not None else html
