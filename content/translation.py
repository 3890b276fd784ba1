"""What every app's translation.py shares: Dutch is the source and always required."""

from modeltranslation.translator import TranslationOptions


class DutchRequired(TranslationOptions):
    required_languages = ("nl",)
