from django.core.management.base import BaseCommand, CommandError

from trajecten.services import SeedError, SeedFiles, load_starterskit


class Command(BaseCommand):
    help = (
        "Load the starterskit (parts, chapters, pages) from the seed files. Safe to run again: "
        "it creates what is missing, updates what nobody edited, and keeps staff edits and deletions."
    )

    def handle(self, *args, **options):
        try:
            files = SeedFiles.read()
        except SeedError as exc:
            raise CommandError(
                f"The seed files have problems, nothing was loaded:\n{exc}"
            ) from None
        report = load_starterskit(files)
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Starterskit loaded: {report.total('created')} created, {report.total('updated')} updated, "
                f"{report.total('kept staff edit')} staff edits kept."
            )
        )
