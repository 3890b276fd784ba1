"""Fields that carry a translation per language (modeltranslation). Dutch is required."""

from modeltranslation.translator import register

from content.translation import DutchRequired

from .models import ChangeNote, Rule


@register(Rule)
class RuleTranslation(DutchRequired):
    fields = ("name", "value")


@register(ChangeNote)
class ChangeNoteTranslation(DutchRequired):
    fields = ("title", "summary")
