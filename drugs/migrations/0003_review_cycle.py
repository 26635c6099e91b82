"""The review cycle of drug entries: each falls due DRUG_REVIEW_MONTHS after
its review date; clinicians (group Experts) see the record of reviews."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

from questions.models.reviews import review_due_after


def backfill_due(apps, schema_editor):
    Drug = apps.get_model("drugs", "Drug")
    for drug in Drug.objects.exclude(reviewed_on=None).iterator():
        Drug.objects.filter(pk=drug.pk).update(
            review_due=review_due_after(drug.reviewed_on, settings.DRUG_REVIEW_MONTHS)
        )


def grant(apps, schema_editor):
    app_config = apps.get_app_config("drugs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Experts")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="drugs", codename="view_drugreview")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('drugs', '0002_experts_edit_drugs'),
        ('questions', '0013_review_cycle_and_references'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DrugReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reviewed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('note', models.TextField(blank=True)),
            ],
            options={
                'ordering': ['-reviewed_at'],
            },
        ),
        migrations.AddField(
            model_name='drug',
            name='review_due',
            field=models.DateField(blank=True, editable=False, help_text='Set from the review date when the entry is saved.', null=True, verbose_name='next review due'),
        ),
        migrations.AddIndex(
            model_name='drug',
            index=models.Index(fields=['review_due'], name='drug_review_due'),
        ),
        migrations.AddField(
            model_name='drugreview',
            name='drug',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='drugs.drug'),
        ),
        migrations.AddField(
            model_name='drugreview',
            name='reviewed_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='drugreview',
            name='reviewer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='questions.expertprofile'),
        ),
        migrations.RunPython(backfill_due, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
