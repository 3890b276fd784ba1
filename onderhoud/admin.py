"""The coordinators' and editors' queue: verification e-mails, proposed changes, reader reports
and broken links, each scoped like the listings, plus "send the check now" on the listings."""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin

from content.admin import ScopedVersionAdmin, scoped_objects
from organisaties.admin import OrganisationAdmin
from organisaties.models import Organisation, region_ids_editable_by

from .links import LinkUse, OutOfScope, accept_redirect, collect_uses
from .models import ChangeProposal, LinkCheck, Report, ReportDigest, VerificationRequest
from .verification import ProposalInvalid, decide, send_due

# The reporter's address and the rate-limit key are deleted when a report closes: the history
# must not keep them either.
reversion.register(Report, exclude=("email", "sender_key"))

admin.site.unregister(Organisation)


@admin.register(Organisation)
class OrganisationWithChecksAdmin(OrganisationAdmin):
    """The listings' admin (organisaties), with the verification e-mail on demand."""

    actions = [*OrganisationAdmin.actions, "send_verification_now"]

    @admin.action(description=_("Send the verification e-mail now"), permissions=["change"])
    def send_verification_now(self, request, queryset):
        organisations = list(queryset.prefetch_related("regions"))
        without = [o for o in organisations if not o.verification_address]
        sent, errors = send_due(
            organisations=[o for o in organisations if o.verification_address],
            requested_by=request.user,
        )
        if sent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d verification e-mail sent.",
                    "%(count)d verification e-mails sent.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
        if without:
            self.message_user(
                request,
                _("No e-mail address, nothing sent: %(names)s")
                % {"names": ", ".join(o.name for o in without)},
                messages.WARNING,
            )
        for error in errors:
            self.message_user(request, _("Not sent: %(error)s") % {"error": error}, messages.ERROR)


class ScopedQueueAdmin(ScopedVersionAdmin):
    """Lists only the rows of the listings (or chapter text) the user may edit; their history
    follows the same scope (content.admin.ScopedVersionAdmin)."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def is_scoped(self, request) -> bool:
        return region_ids_editable_by(request.user) is not None

    def has_add_permission(self, request):
        return False  # they come from e-mails, readers and the link checker


@admin.register(VerificationRequest)
class VerificationRequestAdmin(ScopedQueueAdmin):
    list_display = ("organisation", "email", "language", "sent_at", "answered_at", "answer")
    list_filter = ("answer", ("answered_at", admin.EmptyFieldListFilter))
    list_select_related = ("organisation",)
    search_fields = ("organisation__name", "email")
    readonly_fields = [f.name for f in VerificationRequest._meta.fields if f.name != "id"]
    date_hierarchy = "sent_at"

    def has_change_permission(self, request, obj=None):
        return False  # a record of what was sent and answered; nothing to edit


@admin.register(ChangeProposal)
class ChangeProposalAdmin(ScopedQueueAdmin):
    """The change view is the review: listing now and proposed value side by side, a tick per field."""

    list_display = ("organisation", "proposed_by", "created_at", "status", "proposed_fields")
    list_filter = ("status",)
    list_select_related = ("organisation",)
    search_fields = ("organisation__name", "proposed_by")

    @admin.display(description=_("fields"))
    def proposed_fields(self, proposal: ChangeProposal) -> str:
        return ", ".join(_label(name) for name in proposal.proposed) or "–"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        proposal = self.get_object(request, unquote(object_id))
        if proposal is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        organisation_admin = self.admin_site.get_model_admin(Organisation)
        may_decide = (
            proposal.is_open
            and self.has_change_permission(request, proposal)
            and organisation_admin.has_change_permission(request, proposal.organisation)
        )
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            accepted = [] if "_reject" in request.POST else request.POST.getlist("accept")
            try:
                decide(proposal, accepted=accepted, user=request.user)
            except ProposalInvalid as invalid:
                for message in invalid.messages:
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Decided: %(status)s.") % {"status": proposal.get_status_display()},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:onderhoud_changeproposal_changelist"))
        rows = [
            {
                "name": name,
                "label": _label(name),
                "shown": proposal.shown.get(name, ""),
                "now": getattr(proposal.organisation, name, ""),
                "proposed": value,
                "accepted": name in proposal.accepted_fields,
            }
            for name, value in proposal.proposed.items()
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Proposed change: %(name)s") % {"name": proposal.organisation},
            "proposal": proposal,
            "rows": rows,
            "may_decide": may_decide,
            "organisation_url": reverse(
                "admin:organisaties_organisation_change", args=[proposal.organisation_id]
            ),
        }
        return TemplateResponse(request, "admin/onderhoud/changeproposal/review.html", context)


def _label(name: str) -> str:
    field = Organisation._meta.get_field(name.removesuffix("_nl"))
    return str(field.verbose_name)


@admin.register(Report)
class ReportAdmin(ScopedQueueAdmin):
    list_display = ("created_at", "about_link", "short_message", "has_email", "status")
    list_filter = ("status",)
    list_select_related = ("organisation", "section__chapter")
    search_fields = ("message", "organisation__name")
    actions = ["close_reports"]
    fields = ("about_link", "message", "email", "language", "created_at", "status", "staff_note")
    readonly_fields = ("about_link", "message", "email", "language", "created_at", "status")

    @admin.display(description=_("about"))
    def about_link(self, report: Report) -> str:
        about = report.about
        if about is None:
            return "–"
        return format_html('<a href="{}">{}</a>', about.get_absolute_url(), about)

    @admin.display(description=_("message"))
    def short_message(self, report: Report) -> str:
        return report.message[:120]

    @admin.display(description=_("e-mail"), boolean=True)
    def has_email(self, report: Report) -> bool:
        return bool(report.email)

    @admin.action(
        description=_("Close (the reporter's e-mail address is deleted)"), permissions=["change"]
    )
    def close_reports(self, request, queryset):
        reports = list(queryset.filter(status=Report.Status.NEW))
        for report in reports:
            report.close(by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d report closed.", "%(count)d reports closed.", len(reports))
            % {"count": len(reports)},
            messages.SUCCESS,
        )


@admin.register(ReportDigest)
class ReportDigestAdmin(VersionAdmin):
    list_display = ("user", "sent_at", "covered_until", "report_count")
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LinkStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("broken", _("Broken")), ("moved", _("Moved permanently"))]

    def queryset(self, request, queryset):
        if self.value() == "broken":
            return queryset.broken()
        if self.value() == "moved":
            return queryset.moved()
        return queryset


def _admin_link(use: LinkUse) -> str:
    """The admin page where a use is edited: its own, or its chapter's (sections and actions are inlines)."""
    model = type(use.obj)
    if admin.site.is_registered(model):
        return reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[use.obj.pk]
        )
    chapter_id = getattr(use.obj, "chapter_id", None)
    if chapter_id:
        return reverse("admin:trajecten_chapter_change", args=[chapter_id])
    return ""


