"""Public pages: a reader's report, and the two links of the verification e-mail. Plus "Mijn regio"."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from .forms import ProposalForm, ReportForm, report_box_id
from .overview import build_overview, may_see_overview
from .reports import form_stamp, record_report, sender_key, stamp_problem, too_many_reports
from .verification import LinkProblem, confirm, listing_values, open_request, propose


def _back_url(form: ReportForm) -> str:
    """The page the report is about, for readers without JavaScript (who left it to send)."""
    cleaned = getattr(form, "cleaned_data", {})
    if cleaned.get("organisation"):
        return cleaned["organisation"].get_absolute_url()
    if cleaned.get("section"):
        section = cleaned["section"]
        return f"{section.chapter.get_absolute_url()}#{section.key}"
    return ""


def _report_response(request, form, *, status: int, thanks: bool = False, message: str = ""):
    context = {"form": form, "thanks": thanks, "problem": message, "next": _back_url(form)}
    template = "onderhoud/report.html"
    if request.htmx:
        template += "#result"  # only the form's box is swapped
    return TemplateResponse(request, template, context, status=status)


# Anonymous and without a session: a forged cross-site post can do nothing that the forger could
# not do by posting this form directly, and a CSRF cookie would end the readers' cookie-free,
# cached pages. The honeypot, the signed time stamp and the rate limit guard this form instead.
@csrf_exempt
@require_POST
@vary_on_headers("HX-Request")
def report(request: HttpRequest) -> HttpResponse:
    """A reader says something is wrong on a listing or a chapter section."""
    form = ReportForm(request.POST, auto_id=_auto_id(request))
    if request.POST.get("website"):
        # The honeypot was filled: thank the software and keep nothing.
        return _report_response(request, ReportForm(), status=200, thanks=True)
    if not form.is_valid():
        return _report_response(request, form, status=400)
    problem = stamp_problem(form.cleaned_data["stamp"])
    if problem:
        return _report_response(request, _refreshed(form), status=400, message=problem)
    key = sender_key(request)
    if too_many_reports(key):
        message = _("You sent several messages in a short time. Please try again in an hour.")
        return _report_response(request, form, status=429, message=message)
    record_report(**form.cleaned_data, language=get_language() or "", sender_key=key)
    return _report_response(request, form, status=200, thanks=True)


def _auto_id(request: HttpRequest) -> str:
    return report_box_id(section_pk=request.POST.get("section", "")[:12]) + "-%s"


def _refreshed(form: ReportForm) -> ReportForm:
    """The same form and message with a fresh time stamp, to send again."""
    data = form.data.copy()
    data["stamp"] = form_stamp()
    return ReportForm(data, auto_id=form.auto_id)


def _link_problem(request: HttpRequest, problem: LinkProblem) -> HttpResponse:
    return TemplateResponse(
        request, "onderhoud/link_problem.html", {"message": problem.message}, status=problem.status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """'Yes, this is still correct': the page shows the listing; the button confirms it (once)."""
    try:
        verification = open_request(token)
        if request.method == "POST":
            confirm(verification)
            return TemplateResponse(
                request, "onderhoud/verified.html", {"organisation": verification.organisation}
            )
    except LinkProblem as problem:
        return _link_problem(request, problem)
    context = {
        "verification": verification,
        "organisation": verification.organisation,
        "token": token,
    }
    return TemplateResponse(request, "onderhoud/verify.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def propose_changes(request: HttpRequest, token: str) -> HttpResponse:
    """'Something has changed': the listing in a form; what the organisation changes becomes a proposal."""
    try:
        verification = open_request(token)
        form = ProposalForm(request.POST or None, shown=listing_values(verification.organisation))
        if request.method == "POST" and form.is_valid():
            propose(verification, form.cleaned_data, form.cleaned_data["note"])
            return TemplateResponse(
                request, "onderhoud/proposed.html", {"organisation": verification.organisation}
            )
    except LinkProblem as problem:
        return _link_problem(request, problem)
    context = {"form": form, "organisation": verification.organisation, "token": token}
    return TemplateResponse(
        request, "onderhoud/propose.html", context, status=400 if form.errors else 200
    )


def my_region(request: HttpRequest) -> HttpResponse:
    """'Mijn regio' (admin): what needs a coordinator in their region, and where help is missing."""
    if not may_see_overview(request.user):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": _("My region"),
        **build_overview(request.user),
    }
    return TemplateResponse(request, "admin/onderhoud/my_region.html", context)
