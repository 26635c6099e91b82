"""Who translates: every clinician (Experts), and staff in the new Translators
group, who translate and send for sign-off but never sign."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TRANSLATING = [
    "translate_answer",
    "view_translationdraft",
    "add_translationdraft",
    "change_translationdraft",
]
GRANTS = {"Experts": TRANSLATING, "Translators": TRANSLATING}


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
        ("questions", "0027_translation_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
