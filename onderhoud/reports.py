"""Reader reports ("Meld een wijziging"): who may send how many, and the coordinators' digest.

No account and no third-party captcha: a honeypot field, a signed timestamp (a person needs a
few seconds to type), and a limit per address per hour. The limit counts the reports in the
database, not in a cache: the app servers share nothing but the database (README), so a
per-process cache would multiply the limit by the number of processes.
"""

import datetime
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organisaties.models import EDIT_ALL_REGIONS

from .models import Report, ReportDigest

STAMP_SALT = "onderhoud.report-form"
STAMP_MAX_AGE = 2 * 24 * 3600  # a page may stay open (or cached, or offline) a while


def client_address(request: HttpRequest) -> str:
    """The reader's address: REMOTE_ADDR, or the one the outermost of PROXY_COUNT proxies saw."""
    proxies = settings.PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def sender_key(request: HttpRequest) -> str:
    """A keyed hash of the address: enough to count, not to know who it was."""
    return salted_hmac("onderhoud.sender", client_address(request)).hexdigest()[:32]


def too_many_reports(key: str, now=None) -> bool:
    now = now or timezone.now()
    since = now - datetime.timedelta(hours=1)
    return Report.objects.from_sender(key, since).count() >= settings.REPORTS_PER_HOUR


def record_report(
    *, organisation, section, message: str, email: str, language: str, sender_key: str, **_form
) -> Report:
    """A reader's report, for the queue of whoever keeps that listing (or chapter) true."""
    return Report.objects.create(
        organisation=organisation,
        section=section,
        message=message,
        email=email,
        language=language,
        sender_key=sender_key,
    )


def form_stamp(now: float | None = None) -> str:
    """A signed 'this form was shown at' for the time check."""
    return signing.Signer(salt=STAMP_SALT).sign(str(int(now or time.time())))


def stamp_problem(stamp: str, now: float | None = None) -> str | None:
    """None when the form was shown long enough ago (and not days ago); else what to tell the reader."""
    try:
        shown = int(signing.Signer(salt=STAMP_SALT).unsign(stamp))
    except (signing.BadSignature, ValueError):
        shown = 0
    age = (now or time.time()) - shown
    if age > STAMP_MAX_AGE:
        return _("This form was open for too long. Please send your message again.")
    if age < settings.REPORT_MIN_SECONDS:
        return _("That was very quick. Please check your message and send it again.")
    return None


def digest_recipients():
    """Active staff with an address who keep listings: coordinators and editors (not plain superusers)."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    editors = get_user_model().objects.with_perm(
        EDIT_ALL_REGIONS,
        include_superusers=False,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return users.filter(Q(coordinator__isnull=False) | Q(pk__in=editors.values("pk"))).distinct()


def send_digests(*, now=None) -> tuple[int, int]:
    """E-mail each recipient the reports received since their last digest. Returns (e-mails, reports).

    Safe to run twice: each digest remembers up to when it covered, and a recipient without new
    reports gets nothing.
    """
    now = now or timezone.now()
    sent = reported = 0
    connection = get_connection(fail_silently=False)
    with connection:
        for user in digest_recipients():
            last = ReportDigest.objects.filter(user=user).order_by("-covered_until").first()
            reports = Report.objects.visible_to(user).open().filter(created_at__lte=now)
            if last is not None:
                reports = reports.filter(created_at__gt=last.covered_until)
            reports = list(
                reports.select_related("organisation", "section__chapter").order_by("created_at")
            )
            if not reports:
                continue
            with translation.override(settings.LANGUAGE_CODE):  # staff work in Dutch
                context = {
                    "user": user,
                    "reports": reports,
                    "site_url": settings.SITE_URL,
                    "queue_url": settings.SITE_URL + reverse("admin:onderhoud_report_changelist"),
                }
                subject = ngettext(
                    "Vluchtwijzer: %(count)d new reader report",
                    "Vluchtwijzer: %(count)d new reader reports",
                    len(reports),
                ) % {"count": len(reports)}
                body = render_to_string("onderhoud/email/digest.txt", context)
            EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection
            ).send(fail_silently=False)
            ReportDigest.objects.create(user=user, covered_until=now, report_count=len(reports))
            sent += 1
            reported += len(reports)
    return sent, reported
