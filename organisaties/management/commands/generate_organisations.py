"""Add generated organisations (for the benchmark and load tests): realistic size, clearly marked."""

import itertools

from django.core.management.base import BaseCommand, CommandError

from content.models import ContentVersion
from organisaties.models import Organisation, Region
from trajecten.models import Chapter

PREFIX = "bench-"


class Command(BaseCommand):
    help = "Create N generated organisations (slug 'bench-…') spread over the regions and chapters. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=5000)

    def handle(self, *args, count: int, **options):
        if not 0 <= count <= 100_000:
            raise CommandError("--count must be between 0 and 100000.")
        regions = list(Region.objects.all())
        chapters = list(Chapter.objects.all())
        if not regions or not chapters:
            raise CommandError("Load the starterskit first (manage.py load_starterskit).")
        existing = Organisation.objects.filter(slug__startswith=PREFIX).count()
        kinds = itertools.cycle(Organisation.Kind.values)
        new = [
            Organisation(
                slug=f"{PREFIX}{n:05d}",
                name=f"Testorganisatie {n:05d}",
                kind=next(kinds),
                description_nl=f"Gegenereerde organisatie {n} voor de benchmark: helpt nieuwkomers met werk, wonen en het OCMW.",
                municipality=["Hasselt", "Gent", "Leuven", "Brugge", "Antwerpen", "Brussel"][n % 6],
            )
            for n in range(existing, count)
        ]
        created = Organisation.objects.bulk_create(new, batch_size=1000)
        Organisation.regions.through.objects.bulk_create(
            [
                Organisation.regions.through(organisation=o, region=regions[i % len(regions)])
                for i, o in enumerate(created)
            ],
            batch_size=2000,
        )
        Organisation.chapters.through.objects.bulk_create(
            [
                Organisation.chapters.through(organisation=o, chapter=chapters[i % len(chapters)])
                for i, o in enumerate(created)
            ],
            batch_size=2000,
        )
        ContentVersion.bump()
        self.stdout.write(
            f"{len(created)} organisations created; {existing + len(created)} generated in total."
        )
