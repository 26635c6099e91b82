"""Both roles see a Q&A's signed translations on its admin page; moderators,
who keep the categories, also keep their names in other languages."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Moderators": [
        "view_answertranslation",
        "view_categoryname",
        "add_categoryname",
        "change_categoryname",
        "delete_categoryname",
    ],
    "Experts": ["view_answertranslation", "view_categoryname"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("questions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="questions", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="questions", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0025_asked_in_a_language"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
