from django.contrib import admin
from django.contrib.auth.decorators import permission_required
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.admin import ContentAdmin
from trajecten.models import Chapter

from .announcements import LANGUAGES, announce_rule_change
from .models import ChangeNote, Rule


class CheckDueFilter(admin.SimpleListFilter):
    title = _("check")
    parameter_name = "check"

    def lookups(self, request, model_admin):
        return [("due", _("Due for a check"))]

    def queryset(self, request, queryset):
        return queryset.due_for_check() if self.value() == "due" else queryset


@admin.register(Rule)
class RuleAdmin(ContentAdmin):
    """A changed value is announced in "Wat is er veranderd?" by itself; the old one stays in the history."""

    list_display = ("key", "value", "applies_from", "check_by", "needs_check")
    list_filter = (CheckDueFilter, "needs_check")
    search_fields = ("key", "name_nl", "value_nl", "source_title")
    readonly_fields = ("token", "updated_at")
    fields = (
        "key",
        "token",
        "name",
        "value",
        "applies_from",
        ("period_amount", "period_unit"),
        "source_title",
        "source_url",
        "check_by",
        "needs_check",
        "note",
        "updated_at",
    )

    @admin.display(description=_("write in a text"))
    def token(self, rule: Rule) -> str:
        return rule.token

    def save_model(self, request, obj, form, change):
        changed = change and ({"value_nl", "applies_from"} & set(form.changed_data))
        previous = {lang: form.initial.get(f"value_{lang}") or "" for lang in LANGUAGES}
        super().save_model(request, obj, form, change)
        if changed:
            announce_rule_change(obj, previous, user=request.user)


@admin.register(ChangeNote)
class ChangeNoteAdmin(ContentAdmin):
    list_display = ("date", "title", "announce", "rule")
    list_filter = ("announce",)
    list_select_related = ("rule",)
    search_fields = ("title_nl", "summary_nl")
    fields = ("date", "title", "summary", "announce", "rule", "made_by")
    readonly_fields = ("made_by",)


@permission_required("actueel.view_rule", raise_exception=True)
def review_queue(request):
    """Chapters and rules whose check is due: the editors' to-do list for facts that must stay true.

    Mounted through admin.site.admin_view (staff with a verified second factor only)."""
    today = timezone.localdate()
    context = {
        **admin.site.each_context(request),
        "title": _("Due for a check"),
        "chapters": Chapter.objects.due_for_review(today).select_related("part"),
        "rules": Rule.objects.due_for_check(today),
        "today": today,
    }
    return TemplateResponse(request, "admin/actueel/review_queue.html", context)
