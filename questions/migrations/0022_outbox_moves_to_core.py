"""The outbox moved to core (core 0001): it leaves this app's state; the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0021_normalise_stored_text"),
        ("subscriptions", "0003_outbox_moves_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="OutgoingEmail",
                ),
            ],
            database_operations=[],
        ),
    ]
