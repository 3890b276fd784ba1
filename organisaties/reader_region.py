"""The reader's region: chosen once, remembered in a plain cookie.

No account and no tracking: the cookie holds only a region key such as "limburg", is set
only when the reader picks a region, and is sent back to this site alone.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from content.page_cache import REGION_COOKIE

from .models import Region

COOKIE = REGION_COOKIE
ONE_YEAR = 365 * 24 * 3600


def remembered_region(request: HttpRequest) -> Region | None:
    """The region in the reader's cookie, with its wider regions loaded.

    One query per request, or none: the chapter page asks twice (its map and "organisations
    in your region"), so the answer is kept on the request.
    """
    if not hasattr(request, "_reader_region"):
        key = request.COOKIES.get(COOKIE)
        request._reader_region = (
            Region.objects.select_wider().filter(key=key[:50]).first() if key else None
        )
    return request._reader_region


def remember_region(response: HttpResponse, region: Region) -> None:
    response.set_cookie(
        COOKIE,
        region.key,
        max_age=ONE_YEAR,
        samesite="Lax",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,  # HTTPS-only in production, like every other cookie
    )
