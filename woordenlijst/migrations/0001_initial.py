"""GlossaryTerm moves from content to woordenlijst: the same tables (content_glossaryterm and
content_glossaryterm_chapters), the same rows. Only Django's picture of the models changes;
the content type is renamed in place so statuses, seed records and permissions follow.
"""

from django.db import migrations, models


def rename_content_type(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="glossaryterm").exists():
        ContentType.objects.filter(app_label=old, model="glossaryterm").update(app_label=new)


def move_content_type(apps, schema_editor):
    rename_content_type(apps, "content", "woordenlijst")


def move_content_type_back(apps, schema_editor):
    rename_content_type(apps, "woordenlijst", "content")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('trajecten', '0001_initial'),
        ('content', '0005_content_version'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='GlossaryTerm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('key', models.SlugField(max_length=80, unique=True, verbose_name='key')),
                ('term', models.CharField(max_length=200, verbose_name='term')),
                ('term_nl', models.CharField(max_length=200, null=True, verbose_name='term')),
                ('term_fr', models.CharField(max_length=200, null=True, verbose_name='term')),
                ('term_en', models.CharField(max_length=200, null=True, verbose_name='term')),
                ('term_ar', models.CharField(max_length=200, null=True, verbose_name='term')),
                ('term_uk', models.CharField(max_length=200, null=True, verbose_name='term')),
                ('term_fa', models.CharField(max_length=200, null=True, verbose_name='term')),
                ('abbreviation', models.CharField(blank=True, max_length=30, verbose_name='abbreviation')),
                ('full_name', models.CharField(blank=True, max_length=300, verbose_name='full name')),
                ('synonyms', models.TextField(blank=True, help_text='Other words or spellings for the same thing, one per line (Dutch).', verbose_name='synonyms')),
                ('definition', models.TextField(help_text='One to three short sentences, plain text.', verbose_name='definition')),
                ('definition_nl', models.TextField(help_text='One to three short sentences, plain text.', null=True, verbose_name='definition')),
                ('definition_fr', models.TextField(help_text='One to three short sentences, plain text.', null=True, verbose_name='definition')),
                ('definition_en', models.TextField(help_text='One to three short sentences, plain text.', null=True, verbose_name='definition')),
                ('definition_ar', models.TextField(help_text='One to three short sentences, plain text.', null=True, verbose_name='definition')),
                ('definition_uk', models.TextField(help_text='One to three short sentences, plain text.', null=True, verbose_name='definition')),
                ('definition_fa', models.TextField(help_text='One to three short sentences, plain text.', null=True, verbose_name='definition')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], default='published', max_length=20, verbose_name='status')),
                ('chapters', models.ManyToManyField(blank=True, db_table='content_glossaryterm_chapters', related_name='glossary_terms', to='trajecten.chapter', verbose_name='chapters')),
            ],
            options={
                'verbose_name': 'glossary term',
                'verbose_name_plural': 'glossary',
                'db_table': 'content_glossaryterm',
                'ordering': ['term_nl'],
            },
        ),
                ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
