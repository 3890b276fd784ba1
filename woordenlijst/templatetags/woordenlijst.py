"""Glossary terms explained where they first appear on a page."""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from content.fragments import DEFERRED
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
    """Markdown as HTML, with the first occurrence of each glossary term on the page explained in place.

    Inside a stored fragment (`{% fragment %}`) the candidates stay, and the fragment is joined
    when it is put in the page, in page order."""
    marker = context.get("term_marker")
    if marker is None or not text:
        return render_markdown(text, content_version(context.get("request")))
    html = marker.prepared(text)
    if context.get(DEFERRED):
        return mark_safe(html)  # candidates and marks only; escaped by render_deferred
    return marker.join(html)
