"""Fields that carry a translation per language (modeltranslation). Dutch is required."""

from modeltranslation.translator import register

from content.translation import DutchRequired

from .models import GlossaryTerm


@register(GlossaryTerm)
class GlossaryTermTranslation(DutchRequired):
    fields = ("term", "definition")
