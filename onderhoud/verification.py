"""The yearly "is this still correct?" e-mail, its signed links, and what an answer does.

A link carries the request's random token, signed with a timestamp (django.core.signing), so
it cannot be guessed or altered and stops working after VERIFY_ANSWER_DAYS; the request row
makes it single use. Opening a link never changes anything (mail scanners open links): the
organisation confirms with a button, or proposes changes in a form.
"""

import logging
import smtplib

import reversion
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from content.translation_status import record_dutch_edit
from organisaties.models import Organisation, verify_every

from .models import ChangeProposal, VerificationRequest, answer_window

logger = logging.getLogger(__name__)
SALT = "onderhoud.verification"

# What an organisation may propose, in the order of the form. Regions and themes are a
# coordinator's choice; anything else goes in the note.
PROPOSABLE = [
    "name",
    "abbreviation",
    "description_nl",
    "website",
    "email",
    "phone",
    "street",
    "postcode",
    "municipality",
    "languages",
]


class LinkProblem(Exception):
    """A verification link that cannot be used; `status` and `message` are shown to the visitor."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def signed_token(verification: VerificationRequest) -> str:
    return signing.TimestampSigner(salt=SALT).sign(verification.token)


def open_request(signed: str) -> VerificationRequest:
    """The request behind a link, or LinkProblem: tampered (400), unknown (404), expired or used (410)."""
    try:
        token = signing.TimestampSigner(salt=SALT).unsign(
            signed, max_age=answer_window().total_seconds()
        )
    except signing.SignatureExpired:
        raise LinkProblem(
            410, _("This link has expired. Links in the e-mail work for 30 days.")
        ) from None
    except signing.BadSignature:
        raise LinkProblem(
            400, _("This link is not valid. Copy the whole link from the e-mail.")
        ) from None
    verification = (
        VerificationRequest.objects.select_related("organisation").filter(token=token).first()
    )
    if verification is None:
        raise LinkProblem(404, _("We do not know this link (any more)."))
    if verification.is_answered:
        raise LinkProblem(
            410,
            _("This link was already used on %(date)s. Thank you!")
            % {"date": timezone.localtime(verification.answered_at).strftime("%d-%m-%Y")},
        )
    return verification


def due_for_verification(now=None):
    """Published listings with an address, not verified within the period and not asked within it."""
    now = now or timezone.now()
    period_start = now - verify_every()
    return (
        Organisation.objects.published()
        .with_verification_address()
        .not_verified_since(timezone.localdate(now) - verify_every())
        .exclude(verification_requests__created_at__gte=period_start)
        .distinct()
        .prefetch_related("regions")
    )


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def verification_message(verification: VerificationRequest) -> EmailMessage:
    """The e-mail in the listing's language: the listing as it stands and the two links."""
    organisation = verification.organisation
    with translation.override(verification.language):
        signed = signed_token(verification)
        context = {
            "organisation": organisation,
            "regions": ", ".join(region.name for region in organisation.regions.all()),
            "confirm_url": _absolute(reverse("onderhoud:verify", kwargs={"token": signed})),
            "change_url": _absolute(reverse("onderhoud:propose", kwargs={"token": signed})),
            "days": settings.VERIFY_ANSWER_DAYS,
            "site_url": settings.SITE_URL,
        }
        subject = _("Is this still correct? %(name)s on Vluchtwijzer") % {"name": organisation.name}
        body = render_to_string("onderhoud/email/verification.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [verification.email])


def send_verification(organisation: Organisation, *, requested_by=None, connection=None):
    """Create a request and e-mail it. Raises the mail error (and forgets the request) on failure."""
    verification = VerificationRequest.objects.create(
        organisation=organisation,
        email=organisation.verification_address,
        language=organisation.verification_language,
        requested_by=requested_by,
    )
    message = verification_message(verification)
    message.connection = connection  # None: a connection of its own
    try:
        message.send(fail_silently=False)
    except Exception:
        verification.delete()  # not sent: the next run tries again
        raise
    verification.sent_at = timezone.now()
    verification.save(update_fields=["sent_at"])
    return verification


def send_due(*, organisations=None, requested_by=None) -> tuple[int, list[str]]:
    """E-mail every listing in `organisations` (default: those due). Returns (sent, errors)."""
    organisations = due_for_verification() if organisations is None else organisations
    sent, errors = 0, []
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        return 0, [_("The mail server cannot be reached: %(error)s") % {"error": error}]
    try:
        for organisation in organisations:
            if not organisation.verification_address:
                errors.append(f"{organisation.slug}: " + _("no e-mail address"))
                continue
            try:
                send_verification(organisation, requested_by=requested_by, connection=connection)
            except Exception as error:  # noqa: BLE001 - one bad address must not stop the others
                logger.warning("Verification e-mail to %s failed: %s", organisation.slug, error)
                errors.append(f"{organisation.slug}: {error}")
            else:
                sent += 1
    finally:
        connection.close()
    return sent, errors


@transaction.atomic
def confirm(verification: VerificationRequest) -> None:
    """'Yes, this is still correct': the listing is verified today, by its contact address."""
    verification = VerificationRequest.objects.select_for_update().get(pk=verification.pk)
    if verification.is_answered:
        raise LinkProblem(410, _("This link was already used. Thank you!"))
    verification.answered_at = timezone.now()
    verification.answer = VerificationRequest.Answer.CONFIRMED
    verification.save(update_fields=["answered_at", "answer"])
    with reversion.create_revision():
        reversion.set_comment(
            _("Confirmed by %(email)s through the verification e-mail")
            % {"email": verification.email}
        )
        verification.organisation.mark_verified(by=verification.email)


def listing_values(organisation: Organisation) -> dict[str, str]:
    return {name: getattr(organisation, name) or "" for name in PROPOSABLE}


@transaction.atomic
def propose(verification: VerificationRequest, values: dict[str, str], note: str) -> ChangeProposal:
    """'Something has changed': a proposal for the coordinators; the listing stays as it is."""
    verification = VerificationRequest.objects.select_for_update().get(pk=verification.pk)
    if verification.is_answered:
        raise LinkProblem(410, _("This link was already used. Thank you!"))
    shown = listing_values(verification.organisation)
    proposed = {name: values[name] for name in PROPOSABLE if values.get(name, "") != shown[name]}
    verification.answered_at = timezone.now()
    verification.answer = VerificationRequest.Answer.CHANGES
    verification.save(update_fields=["answered_at", "answer"])
    return ChangeProposal.objects.create(
        organisation=verification.organisation,
        verification_request=verification,
        proposed_by=verification.email,
        shown=shown,
        proposed=proposed,
        note=note,
    )


class ProposalInvalid(Exception):
    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@transaction.atomic
def decide(proposal: ChangeProposal, *, accepted: list[str], user) -> Organisation:
    """Apply the accepted fields to the listing (one revision in its history) and close the proposal.

    Nothing is saved when the listing with those values would not be valid (ProposalInvalid).
    The proposal is kept, with what was accepted, by whom and when.
    """
    accepted = [name for name in PROPOSABLE if name in accepted and name in proposal.proposed]
    organisation = Organisation.objects.select_for_update().get(pk=proposal.organisation_id)
    if accepted:
        for name in accepted:
            setattr(organisation, name, proposal.proposed[name])
        try:
            organisation.full_clean(validate_unique=True)
        except ValidationError as error:
            raise ProposalInvalid(error.messages) from None
        if proposal.proposed_by:
            organisation.last_verified = timezone.localdate()
            organisation.last_verified_by = proposal.proposed_by
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(
                _("Accepted from the proposal of %(who)s: %(fields)s")
                % {"who": proposal.proposed_by or "?", "fields": ", ".join(accepted)}
            )
            organisation.save()
        if "description_nl" in accepted:
            record_dutch_edit(organisation, minor=False)  # the translations may now be outdated
    if not accepted:
        status = ChangeProposal.Status.REJECTED
    elif set(accepted) == set(proposal.proposed):
        status = ChangeProposal.Status.ACCEPTED
    else:
        status = ChangeProposal.Status.PARTLY_ACCEPTED
    proposal.status = status
    proposal.accepted_fields = accepted
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    with reversion.create_revision():
        reversion.set_user(user)
        proposal.save()
    return organisation
