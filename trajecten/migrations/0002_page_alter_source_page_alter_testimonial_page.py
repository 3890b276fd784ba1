"""Page moves from content to trajecten: the same table (content_page), the same rows.

Only Django's picture of the models changes (SeparateDatabaseAndState), plus one new column:
a page's placement (the leeswijzer introduces the kit). The content type is renamed in place,
so history (reversion), translation statuses, seed records and permissions keep pointing at
the same rows.
"""

import django.db.models.deletion
from django.db import migrations, models


def rename_content_type(apps, old: str, new: str, model: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model=model).exists():
        ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def move_content_type(apps, schema_editor):
    rename_content_type(apps, "content", "trajecten", "page")


def move_content_type_back(apps, schema_editor):
    rename_content_type(apps, "trajecten", "content", "page")


def place_the_leeswijzer(apps, schema_editor):
    apps.get_model("trajecten", "Page").objects.filter(slug="leeswijzer").update(placement="introduction")


class Migration(migrations.Migration):

    dependencies = [
        ('trajecten', '0001_initial'),
        ('content', '0005_content_version'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='Page',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], default='draft', max_length=20, verbose_name='status')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('slug', models.SlugField(unique=True, verbose_name='slug')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('title_nl', models.CharField(max_length=200, null=True, verbose_name='title')),
                ('title_fr', models.CharField(max_length=200, null=True, verbose_name='title')),
                ('title_en', models.CharField(max_length=200, null=True, verbose_name='title')),
                ('title_ar', models.CharField(max_length=200, null=True, verbose_name='title')),
                ('title_uk', models.CharField(max_length=200, null=True, verbose_name='title')),
                ('title_fa', models.CharField(max_length=200, null=True, verbose_name='title')),
                ('summary', models.CharField(blank=True, max_length=300, verbose_name='summary')),
                ('summary_nl', models.CharField(blank=True, max_length=300, null=True, verbose_name='summary')),
                ('summary_fr', models.CharField(blank=True, max_length=300, null=True, verbose_name='summary')),
                ('summary_en', models.CharField(blank=True, max_length=300, null=True, verbose_name='summary')),
                ('summary_ar', models.CharField(blank=True, max_length=300, null=True, verbose_name='summary')),
                ('summary_uk', models.CharField(blank=True, max_length=300, null=True, verbose_name='summary')),
                ('summary_fa', models.CharField(blank=True, max_length=300, null=True, verbose_name='summary')),
                ('body', models.TextField(help_text='Markdown. Write [^12] to cite source 12.', verbose_name='body')),
                ('body_nl', models.TextField(help_text='Markdown. Write [^12] to cite source 12.', null=True, verbose_name='body')),
                ('body_fr', models.TextField(help_text='Markdown. Write [^12] to cite source 12.', null=True, verbose_name='body')),
                ('body_en', models.TextField(help_text='Markdown. Write [^12] to cite source 12.', null=True, verbose_name='body')),
                ('body_ar', models.TextField(help_text='Markdown. Write [^12] to cite source 12.', null=True, verbose_name='body')),
                ('body_uk', models.TextField(help_text='Markdown. Write [^12] to cite source 12.', null=True, verbose_name='body')),
                ('body_fa', models.TextField(help_text='Markdown. Write [^12] to cite source 12.', null=True, verbose_name='body')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
            ],
            options={
                'verbose_name': 'page',
                'verbose_name_plural': 'pages',
                'db_table': 'content_page',
                'ordering': ['position', 'pk'],
            },
        ),
        migrations.AlterField(
            model_name='source',
            name='page',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='trajecten.page', verbose_name='page'),
        ),
        migrations.AlterField(
            model_name='testimonial',
            name='page',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='trajecten.page', verbose_name='page'),
        ),
                ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name='page',
            name='placement',
            field=models.CharField(choices=[('introduction', 'Introduction, before the chapters'), ('closing', 'Closing, after the chapters')], default='closing', max_length=20, verbose_name='placement'),
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
        migrations.RunPython(place_the_leeswijzer, migrations.RunPython.noop),
    ]
