from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from content.translation_status import target_languages
from vertalen import formats, importing


class Command(BaseCommand):
    help = "Bring back a translated XLIFF or PO file: checked first, written as one revision, or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--language", required=True, choices=target_languages())
        parser.add_argument(
            "--user", required=True, help="the staff member who imports (the reviewer)"
        )

    def handle(self, *args, file, language, user, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"No file at {path}.")
        importer = get_user_model().objects.filter(username=user, is_staff=True).first()
        if importer is None:
            raise CommandError(f"No staff member {user!r}.")
        try:
            parsed = formats.read_file(path.read_bytes(), path.name)
        except formats.FileError as error:
            raise CommandError(str(error)) from None
        report = importing.check(parsed, language)
        for unit_id in report.source_changed:
            self.stdout.write(f"Left alone, the Dutch changed since the export: {unit_id}")
        if not report.ok:
            raise CommandError("Nothing was imported:\n" + "\n".join(report.errors))
        importing.apply(report, user=importer, translator=parsed.translator, filename=path.name)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {report.reviewed} objects reviewed, {report.translated} translated as drafts, "
                f"{report.unchanged} units unchanged, {len(report.source_changed)} left alone."
            )
        )
