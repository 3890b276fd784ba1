"""The staff roles as permission groups, kept in step with the models after every migrate.

A frozen data migration grants only the permissions that exist when it runs; a model added
later would be left out. This runs on post_migrate and is idempotent: it adds what a role
is missing (it never takes away what a superuser granted by hand).
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db.models import Q


def permissions_for(grants: list[str]):
    condition = Q(pk__in=[])
    for grant in grants:
        if "." in grant:
            app_label, codename = grant.split(".", 1)
            condition |= Q(content_type__app_label=app_label, codename=codename)
        else:
            condition |= Q(content_type__app_label=grant)
    return Permission.objects.filter(condition)


def sync_roles(**kwargs) -> None:
    for name, grants in settings.STAFF_ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions_for(grants))
