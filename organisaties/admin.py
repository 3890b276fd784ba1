import base64

from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationTabularInline
from reversion.admin import VersionAdmin

from beheer.admin import StaffUserAdmin
from content.admin import ContentAdmin, ParentLimitedInline, TokenCheckedForm

from . import diagram
from .drawing import render_drawings, standalone_svg
from .models import (
    Coordinator,
    MapConnection,
    MapGroup,
    MapNode,
    NetworkMap,
    Organisation,
    Region,
    Service,
    region_ids_editable_by,
    verify_every,
)

# A change to any of these changes what a map's box of this organisation shows.
DRAWN_ORGANISATION_FIELDS = {"name", "abbreviation", "slug"}


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
    list_filter = (NotVerifiedFilter, "kind", "service", "regions", "chapters", "status")
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
        (_("Where and when"), {"fields": ("regions", "service", "chapters", "updated_at")}),
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

    def save_related(self, request, form, formsets, change):
        """A renamed organisation: draw the maps it is on again, with its new name."""
        super().save_related(request, form, formsets, change)
        if change and DRAWN_ORGANISATION_FIELDS & set(form.changed_data):
            for network_map in NetworkMap.objects.showing(form.instance):
                render_drawings(network_map)

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


@admin.register(Service)
class ServiceAdmin(ContentAdmin):
    list_display = ("name", "key", "position")
    list_editable = ("position",)
    search_fields = ("key", "name_nl")


