from django.contrib import admin
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from reversion.admin import VersionAdmin

from content.admin_translations import TranslationTrackingAdmin
from vluchtwijzer.admin_helpers import edited_object_id

from .models import Action, Chapter, Part, Section, Source, Testimonial

# Every admin here is a VersionAdmin (django-reversion): each save is a revision with who and
# when, the history page shows it, and "recover deleted" brings back what was removed.


class SectionInline(TranslationStackedInline):
    model = Section
    extra = 0
    fields = ("position", "key", "kind", "title", "body")


class ActionInline(TranslationStackedInline):
    model = Action
    extra = 0
    fields = ("position", "section", "text")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only the sections of the chapter being edited.
        if db_field.name == "section":
            chapter_id = edited_object_id(request)
            kwargs["queryset"] = (
                Section.objects.filter(chapter_id=chapter_id)
                if chapter_id
                else Section.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TestimonialInline(TranslationStackedInline):
    model = Testimonial
    fk_name = "chapter"
    extra = 0
    fields = ("position", "name", "context", "role", "organisation", "summary", "source")
    raw_id_fields = ("source",)


class SourceInline(TranslationTabularInline):
    model = Source
    fk_name = "chapter"
    extra = 0
    fields = ("number", "title", "url", "note")


@admin.register(Chapter)
class ChapterAdmin(TranslationTrackingAdmin, VersionAdmin, TranslationAdmin):
    list_display = ("number", "title", "part", "status", "updated_at")
    list_display_links = ("title",)
    list_editable = ("status",)
    list_filter = ("status", "part")
    list_select_related = ("part",)
    search_fields = ("title", "summary")
    readonly_fields = ("updated_at",)
    fields = ("part", "number", "slug", "status", "title", "summary", "intro", "updated_at")
    inlines = [SectionInline, ActionInline, TestimonialInline, SourceInline]


@admin.register(Part)
class PartAdmin(TranslationTrackingAdmin, VersionAdmin, TranslationAdmin):
    list_display = ("number", "title")
    list_display_links = ("title",)


@admin.register(Section)
class SectionAdmin(TranslationTrackingAdmin, VersionAdmin, TranslationAdmin):
    list_display = ("title", "chapter", "kind", "position")
    list_editable = ("position",)
    list_filter = ("chapter", "kind")
    list_select_related = ("chapter",)
    search_fields = ("title", "body")


@admin.register(Action)
class ActionAdmin(TranslationTrackingAdmin, VersionAdmin, TranslationAdmin):
    list_display = ("__str__", "chapter", "section", "position")
    list_editable = ("position",)
    list_filter = ("chapter",)
    list_select_related = ("chapter", "section")
    search_fields = ("text",)


@admin.register(Testimonial)
class TestimonialAdmin(TranslationTrackingAdmin, VersionAdmin, TranslationAdmin):
    list_display = ("name", "role", "organisation", "chapter", "page", "position")
    list_filter = ("role", "chapter")
    list_select_related = ("chapter", "page")
    search_fields = ("name", "organisation", "summary")
    raw_id_fields = ("source",)


@admin.register(Source)
class SourceAdmin(TranslationTrackingAdmin, VersionAdmin, TranslationAdmin):
    list_display = ("number", "title", "url", "chapter", "page")
    list_display_links = ("number", "title")
    list_filter = ("chapter",)
    list_select_related = ("chapter", "page")
    search_fields = ("title", "url")
