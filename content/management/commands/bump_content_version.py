from django.core.management.base import BaseCommand

from content.models import ContentVersion


class Command(BaseCommand):
    help = "Mark all content as changed, so every app server renders pages afresh (run after a restore)."

    def handle(self, *args, **options):
        ContentVersion.bump()
        self.stdout.write(f"Content version is now {ContentVersion.current()}.")
