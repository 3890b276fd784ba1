"""Check every external URL the portal shows (sources, websites, links in texts) and record the results.

Concurrent (LINK_CHECK_WORKERS at a time), with a timeout per request (LINK_CHECK_TIMEOUT),
following redirects, HEAD with a GET fallback. Run it weekly (README). Broken links and
permanent redirects appear in the admin (Upkeep → Link checks) and in "Mijn regio".
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from onderhoud.links import check_and_record, collect_uses, forget_unused


class Command(BaseCommand):
    help = "Check every external URL and record status, final URL and failures in a row."

    def add_arguments(self, parser):
        parser.add_argument("--url", action="append", default=[], help="Check only this URL.")
        parser.add_argument("--timeout", type=float, default=settings.LINK_CHECK_TIMEOUT)
        parser.add_argument("--workers", type=int, default=settings.LINK_CHECK_WORKERS)
        parser.add_argument(
            "--list",
            action="store_true",
            dest="list_only",
            help="Only count and list the URLs; check nothing.",
        )

    def handle(self, *args, url, timeout, workers, list_only, **options):
        uses = collect_uses()
        urls = url or sorted(uses)
        if list_only:
            for address in urls:
                self.stdout.write(f"{address}  ({len(uses.get(address, []))} use(s))")
            self.stdout.write(f"{len(urls)} URL(s).")
            return
        checks, seconds = check_and_record(urls, timeout=timeout, workers=workers)
        if not url:
            forget_unused(set(uses))
        broken = sum(check.is_broken for check in checks)
        moved = sum(bool(check.moved_to) for check in checks)
        self.stdout.write(
            f"Checked {len(checks)} URL(s) in {seconds:.1f} s: {broken} broken, "
            f"{moved} moved permanently."
        )
        for check in checks:
            if check.is_broken:
                detail = check.status or check.error
                self.stdout.write(
                    f"  broken: {check.url} ({check.get_outcome_display()}: {detail})"
                )
