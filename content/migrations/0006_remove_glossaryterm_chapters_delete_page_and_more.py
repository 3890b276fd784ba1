"""Page and GlossaryTerm now live in trajecten and woordenlijst: forget them here, keep their tables."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0005_content_version'),
        ('trajecten', '0002_page_alter_source_page_alter_testimonial_page'),
        ('woordenlijst', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.RemoveField(
            model_name='glossaryterm',
            name='chapters',
        ),
        migrations.DeleteModel(
            name='Page',
        ),
        migrations.DeleteModel(
            name='GlossaryTerm',
        ),
                ],
            database_operations=[],
        ),
    ]
