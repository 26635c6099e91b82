"""Moderators and clinicians read what readers said and mark notes read."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Moderators": [
        "feedback.view_feedback",
        "feedback.change_feedback",
        "feedback.view_answerhelpfulness",
    ],
    "Experts": [
        "feedback.view_feedback",
        "feedback.change_feedback",
        "feedback.view_answerhelpfulness",
    ],
}


def grant(apps, schema_editor):
    # Permissions otherwise appear only after all migrations ran (see questions 0002).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for dotted in perms:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="feedback"))


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("questions", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
