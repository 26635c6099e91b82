"""Every clinician's profile keeps a page address: one left empty by a bulk write
gets one made from the name (as ExpertProfile.save() would), then the database
refuses an empty one."""

from django.conf import settings
from django.db import migrations, models
from django.utils.text import slugify


def fill_empty_slugs(apps, schema_editor):
    ExpertProfile = apps.get_model("questions", "ExpertProfile")
    taken = set(ExpertProfile.objects.exclude(slug="").values_list("slug", flat=True))
    for profile in ExpertProfile.objects.filter(slug="").order_by("pk"):
        base = slugify(profile.display_name)[:100].strip("-") or "clinician"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        profile.slug = slug
        profile.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0018_outbox_retry_with_backoff"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(fill_empty_slugs, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="expertprofile",
            constraint=models.CheckConstraint(
                condition=models.Q(("slug", ""), _negated=True),
                name="expert_slug_not_empty",
                violation_error_message="Every clinician's page needs an address.",
            ),
        ),
    ]
