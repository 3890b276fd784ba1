from django.contrib import admin

from content.admin import ContentAdmin

from .models import GlossaryTerm


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ContentAdmin):
    """The glossary: terms with their translations, chapters and synonyms, with history."""

    list_display = ("term_nl", "abbreviation", "status", "updated_at")
    list_filter = ("status", "chapters")
    search_fields = ("term_nl", "abbreviation", "full_name", "synonyms", "definition_nl")
    filter_horizontal = ("chapters",)
    readonly_fields = ("updated_at",)
    fields = (
        "key",
        "status",
        "term",
        "abbreviation",
        "full_name",
        "synonyms",
        "definition",
        "variants",
        "chapters",
        "updated_at",
    )
