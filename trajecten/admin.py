from django.contrib import admin
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from content.admin import ContentAdmin, ParentLimitedInline, TokenCheckedForm

from .models import Action, Chapter, Page, Part, Section, Source, Testimonial


class SectionInline(TranslationStackedInline):
    form = TokenCheckedForm
    model = Section
    extra = 0
    fields = ("position", "key", "kind", "title", "body")


class ActionInline(ParentLimitedInline, TranslationStackedInline):
    form = TokenCheckedForm
    model = Action
    extra = 0
    fields = ("position", "section", "text")
    limit_to_parent = {"section": "chapter"}


class TestimonialInline(TranslationStackedInline):
    form = TokenCheckedForm
    model = Testimonial
    fk_name = "chapter"
    extra = 0
    fields = ("position", "name", "context", "role", "organisation", "summary", "source")
    raw_id_fields = ("source",)


class SourceInline(TranslationTabularInline):
    form = TokenCheckedForm
    model = Source
    fk_name = "chapter"
    extra = 0
    fields = ("number", "title", "url", "note")


@admin.register(Chapter)
class ChapterAdmin(ContentAdmin):
    list_display = ("number", "title", "part", "status", "updated_at")
    list_display_links = ("title",)
    list_editable = ("status",)
    list_filter = ("status", "part")
    list_select_related = ("part",)
    search_fields = ("title", "summary")
    readonly_fields = ("updated_at",)
    fields = (
        "part",
        "number",
        "slug",
        "status",
        "title",
        "summary",
        "intro",
        ("last_checked", "review_every_months"),
        "updated_at",
    )
    inlines = [SectionInline, ActionInline, TestimonialInline, SourceInline]


@admin.register(Part)
class PartAdmin(ContentAdmin):
    list_display = ("number", "title")
    list_display_links = ("title",)


@admin.register(Section)
class SectionAdmin(ContentAdmin):
    list_display = ("title", "chapter", "kind", "position")
    list_editable = ("position",)
    list_filter = ("chapter", "kind")
    list_select_related = ("chapter",)
    search_fields = ("title", "body")


@admin.register(Action)
class ActionAdmin(ContentAdmin):
    list_display = ("__str__", "chapter", "section", "position")
    list_editable = ("position",)
    list_filter = ("chapter",)
    list_select_related = ("chapter", "section")
    search_fields = ("text",)


@admin.register(Testimonial)
class TestimonialAdmin(ContentAdmin):
    list_display = ("name", "role", "organisation", "chapter", "page", "position")
    list_filter = ("role", "chapter")
    list_select_related = ("chapter", "page")
    search_fields = ("name", "organisation", "summary")
    raw_id_fields = ("source",)


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    list_display = ("number", "title", "url", "chapter", "page")
    list_display_links = ("number", "title")
    list_filter = ("chapter",)
    list_select_related = ("chapter", "page")
    search_fields = ("title", "url")


class PageTestimonialInline(TestimonialInline):
    fk_name = "page"  # the same inline as on chapters, attached to a page


class PageSourceInline(SourceInline):
    fk_name = "page"


@admin.register(Page)
class PageAdmin(ContentAdmin):
    list_display = ("title", "slug", "status", "position", "updated_at")
    list_editable = ("status", "position")
    readonly_fields = ("updated_at",)
    fields = ("slug", "status", "placement", "position", "title", "summary", "body", "updated_at")
    inlines = [PageTestimonialInline, PageSourceInline]
