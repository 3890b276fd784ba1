"""`{{regel:key}}` in Markdown: the rule's current value, with when it applies from and its source.

The value sits in the sentence; "(geldig sinds 18 augustus 2025 · bron)" follows it, hidden on
screen until the reader hovers or focuses the link, always read by screen readers and printed.
Named in settings.MARKUP_TOKENS; content.markup calls it after cleaning the Markdown.
"""

from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext, override

from content.memo import per_content_version
from content.version import current_version

from .models import Rule


@per_content_version(maxsize=8)
def rules_at(version: int) -> dict[str, Rule]:
    """Every rule, for one content version (a rule save bumps the version): one query per edit."""
    return {rule.key: rule for rule in Rule.objects.all()}


@per_content_version(maxsize=2048)
def _rule_html(version: int, language: str, key: str) -> str:
    rule = rules_at(version).get(key)
    if rule is None:
        return ""  # a rule that was deleted: forms and the loader refuse unknown keys
    with override(language):
        since = gettext("valid since %(date)s") % {"date": formats.date_format(rule.applies_from)}
        return format_html(
            '<span class="rule"><span class="rule__value">{}</span><span class="rule__meta"> '
            '({} · <a href="{}" rel="noopener">{}</a>)</span></span>',
            rule.value,
            since,
            rule.source_url,
            gettext("source"),
        )


class RuleTokens:
    """The `regel` token kind (settings.MARKUP_TOKENS)."""

    @staticmethod
    def exists(key: str) -> bool:
        return Rule.objects.filter(key=key).exists()

    @staticmethod
    def render(key: str, language: str, version: int | None) -> str:
        return _rule_html(current_version() if version is None else version, language, key)

    @staticmethod
    def plain(key: str, language: str, version: int | None) -> str:
        rule = rules_at(current_version() if version is None else version).get(key)
        if rule is None:
            return ""
        return getattr(rule, f"value_{language}") or rule.value_nl
