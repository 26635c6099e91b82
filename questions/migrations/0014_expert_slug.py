"""Each clinician gets a public page at /experts/<slug>/: existing profiles get
a slug made from their name, then slugs become unique; an optional photo."""

from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    ExpertProfile = apps.get_model("questions", "ExpertProfile")
    taken: set[str] = set()
    for profile in ExpertProfile.objects.order_by("pk"):
        base = slugify(profile.display_name)[:100].strip("-") or "clinician"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        profile.slug = slug
        profile.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("questions", "0013_review_cycle_and_references")]

    operations = [
        migrations.AddField(
            model_name="expertprofile",
            name="slug",
            # No index yet: the unique one below makes its own (PostgreSQL's
            # "_like" index would otherwise be created twice).
            field=models.SlugField(max_length=120, blank=True, default="", db_index=False),
            preserve_default=False,
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="expertprofile",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="Part of the public address of the clinician's page; made from the "
                "name when left empty. Never change it once used.",
                max_length=120,
                unique=True,
            ),
        ),
        migrations.AddField(
            model_name="expertprofile",
            name="photo",
            field=models.BinaryField(blank=True),
        ),
        migrations.AddField(
            model_name="expertprofile",
            name="photo_updated_at",
            field=models.DateTimeField(
                blank=True, editable=False, help_text="When the photo was last set.", null=True
            ),
        ),
    ]
