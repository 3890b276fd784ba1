"""Fields that carry a translation per language (modeltranslation). Dutch is required."""

from modeltranslation.translator import register

from content.translation import DutchRequired

from .models import Action, Chapter, Page, Part, Section, Source, Testimonial


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


@register(Page)
class PageTranslation(DutchRequired):
    fields = ("title", "summary", "body")
