"""Draw every network map again in every language (after an upgrade of the drawing code or of
Graphviz, or when a map was changed outside the admin). Maps whose input did not change are
skipped unless --force."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from content.models import ContentVersion
from organisaties.drawing import drawing_languages, render_drawings
from organisaties.models import NetworkMap


class Command(BaseCommand):
    help = "Draw the network maps as SVG in every language (what the pages show)."

    def add_arguments(self, parser):
        parser.add_argument("--map", dest="slug", help="Only the map of this chapter (its slug).")
        parser.add_argument(
            "--language", action="append", help="Only these languages (repeat the option)."
        )
        parser.add_argument(
            "--force", action="store_true", help="Draw even what did not change since last time."
        )

    def handle(self, *args, slug=None, language=None, force=False, **options):
        unknown = set(language or []) - set(drawing_languages())
        if unknown:
            raise CommandError(f"Unknown language(s): {', '.join(sorted(unknown))}.")
        maps = NetworkMap.objects.select_related("chapter").order_by("chapter__number")
        if slug:
            maps = maps.filter(chapter__slug=slug)
            if not maps.exists():
                raise CommandError(f"No network map for chapter {slug!r}.")
        failures = 0
        with transaction.atomic(), ContentVersion.deferred():  # one bump: pages render afresh once
            for network_map in maps:
                report = render_drawings(network_map, languages=language, force=force)
                failures += len(report.failed)
                self.stdout.write(
                    f"{network_map.chapter.slug}: drawn {', '.join(report.drawn) or '-'}; "
                    f"unchanged {', '.join(report.unchanged) or '-'} ({report.seconds:.2f} s)"
                )
                for lang, error in report.failed.items():
                    self.stderr.write(f"  {lang}: cannot be drawn: {error}")
        if failures:
            raise CommandError(f"{failures} drawing(s) failed; those pages show the map as a list.")
