from django import template

from content.markup import paired_blocks, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None):
    """Staff-written Markdown as sanitised HTML (see content/markup.py)."""
    return render_markdown(text)


@register.simple_tag
def side_by_side(source: str | None, target: str | None):
    """Pairs of (Dutch, translated) HTML blocks: see content.markup.paired_blocks."""
    return paired_blocks(source, target)
