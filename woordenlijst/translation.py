"""Fields that carry a translation per language (modeltranslation). Dutch is required for the
term and its definition; the accepted forms are per language and optional."""

from modeltranslation.translator import TranslationOptions, register

from .models import GlossaryTerm


@register(GlossaryTerm)
class GlossaryTermTranslation(TranslationOptions):
    fields = ("term", "definition", "variants")
    required_languages = {"nl": ("term", "definition")}
