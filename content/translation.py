"""Fields that carry a translation per language (modeltranslation). Dutch is required."""

from modeltranslation.translator import TranslationOptions, register

from .models import GlossaryTerm, Page


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("nl",)


@register(GlossaryTerm)
class GlossaryTermTranslation(TranslationOptions):
    fields = ("term", "definition")
    required_languages = ("nl",)
