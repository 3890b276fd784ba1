from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.translation_status import target_languages
from trajecten.models import Chapter
from vertalen import formats
from vertalen.units import collect_units


class Command(BaseCommand):
    help = "Write one language's content as XLIFF 1.2 or PO, for translators' tools."

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, choices=target_languages())
        parser.add_argument("--format", choices=["xliff", "po"], default="xliff")
        parser.add_argument("--chapter", help="only this chapter (its slug)")
        parser.add_argument(
            "--needs-review", action="store_true", help="only machine drafts, outdated and missing"
        )
        parser.add_argument("--output", "-o", required=True, help="the file to write")

    def handle(self, *args, language, format, chapter, needs_review, output, **options):
        chapter_obj = None
        if chapter:
            chapter_obj = Chapter.objects.filter(slug=chapter).first()
            if chapter_obj is None:
                raise CommandError(f"No chapter {chapter!r}.")
        units = collect_units(language, chapter=chapter_obj, needing_review=needs_review)
        write = formats.export_po if format == "po" else formats.export_xliff
        Path(output).write_bytes(write(units, language))
        self.stdout.write(f"{len(units)} units written to {output}.")
