from django import template

from vluchtwijzer.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None):
    """Staff-written Markdown as sanitised HTML (see vluchtwijzer/markup.py)."""
    return render_markdown(text)
