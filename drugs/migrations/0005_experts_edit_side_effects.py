"""Clinicians (group Experts) keep a therapy's side effects in the drug's admin
page, as an inline table: they may view, add, change and delete the rows."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Experts"
PERMISSIONS = ["view_sideeffect", "add_sideeffect", "change_sideeffect", "delete_sideeffect"]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="drugs", codename__in=PERMISSIONS)


def grant(apps, schema_editor):
    app_config = apps.get_app_config("drugs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("drugs", "0004_key_facts_side_effects")]

    operations = [migrations.RunPython(grant, revoke)]
