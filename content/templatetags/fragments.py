"""`{% fragment "name" part ... %}…{% endfragment %}`: a block rendered once and stored (content.fragments).

The parts say what the block is made of (objects, flags); the block must show nothing else. It
is joined into the page by the page's `term_marker` when there is one (glossary explanations in
page order, rule values), else rule values are filled in.
"""

from django import template
from django.utils.safestring import mark_safe

from ..fragments import DEFERRED, fragment_key, store, stored
from ..markup import TOKEN_MARK_START, fill_tokens
from ..page_cache import content_version

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, parts, nodelist):
        self.name, self.parts, self.nodelist = name, parts, nodelist

    def render(self, context) -> str:
        marker = context.get("term_marker")
        key = fragment_key(
            self.name.resolve(context),
            [part.resolve(context) for part in self.parts],
            notices=context.get("reader_notices"),
            marker=marker,
        )
        html = stored(key)
        if html is None:
            with context.push({DEFERRED: True}):
                html = self.nodelist.render(context)
            store(key, str(html))
        if context.get(DEFERRED):
            return mark_safe(html)  # inside another fragment: joined with it, in page order
        if marker is not None:
            return marker.join(html)
        if TOKEN_MARK_START in html:
            html = fill_tokens(html, content_version(context.get("request")))
        return mark_safe(html)


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name and the parts it shows.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]], nodelist
    )
