from django.db import migrations, models


def chosen_topics_only(apps, schema_editor):
    """Until now no topic meant every answer: those who chose topics keep only those."""
    Subscription = apps.get_model("subscriptions", "Subscription")
    Subscription.objects.filter(categories__isnull=False).update(all_topics=False)


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscription",
            name="all_topics",
            field=models.BooleanField(
                default=True,
                help_text="Every new answer, whatever its category. Untick to send only the chosen topics.",
                verbose_name="every answer",
            ),
        ),
        migrations.AlterField(
            model_name="subscription",
            name="categories",
            field=models.ManyToManyField(
                blank=True,
                help_text="Only answers in these categories (unless 'every answer' is ticked).",
                related_name="+",
                to="questions.category",
            ),
        ),
        migrations.RunPython(chosen_topics_only, migrations.RunPython.noop),
    ]
