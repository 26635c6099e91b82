"""The digest's email now points at the outbox in core: the same table, so only Django's state changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_outbox_moves_here"),
        ("subscriptions", "0002_topics_chosen_explicitly"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="digestdelivery",
                    name="email",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="core.outgoingemail",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
