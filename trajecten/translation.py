"""Fields that carry a translation per language (modeltranslation). Dutch is required."""

from modeltranslation.translator import TranslationOptions, register

from .models import Action, Chapter, Part, Section, Source, Testimonial


class DutchRequired(TranslationOptions):
    required_languages = ("nl",)


@register(Part)
class PartTranslation(DutchRequired):
    fields = ("title", "summary")


@register(Chapter)
class ChapterTranslation(DutchRequired):
    fields = ("title", "summary", "intro")


@register(Section)
class SectionTranslation(DutchRequired):
    fields = ("title", "body")


@register(Action)
class ActionTranslation(DutchRequired):
    fields = ("text",)


@register(Testimonial)
class TestimonialTranslation(DutchRequired):
    fields = ("context", "summary")


@register(Source)
class SourceTranslation(DutchRequired):
    fields = ("title",)
