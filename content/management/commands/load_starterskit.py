from django.core.management.base import BaseCommand, CommandError

from content.seeding import SeedError, load_starterskit, read_starterskit


class Command(BaseCommand):
    help = (
        "Load the starterskit from every app's seed files (settings.STARTERSKIT_LOADERS). Safe to "
        "run again: it creates what is missing, updates what nobody edited, and keeps staff edits and deletions."
    )

    def handle(self, *args, **options):
        try:
            loaders = read_starterskit()
        except SeedError as exc:
            raise CommandError(
                f"The seed files have problems, nothing was loaded:\n{exc}"
            ) from None
        report = load_starterskit(loaders)
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Starterskit loaded: {report.total('created')} created, {report.total('updated')} updated, "
                f"{report.total('kept staff edit')} staff edits kept."
            )
        )
