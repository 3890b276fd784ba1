"""E-mail 'is this still correct?' to every listing that is due (cron or a systemd timer; README).

Safe to run twice: a listing asked within the period (VERIFY_EVERY_DAYS) is not asked again.
`--listing SLUG` sends to one listing now, whether it is due or not.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from content.configuration import refuse_without_secret_key
from onderhoud.verification import due_for_verification, send_due
from organisaties.models import Organisation


class Command(BaseCommand):
    help = "Send the yearly verification e-mail to listings that are due (or to --listing now)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--listing",
            action="append",
            default=[],
            metavar="SLUG",
            help="Send to this listing now (repeatable), even if it is not due.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list who would get an e-mail."
        )

    def handle(self, *args, listing: list[str], dry_run: bool, **options):
        if not dry_run:
            try:  # the links are signed: a key invented for this run would never open
                refuse_without_secret_key()
            except ImproperlyConfigured as error:
                raise CommandError(str(error)) from error
        if listing:
            organisations = list(
                Organisation.objects.filter(slug__in=listing).prefetch_related("regions")
            )
            unknown = set(listing) - {o.slug for o in organisations}
            if unknown:
                raise CommandError(f"Unknown listing(s): {', '.join(sorted(unknown))}")
            missing = [o.slug for o in organisations if not o.verification_address]
            if missing:
                raise CommandError(f"No e-mail address for: {', '.join(missing)}")
        else:
            organisations = list(due_for_verification())
        if dry_run:
            for organisation in organisations:
                self.stdout.write(f"{organisation.slug} → {organisation.verification_address}")
            self.stdout.write(f"{len(organisations)} listing(s) would get an e-mail.")
            return
        sent, errors = send_due(organisations=organisations)
        self.stdout.write(f"Verification e-mails sent: {sent}.")
        if errors:
            raise CommandError("Not sent:\n" + "\n".join(errors))
