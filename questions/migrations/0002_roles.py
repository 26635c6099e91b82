"""The two staff roles. Permissions are created here (they otherwise appear
only after all migrations ran) so that the groups can be given them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Moderators": [
        "questions.view_question",
        "questions.change_question",
        "questions.triage_question",
        "questions.publish_question",
        "questions.view_answer",
        "questions.view_transition",
        "questions.view_category",
        "questions.add_category",
        "questions.change_category",
        "questions.view_expertprofile",
        "questions.view_comment",
        "questions.change_comment",
        "questions.moderate_comment",
    ],
    "Experts": [
        "questions.view_question",
        "questions.change_question",
        "questions.sign_off_answer",
        "questions.publish_question",
        "questions.view_answer",
        "questions.view_transition",
        "questions.view_category",
        "questions.view_expertprofile",
        "questions.change_expertprofile",
    ],
}


def create_roles(apps, schema_editor):
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


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
