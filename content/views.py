from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.views.decorators.http import require_safe


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The offline service worker, served from the site root so it may look after every page."""
    assets = [static("css/site.css"), static("django_htmx/htmx-2.min.js"), static("js/site.js")]
    response = TemplateResponse(
        request, "sw.js", {"assets": assets}, content_type="text/javascript"
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's login page)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
