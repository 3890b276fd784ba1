"""The reader's region: chosen once on a chapter page, remembered in a plain cookie.

No account and no tracking: the cookie holds only a region key such as "limburg", is set
only when the reader picks a region, and is sent back to this site alone.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .models import Region

COOKIE = "vluchtwijzer_regio"
ONE_YEAR = 365 * 24 * 3600


def chosen_region(request: HttpRequest) -> tuple[Region | None, bool]:
    """The region in ?regio= (just chosen) or in the cookie; and whether it was just chosen."""
    key = request.GET.get("regio")
    just_chosen = key is not None
    key = key or request.COOKIES.get(COOKIE)
    if not key:
        return None, just_chosen
    return Region.objects.with_wider().filter(key=key[:50]).first(), just_chosen


def remember_region(response: HttpResponse, region: Region) -> None:
    response.set_cookie(
        COOKIE,
        region.key,
        max_age=ONE_YEAR,
        samesite="Lax",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,  # HTTPS-only in production, like every other cookie
    )