@admin.register(LinkCheck)
class LinkCheckAdmin(ScopedVersionAdmin):
    """The broken-links report. A coordinator sees the links of their own listings only."""

    list_display = (
        "url_link",
        "outcome",
        "status",
        "consecutive_failures",
        "checked_at",
        "accept_button",
    )
    list_filter = (LinkStateFilter, "outcome")
    search_fields = ("url", "final_url")
    actions = ["accept_redirects"]
    readonly_fields = [f.name for f in LinkCheck._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False  # `manage.py check_links` fills this

    def is_scoped(self, request) -> bool:
        return not request.user.is_superuser

    def _uses(self, request) -> dict[str, list[LinkUse]]:
        """Where each URL is used, within what the user may see (a few queries, once per request)."""
        if not hasattr(request, "_link_uses"):
            scope = (
                None
                if request.user.is_superuser
                else (lambda model: scoped_objects(request, model))
            )
            request._link_uses = collect_uses(scope)
        return request._link_uses

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(url__in=list(self._uses(request)))

    def get_urls(self):
        return [
            path(
                "<int:pk>/accept-redirect/",
                self.admin_site.admin_view(require_POST(self.accept_redirect_view)),
                name="onderhoud_linkcheck_accept",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("URL"), ordering="url")
    def url_link(self, check: LinkCheck) -> str:
        return format_html('<a href="{0}" rel="noopener noreferrer">{0}</a>', check.url)

    def get_list_display(self, request):
        uses = self._uses(request)  # computed once for the whole list

        @admin.display(description=_("used in"))
        def where_used(check: LinkCheck) -> str:
            places = dict.fromkeys((_admin_link(use), use.label) for use in uses.get(check.url, []))
            return format_html_join(", ", '<a href="{}">{}</a>', places) or "–"

        display = list(super().get_list_display(request))
        display.insert(-1, where_used)
        return display

    @admin.display(description=_("moved permanently to"))
    def accept_button(self, check: LinkCheck) -> str:
        if not check.moved_to:
            return "–"
        # One click: the button posts the list's own form (with its CSRF token) to this URL.
        return format_html(
            '{} <button type="submit" class="button" formaction="{}" formmethod="post">{}</button>',
            check.moved_to,
            reverse("admin:onderhoud_linkcheck_accept", args=[check.pk]),
            _("Accept"),
        )

    def _accept(self, request, checks) -> None:
        uses = collect_uses(None)

        def editable(use: LinkUse) -> bool:
            model = type(use.obj)
            if admin.site.is_registered(model):
                return admin.site.get_model_admin(model).has_change_permission(request, use.obj)
            opts = model._meta
            return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

        for check in checks:
            if not check.moved_to:
                continue
            try:
                changed = accept_redirect(
                    check, user=request.user, uses=uses.get(check.url, []), editable=editable
                )
            except OutOfScope:
                self.message_user(
                    request,
                    _("%(url)s is also used where you cannot edit: ask an editor.")
                    % {"url": check.url},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(url)s replaced by %(new)s in %(count)d place.",
                        "%(url)s replaced by %(new)s in %(count)d places.",
                        changed,
                    )
                    % {"url": check.url, "new": check.moved_to, "count": changed},
                    messages.SUCCESS,
                )

    @admin.action(description=_("Accept the permanent redirect"), permissions=["change"])
    def accept_redirects(self, request, queryset):
        self._accept(request, list(queryset))

    def accept_redirect_view(self, request: HttpRequest, pk: int):
        if not self.has_change_permission(request):
            raise PermissionDenied
        check = get_object_or_404(self.get_queryset(request), pk=pk)
        self._accept(request, [check])
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("admin:onderhoud_linkcheck_changelist")
        return HttpResponseRedirect(back)
