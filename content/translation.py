"""Fields that carry a translation per language (modeltranslation). Dutch is required."""

from modeltranslation.translator import TranslationOptions, register

from .models import Page


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("nl",)