class MapFormSet(BaseInlineFormSet):
    """An inline of a map that sees the map's other inlines, to check the map as a whole.

    The admin validates each inline on its own; a box in a group that is being deleted, or an
    arrow that makes the map impossible to lay out, only shows across them. NetworkMapAdmin
    hands every inline of one form the same `siblings` dict (model -> formset).
    """

    def __init__(self, *args, siblings: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.siblings = siblings if siblings is not None else {}
        self.siblings[self.model] = self

    def sibling(self, model) -> "MapFormSet | None":
        formset = self.siblings.get(model)
        return formset if formset is not None and formset.is_valid() else None

    def deleted_pks(self) -> set:
        return {
            form.instance.pk
            for form in self.forms
            if form.instance.pk and self.can_delete and self._should_delete_form(form)
        }

    def kept_forms(self) -> list:
        """The forms whose rows exist after the save: not deleted, and no empty extra forms."""
        return [
            form
            for form in self.forms
            if not (self.can_delete and self._should_delete_form(form))
            and (form.instance.pk or form.has_changed())
        ]


class MapNodeFormSet(MapFormSet):
    def clean(self):
        super().clean()
        groups = self.sibling(MapGroup)
        deleted = groups.deleted_pks() if groups else set()
        for form in self.kept_forms():
            group = form.cleaned_data.get("group")
            if group is not None and group.pk in deleted:
                form.add_error(
                    "group",
                    _("This group is being deleted: move the box to another group first."),
                )


class MapConnectionFormSet(MapFormSet):
    def clean(self):
        super().clean()
        nodes, groups = self.sibling(MapNode), self.sibling(MapGroup)
        if nodes is None or groups is None or any(form.errors for form in self.forms):
            return  # their own messages first; the map as a whole is checked once they are right
        deleted = nodes.deleted_pks()
        kept = self.kept_forms()
        for form in kept:
            for end in ("source", "target"):
                node = form.cleaned_data.get(end)
                if node is not None and node.pk in deleted:
                    form.add_error(end, _("This box is being deleted: remove the arrow too."))
        if any(form.errors for form in kept):
            return
        problems = map_problems(groups.kept_forms(), nodes.kept_forms(), kept)
        if problems:
            raise ValidationError(
                _(
                    "The map cannot be drawn with these boxes and arrows (%(problem)s). An arrow "
                    "back to an earlier box, closing a circle, is the usual cause: remove it or "
                    "let it point the other way."
                ),
                params={"problem": "; ".join(problems)},
                code="undrawable",
            )


def map_problems(group_forms, node_forms, connection_forms) -> list[str]:
    """Lay the map out as it will be after the save (in Dutch) and list what keeps it from
    being drawn; diagram.problems() runs the real layout, so this takes a moment."""
    with translation.override("nl"):
        groups = [
            diagram.DiagramGroup(f"g{form.instance.pk}", form.instance.title or "")
            for form in group_forms
            if form.instance.pk
        ]
        nodes = [
            diagram.DiagramNode(
                f"n{form.instance.pk or f'new{index}'}",
                f"g{form.instance.group_id}" if form.instance.group_id else "",
                form.instance.kind,
                form.instance.display_label,
            )
            for index, form in enumerate(node_forms)
        ]
        edges = [
            diagram.DiagramEdge(
                f"n{form.instance.source_id}", f"n{form.instance.target_id}", form.instance.label
            )
            for form in connection_forms
        ]
    return diagram.problems(groups, nodes, edges)


class MapGroupInline(TranslationTabularInline):
    form = TokenCheckedForm
    model = MapGroup
    formset = MapFormSet
    extra = 0
    fields = ("position", "key", "title")


class MapChildInline(ParentLimitedInline):
    """Offer only the groups and nodes of the map being edited in the inline's drop-downs."""

    limit_to_parent = {"group": "network_map", "source": "network_map", "target": "network_map"}


class MapNodeInline(MapChildInline, TranslationTabularInline):
    form = TokenCheckedForm
    model = MapNode
    formset = MapNodeFormSet
    extra = 0
    fields = ("position", "group", "key", "kind", "organisation", "stands_for", "label")
    autocomplete_fields = ("organisation",)


class MapConnectionInline(MapChildInline, TranslationTabularInline):
    form = TokenCheckedForm
    model = MapConnection
    formset = MapConnectionFormSet
    extra = 0
    fields = ("source", "target", "label")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("source", "target"):
            # The drop-down offers this map's boxes only; a forged id gets a clear refusal.
            kwargs["error_messages"] = {
                "invalid_choice": _(
                    "Choose a box of this map: an arrow cannot lead to a box on another map."
                )
            }
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(NetworkMap)
class NetworkMapAdmin(ContentAdmin):
    """A map with its groups, boxes and arrows; saving it draws it again in every language."""

    list_display = ("title", "chapter", "reconstructed", "updated_at")
    list_select_related = ("chapter",)
    readonly_fields = ("updated_at", "drawing_preview")
    inlines = [MapGroupInline, MapNodeInline, MapConnectionInline]
    fieldsets = [
        (None, {"fields": ("chapter", "title", "intro", "reconstructed", "updated_at")}),
        (_("Drawing"), {"fields": ("drawing_preview",)}),
    ]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """Every inline of this request's form shares one `siblings` dict (see MapFormSet)."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        kwargs["siblings"] = request.__dict__.setdefault("_map_formsets", {})
        return kwargs

    def save_related(self, request, form, formsets, change):
        """Once the map and all its inlines are saved: draw it again, once, in every language."""
        super().save_related(request, form, formsets, change)
        report = render_drawings(form.instance)
        if report.failed:
            self.message_user(
                request,
                _(
                    "The map was saved, but it could not be drawn in %(languages)s: readers "
                    "there see it as a list."
                )
                % {"languages": ", ".join(report.failed)},
                messages.WARNING,
            )

    @admin.display(description=_("drawing"))
    def drawing_preview(self, obj: NetworkMap | None) -> str:
        """The stored drawing in Dutch, as readers see it (without a region chosen)."""
        drawings = {d.language: d for d in obj.drawings.all()} if obj and obj.pk else {}
        drawing = drawings.get("nl") or next(iter(drawings.values()), None)
        if drawing is None:
            return _("The map is drawn when you save it.")
        image = base64.b64encode(standalone_svg(drawing, []).encode()).decode()
        shown = min(drawing.width, 680)  # scaled down to fit the form; full size on the site
        return format_html(
            '<p>{}</p><p><img class="netdiagram-preview" src="data:image/svg+xml;base64,{}" '
            'alt="{}" width="{}" height="{}"></p><p><a href="{}">{}</a></p>',
            _("Drawn in %(languages)s on %(date)s.")
            % {
                "languages": ", ".join(sorted(drawings)),
                "date": date_format(timezone.localtime(drawing.rendered_at), "DATETIME_FORMAT"),
            },
            image,
            _("Preview of the drawing in %(language)s") % {"language": drawing.language},
            shown,
            round(drawing.height * shown / drawing.width),
            obj.get_drawing_url(),
            _("Open it full screen on the site"),
        )


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
