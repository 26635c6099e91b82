"""Clinicians (group Experts) keep the glossary, as they keep the drug
reference: they may view, add and change terms and read the record of
reviews. Permissions are created here (they otherwise appear only after all
migrations ran) so that the group can be given them; the group is created if
this runs before the questions roles exist."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Experts"
PERMISSIONS = ["view_term", "add_term", "change_term", "view_termreview"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("glossary")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="glossary", codename__in=PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="glossary", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("glossary", "0001_initial"),
        ("questions", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
