"""Fields that carry a translation per language (modeltranslation). Dutch is required."""

from modeltranslation.translator import register

from content.translation import DutchRequired

from .models import AgeGroup, Situation, Step


@register(Situation)
class SituationTranslation(DutchRequired):
    fields = ("name", "hint")


@register(AgeGroup)
class AgeGroupTranslation(DutchRequired):
    fields = ("name",)


@register(Step)
class StepTranslation(DutchRequired):
    fields = ("title", "body")
