"""E-mail each coordinator (and editor) the reader reports received since their last digest.

Run it daily (README). Safe to run twice: each digest remembers up to when it covered.
"""

import smtplib

from django.core.management.base import BaseCommand, CommandError

from onderhoud.reports import send_digests


class Command(BaseCommand):
    help = "Send the daily digest of new reader reports to coordinators and editors."

    def handle(self, *args, **options):
        try:
            sent, reports = send_digests()
        except (OSError, smtplib.SMTPException) as error:
            # What was sent before the failure is remembered; the rest goes out next time.
            raise CommandError(f"The mail server failed: {error}") from error
        self.stdout.write(f"Digests sent: {sent} ({reports} report(s)).")
