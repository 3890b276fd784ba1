from django import template

from vluchtwijzer.markup import paired_blocks, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None):
    """Staff-written Markdown as sanitised HTML (see vluchtwijzer/markup.py)."""
    return render_markdown(text)


@register.simple_tag
def side_by_side(source: str | None, target: str | None):
    """Pairs of (Dutch, translated) HTML blocks: see vluchtwijzer.markup.paired_blocks."""
    return paired_blocks(source, target)


@register.simple_tag(takes_context=True)
def marked(context, text: str | None):
    """Markdown as HTML, with the first occurrence of each glossary term on the page explained in place."""
    html = render_markdown(text)
    marker = context.get("term_marker")
    return marker.mark(html) if marker is not None else html
