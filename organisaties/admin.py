from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationTabularInline
from reversion.admin import VersionAdmin

from beheer.admin import StaffUserAdmin
from content.admin import ContentAdmin, ParentLimitedInline, TokenCheckedForm

from .models import (
    Coordinator,
    MapConnection,
    MapGroup,
    MapNode,
    NetworkMap,
    Organisation,
    Region,
    region_ids_editable_by,
    verify_every,
)


class NotVerifiedFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [("stale", _("Not verified in the last 12 months"))]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.not_verified_since(timezone.localdate() - verify_every())
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(ContentAdmin):
    """Regional coordinators see and edit only their regions' organisations, by every admin path.

    The list, the change form, delete, bulk actions and autocomplete all go through
    get_queryset(); history, revert and recover go through ContentAdmin's revision rule, which
    asks is_scoped() and stored_version_in_scope() below.
    """

    list_display = ("name", "abbreviation", "kind", "municipality", "last_verified", "status")
    list_filter = (NotVerifiedFilter, "kind", "regions", "chapters", "status")
    search_fields = ("name", "abbreviation", "municipality", "description_nl")
    readonly_fields = ("updated_at", "last_verified_by")
    filter_horizontal = ("regions", "chapters")
    prepopulated_fields = {"slug": ("name",)}
    actions = ["mark_verified_today"]
    fieldsets = [
        (None, {"fields": ("name", "abbreviation", "slug", "kind", "status", "description")}),
        (
            _("Contact"),
            {
                "fields": (
                    "website",
                    "email",
                    "phone",
                    "street",
                    "postcode",
                    "municipality",
                    "languages",
                )
            },
        ),
        (_("Where and when"), {"fields": ("regions", "chapters", "updated_at")}),
        (
            _("Checks (staff only)"),
            {
                "fields": (
                    "contact_email",
                    "contact_language",
                    "last_verified",
                    "last_verified_by",
                )
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def _in_scope(self, request, obj) -> bool:
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._in_scope(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._in_scope(request, obj))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "regions":
            region_ids = region_ids_editable_by(request.user)
            if region_ids is not None:
                kwargs["queryset"] = Region.objects.filter(pk__in=region_ids)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.action(description=_("Mark as verified today"), permissions=["change"])
    def mark_verified_today(self, request, queryset):
        today = timezone.localdate()
        organisations = list(queryset)
        for organisation in organisations:
            organisation.mark_verified(on=today, by=request.user.get_username())
        count = len(organisations)
        self.message_user(
            request,
            ngettext(
                "%(count)d organisation marked as verified.",
                "%(count)d organisations marked as verified.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    # The scope, for ContentAdmin's history rule.

    def is_scoped(self, request) -> bool:
        return region_ids_editable_by(request.user) is not None

    def stored_version_in_scope(self, request, version) -> bool:
        """A stored listing is in scope when every region it served is one of the user's."""
        region_ids = region_ids_editable_by(request.user)
        if region_ids is None:
            return True
        try:
            stored_regions = set(version.field_dict.get("regions", []))
        except Exception:  # noqa: BLE001 - a version that no longer deserialises is not in anyone's scope
            return False
        return bool(stored_regions) and stored_regions <= region_ids


@admin.register(Region)
class RegionAdmin(ContentAdmin):
    list_display = ("name", "key", "within", "position")
    list_editable = ("position",)


class MapGroupInline(TranslationTabularInline):
    form = TokenCheckedForm
    model = MapGroup
    extra = 0
    fields = ("position", "key", "title")


class MapChildInline(ParentLimitedInline):
    """Offer only the groups and nodes of the map being edited in the inline's drop-downs."""

    limit_to_parent = {"group": "network_map", "source": "network_map", "target": "network_map"}


class MapNodeInline(MapChildInline, TranslationTabularInline):
    form = TokenCheckedForm
    model = MapNode
    extra = 0
    fields = ("position", "group", "key", "kind", "organisation", "label")
    autocomplete_fields = ("organisation",)


class MapConnectionInline(MapChildInline, TranslationTabularInline):
    form = TokenCheckedForm
    model = MapConnection
    extra = 0
    fields = ("source", "target", "label")


@admin.register(NetworkMap)
class NetworkMapAdmin(ContentAdmin):
    list_display = ("title", "chapter", "reconstructed", "updated_at")
    list_select_related = ("chapter",)
    readonly_fields = ("updated_at",)
    inlines = [MapGroupInline, MapNodeInline, MapConnectionInline]


@admin.register(Coordinator)
class CoordinatorAdmin(VersionAdmin):
    list_display = ("user", "region_names")
    filter_horizontal = ("regions",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").prefetch_related("regions")

    @admin.display(description=_("regions"))
    def region_names(self, obj: Coordinator) -> str:
        return ", ".join(region.name for region in obj.regions.all())


class CoordinatorInline(admin.StackedInline):
    """On a user's page: the regions whose listings this staff member keeps true."""

    model = Coordinator
    can_delete = True
    filter_horizontal = ("regions",)
    verbose_name_plural = _("regional coordinator of")


admin.site.unregister(User)


@admin.register(User)
class UserWithRegionsAdmin(StaffUserAdmin):
    inlines = [*StaffUserAdmin.inlines, CoordinatorInline]
