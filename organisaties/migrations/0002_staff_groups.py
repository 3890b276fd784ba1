"""The two staff roles as permission groups: editors (everything) and regional coordinators.

A coordinator also needs a Coordinator row naming their regions; the group only grants the
organisation permissions, which OrganisationAdmin then limits to those regions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Redactie"
COORDINATORS = "Regiocoördinatoren"
EDITOR_APPS = ("trajecten", "content", "organisaties")
COORDINATOR_PERMISSIONS = ("add_organisation", "change_organisation", "delete_organisation", "view_organisation")


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=EDITOR_APPS).exclude(codename__endswith="seedrecord")
    )
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
    coordinators.permissions.add(
        *Permission.objects.filter(content_type__app_label="organisaties", codename__in=COORDINATOR_PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisaties", "0001_initial"),
        ("trajecten", "0001_initial"),
        ("content", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
