"""E-mail each coordinator (and editor) the reader reports received since their last digest.

Run it daily (README). Safe to run twice: each digest remembers up to when it covered.
"""

from django.core.management.base import BaseCommand

from onderhoud.reports import send_digests


class Command(BaseCommand):
    help = "Send the daily digest of new reader reports to coordinators and editors."

    def handle(self, *args, **options):
        sent, reports = send_digests()
        self.stdout.write(f"Digests sent: {sent} ({reports} report(s)).")
