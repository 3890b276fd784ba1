"""The work that keeps listings and links true, and who may see it.

- VerificationRequest: one "is this still correct?" e-mail to a listing's contact address; its
  token (signed in the links) answers once.
- ChangeProposal: what an organisation says changed; never published by itself, a coordinator
  of the listing's region (an editor for wider listings) accepts it field by field.
- Report: a reader's "something is wrong here" about a listing or a chapter section.
- ReportDigest: which reports a staff member's daily digest already covered.
- LinkCheck: the last check of one external URL (sources, websites, links in text).

Scope follows the listings: a coordinator sees the work of the listings they may edit
(`Organisation.objects.editable_by`), editors see everything, and only those who may edit
chapters see reports about chapter text. This app sits above organisaties, woordenlijst and
trajecten (README, Layout); its rows are staff records, so saving them never touches the
readers' page cache.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisaties.models import ContactLanguage, Organisation
from trajecten.models import Section

CHAPTER_TEXT_PERMISSION = "trajecten.change_section"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def answer_window():
    return timezone.timedelta(days=settings.VERIFY_ANSWER_DAYS)


class VerificationRequestQuerySet(models.QuerySet):
    def for_organisations(self, organisations):
        return self.filter(organisation__in=organisations)

    def visible_to(self, user):
        return self.for_organisations(Organisation.objects.editable_by(user))

    def unanswered(self):
        return self.filter(sent_at__isnull=False, answered_at__isnull=True)

    def waiting(self, now=None):
        """Sent less than VERIFY_ANSWER_DAYS ago and not answered yet: the links still work."""
        now = now or timezone.now()
        return self.unanswered().filter(sent_at__gt=now - answer_window())

    def overdue(self, now=None):
        """No answer after VERIFY_ANSWER_DAYS, the listing's latest request, and not verified since.

        These listings are in the coordinator's queue: phone them or check the website.
        """
        now = now or timezone.now()
        newer = VerificationRequest.objects.filter(
            organisation=OuterRef("organisation"), created_at__gt=OuterRef("created_at")
        )
        return (
            self.unanswered()
            .filter(sent_at__lte=now - answer_window())
            .exclude(Exists(newer))
            .exclude(organisation__last_verified__gte=models.F("sent_at__date"))
        )


class VerificationRequest(models.Model):
    """One "is this still correct?" e-mail to a listing's contact address, answerable once."""

    class Answer(models.TextChoices):
        CONFIRMED = "confirmed", _("Still correct")
        CHANGES = "changes", _("Changes proposed")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="verification_requests",
        verbose_name=_("organisation"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    email = models.EmailField(_("sent to"))
    language = models.CharField(_("language"), max_length=2, choices=ContactLanguage)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent on request of"),
        help_text=_("Empty: sent by the yearly schedule."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer, blank=True)

    objects = VerificationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("verification e-mail")
        verbose_name_plural = _("verification e-mails")
        indexes = [models.Index(fields=["organisation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.email}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class ChangeProposalQuerySet(models.QuerySet):
    def for_organisations(self, organisations):
        return self.filter(organisation__in=organisations)

    def visible_to(self, user):
        return self.for_organisations(Organisation.objects.editable_by(user))

    def open(self):
        return self.filter(status=ChangeProposal.Status.OPEN)


class ChangeProposal(models.Model):
    """Changes an organisation proposes to its listing; staff accept them field by field.

    `proposed` holds only the fields that differ from the listing as it was shown
    (`shown`); accepting never publishes anything the reviewer did not tick.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        PARTLY_ACCEPTED = "partly", _("Partly accepted")
        REJECTED = "rejected", _("Rejected")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="change_proposals",
        verbose_name=_("organisation"),
    )
    verification_request = models.ForeignKey(
        VerificationRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("verification e-mail"),
    )
    proposed_by = models.EmailField(_("proposed by"), blank=True)
    shown = models.JSONField(_("listing as shown"), default=dict)
    proposed = models.JSONField(_("proposed values"), default=dict)
    note = models.TextField(_("note from the organisation"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)
    accepted_fields = models.JSONField(_("accepted fields"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = ChangeProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.created_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Report.Status.NEW)

    def visible_to(self, user):
        """Reports on listings the user may edit; chapter text for those who may edit chapters."""
        if not user.is_authenticated:
            return self.none()
        return self.about(
            Organisation.objects.editable_by(user),
            chapter_text=user.has_perm(CHAPTER_TEXT_PERMISSION),
        )

    def about(self, organisations, *, chapter_text: bool):
        visible = Q(organisation__in=organisations)
        if chapter_text:
            visible |= Q(section__isnull=False)
        return self.filter(visible)

    def from_sender(self, sender_key: str, since):
        return self.filter(sender_key=sender_key, created_at__gte=since)


class Report(models.Model):
    """A reader's "something is wrong here" about a listing or a section of a chapter."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("organisation"),
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chapter section"),
    )
    message = models.TextField(_("what is wrong"))
    email = models.EmailField(
        _("reporter's e-mail"),
        blank=True,
        help_text=_("Deleted when the report is closed."),
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    # A keyed hash of the sender's address, for the rate limit only; erased when the report closes.
    sender_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.NEW)
    staff_note = models.TextField(_("staff note"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reader report")
        verbose_name_plural = _("reader reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, section__isnull=True)
                | Q(organisation__isnull=True, section__isnull=False),
                name="report_about_a_listing_or_a_section",
            )
        ]

    def __str__(self) -> str:
        return f"{self.about} ({self.created_at:%Y-%m-%d})"

    @property
    def about(self):
        return self.organisation if self.organisation_id else self.section

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.NEW

    def close(self, *, by) -> None:
        """Close the report and forget the reporter: their address and the rate-limit key go."""
        self.status = self.Status.CLOSED
        self.closed_at = timezone.now()
        self.closed_by = by
        self.email = ""
        self.sender_key = ""
        self.save(update_fields=["status", "closed_at", "closed_by", "email", "sender_key"])


class ReportDigest(models.Model):
    """One daily digest e-mail to a staff member: it covered the reports received up to `covered_until`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    covered_until = models.DateTimeField(_("covers reports until"))
    report_count = models.PositiveIntegerField(_("reports"), default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("report digest")
        verbose_name_plural = _("report digests")

    def __str__(self) -> str:
        return f"{self.user} {self.sent_at:%Y-%m-%d}"


class LinkCheckQuerySet(models.QuerySet):
    def broken(self):
        return self.filter(is_broken=True)

    def moved(self):
        """Permanently redirected to another address that answers: accept with one click."""
        return self.filter(is_broken=False).exclude(moved_to="")


class LinkCheck(models.Model):
    """The latest check of one external URL, and how often in a row it failed."""

    class Outcome(models.TextChoices):
        OK = "ok", _("Works")
        HTTP_ERROR = "http", _("Error page (4xx/5xx)")
        DNS = "dns", _("Domain not found")
        TLS = "tls", _("Certificate or TLS error")
        TIMEOUT = "timeout", _("No answer in time")
        CONNECTION = "connection", _("Connection failed")
        INVALID = "invalid", _("Not a valid address")

    url = models.CharField(_("URL"), max_length=2000, unique=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome)
    status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    final_url = models.CharField(_("final URL"), max_length=2000, blank=True)
    permanent_redirect = models.BooleanField(_("permanent redirect seen"), default=False)
    moved_to = models.CharField(
        _("moved permanently to"),
        max_length=2000,
        blank=True,
        help_text=_("Where the permanent redirects lead (before any temporary one)."),
    )
    error = models.CharField(_("error"), max_length=500, blank=True)
    consecutive_failures = models.PositiveSmallIntegerField(_("failures in a row"), default=0)
    is_broken = models.BooleanField(_("broken"), default=False, db_index=True)
    checked_at = models.DateTimeField(_("checked"))

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-is_broken", "url"]
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")

    def __str__(self) -> str:
        return self.url
