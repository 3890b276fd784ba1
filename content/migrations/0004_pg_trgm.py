"""pg_trgm gives search its typo tolerance on PostgreSQL (a trusted extension: the database owner may create it).

On SQLite this migration does nothing.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("content", "0003_glossary")]

    operations = [TrigramExtension()]
