"""Moderators and clinicians keep the synonym list: they may view, add,
change and delete groups. Permissions are created here (they otherwise
appear only after all migrations ran) so that the groups can be given them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Moderators", "Experts"]
PERMISSIONS = ["view_synonym", "add_synonym", "change_synonym", "delete_synonym"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("search")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="search", codename__in=PERMISSIONS
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="search", codename__in=PERMISSIONS
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("questions", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
