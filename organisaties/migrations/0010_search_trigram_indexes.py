"""GIN trigram indexes for search's substring matching of organisations (PostgreSQL only).

Search (zoeken/search.py) filters organisations with `icontains` on their name, abbreviation,
municipality and description, which Django writes as `UPPER(col::text) LIKE UPPER('%word%')`.
Without an index that is a sequential scan over every organisation; a GIN index with pg_trgm's
gin_trgm_ops on exactly that expression serves it (a BitmapOr of index scans). The pg_trgm
extension comes from content 0004. On SQLite this migration does nothing.
"""

from django.db import migrations

TABLE = "organisaties_organisation"
# The languages of 0008 (fixed here: a migration must not change when settings do).
LANGUAGES = ["nl", "fr", "en", "ar", "uk", "fa", "ps", "ti", "tr", "so"]
COLUMNS = ["name", "abbreviation", "municipality", *(f"description_{code}" for code in LANGUAGES)]


def index_name(column: str) -> str:
    return f"organisation_{column}_upper_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index_name(column)}" ON "{TABLE}" '
            f'USING gin ((UPPER(("{column}")::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("organisaties", "0009_region_updated_at"),
        ("content", "0004_pg_trgm"),
    ]

    operations = [migrations.RunPython(create, drop)]
