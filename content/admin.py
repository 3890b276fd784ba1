from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from reversion.admin import VersionAdmin

from trajecten.admin import SourceInline, TestimonialInline

from .admin_translations import TranslationTrackingAdmin
from .models import Page, SeedRecord


class PageTestimonialInline(TestimonialInline):
    fk_name = "page"  # the same inline as on chapters, attached to a page


class PageSourceInline(SourceInline):
    fk_name = "page"


@admin.register(Page)
class PageAdmin(TranslationTrackingAdmin, VersionAdmin, TranslationAdmin):
    list_display = ("title", "slug", "status", "position", "updated_at")
    list_editable = ("status", "position")
    readonly_fields = ("updated_at",)
    fields = ("slug", "status", "position", "title", "summary", "body", "updated_at")
    inlines = [PageTestimonialInline, PageSourceInline]


@admin.register(SeedRecord)
class SeedRecordAdmin(admin.ModelAdmin):
    """Read-only: shows what the content loader wrote and when."""

    list_display = ("key", "content_type", "object_id", "loaded_at")
    search_fields = ("key",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting a record would make the loader re-create what staff deleted: not allowed.
        return False
