from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from content.admin import ContentAdmin, TranslationTrackingForm
from trajecten.models import Action, Section

from .models import AgeGroup, Situation, Step


class ChapterLabelledChoice(forms.ModelChoiceField):
    """A section shown with its chapter: 'Woning zoeken: De huurwaarborg'."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.chapter.number}. {obj.chapter.title}: {obj}"


class ChapterLabelledMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.chapter.number}. {obj.chapter.title}: {obj}"


class StepForm(TranslationTrackingForm):
    """The step's suggestions must come from its own chapter, like its section (Step.clean)."""

    def clean(self):
        cleaned = super().clean()
        chapter = cleaned.get("chapter")
        actions = cleaned.get("actions")
        if chapter is not None and actions and any(a.chapter_id != chapter.pk for a in actions):
            self.add_error(
                "actions", ValidationError(_("Choose suggestions of the step's chapter."))
            )
        return cleaned


@admin.register(Step)
class StepAdmin(ContentAdmin):
    """Which steps apply to which situations and ages; the checklist page is built from these."""

    form = StepForm
    list_display = ("title", "chapter", "deadline_rule", "region_scope", "position", "status")
    list_filter = ("status", "situations", "age_groups", "chapter", "region_scope")
    list_select_related = ("chapter", "deadline_rule", "region_scope")
    search_fields = ("key", "title_nl", "body_nl")
    filter_horizontal = ("actions", "organisations")
    fieldsets = [
        (None, {"fields": ["key", "title", "body", "status", "position"]}),
        (_("Who it is for"), {"fields": ["situations", "age_groups", "region_scope"]}),
        (_("Deadline or waiting time"), {"fields": ["deadline_rule", "counts_from", "timing"]}),
        (
            _("Read more and help nearby"),
            {"fields": ["chapter", "section", "actions", "organisations"]},
        ),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("situations", "age_groups"):
            kwargs["widget"] = forms.CheckboxSelectMultiple
        if db_field.name == "actions":
            kwargs["queryset"] = Action.objects.select_related("chapter").order_by(
                "chapter__number", "position", "pk"
            )
            kwargs["form_class"] = ChapterLabelledMultipleChoice
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            kwargs["queryset"] = Section.objects.select_related("chapter").order_by(
                "chapter__number", "position", "pk"
            )
            kwargs["form_class"] = ChapterLabelledChoice
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Situation)
class SituationAdmin(ContentAdmin):
    list_display = ("name", "key", "position")
    fields = ("key", "name", "hint", "position")


@admin.register(AgeGroup)
class AgeGroupAdmin(ContentAdmin):
    list_display = ("name", "key", "position")
    fields = ("key", "name", "position")
