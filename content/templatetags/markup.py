from django import template

from content.fragments import DEFERRED
from content.markup import paired_blocks
from content.page_cache import content_version

register = template.Library()


@register.simple_tag(takes_context=True)
def side_by_side(context, source: str | None, target: str | None):
    """Pairs of (Dutch, translated) HTML blocks: see content.markup.paired_blocks."""
    return paired_blocks(
        source,
        target,
        content_version(context.get("request")),
        deferred=bool(context.get(DEFERRED)),
    )
