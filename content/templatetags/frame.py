"""The frame of every page: the site header and the links to the page in other languages.

They hold interface text and addresses only, no content, so each is rendered once per process
for a language and an address (templates and catalogues change only with a deploy, which starts
new processes). Rendering them on every request cost about half a millisecond a page.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def site_header(context) -> SafeString:
    """The header: the site's name, navigation, search box and language switcher."""
    request = context.get("request")
    return _header(get_language(), request.get_full_path() if request else "/")


@register.simple_tag(takes_context=True)
def alternate_links(context) -> SafeString:
    """`<link rel="alternate" hreflang>` for this page in every language, as absolute addresses."""
    request = context.get("request")
    if request is None:
        return mark_safe("")
    return _alternates(f"{request.scheme}://{request.get_host()}", request.get_full_path())


@lru_cache(maxsize=1024)
def _header(language: str, path: str) -> SafeString:
    versions = [{**v, "current": v["code"] == language} for v in _versions_of(path)]
    return mark_safe(render_to_string("includes/header.html", {"versions": versions}))


@lru_cache(maxsize=1024)
def _alternates(origin: str, path: str) -> SafeString:
    return format_html_join(
        "\n  ",
        '<link rel="alternate" hreflang="{}" href="{}{}">',
        ((v["code"], origin, v["url"]) for v in _versions_of(path)),
    )


@lru_cache(maxsize=4096)
def _versions_of(path: str) -> tuple[dict, ...]:
    """The path in every language: resolving and reversing it ten times cost a millisecond a page."""
    return tuple(
        {
            "code": code,
            "name_local": get_language_info(code)["name_local"],
            "bidi": get_language_info(code)["bidi"],
            "url": translate_url(path, code),
        }
        for code, _ in settings.LANGUAGES
    )
