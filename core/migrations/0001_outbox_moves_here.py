"""The outbox moves from the Q&A app to core, where the site's mail lives: the
model changes app in Django's state only; its table keeps its name and rows.
The content type moves with it, so the admin's log and permissions follow."""

import django.utils.timezone
from django.db import migrations, models


def _move(apps, schema_editor, before: str, after: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=after, model="outgoingemail").exists():
        ContentType.objects.filter(app_label=before, model="outgoingemail").update(
            app_label=after
        )


def move_content_type(apps, schema_editor) -> None:
    _move(apps, schema_editor, "questions", "core")


def move_content_type_back(apps, schema_editor) -> None:
    _move(apps, schema_editor, "core", "questions")


class Migration(migrations.Migration):

    dependencies = [
        ("questions", "0021_normalise_stored_text"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='OutgoingEmail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('to', models.EmailField(max_length=254)),
                ('subject', models.CharField(max_length=200)),
                ('body', models.TextField(help_text='The plain-text part.')),
                ('html_body', models.TextField(blank=True, help_text='The HTML part, rendered with the text from the same template.')),
                ('headers', models.JSONField(blank=True, default=dict, help_text='Extra headers, e.g. Auto-Submitted, Precedence, List-Unsubscribe.')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('claimed_at', models.DateTimeField(blank=True, help_text="When a run of send_outbox took this message to send it; another run leaves it alone until the claim is old enough to be a crashed run's.", null=True)),
                ('forget_recipient', models.BooleanField(default=False, help_text='The address was given for this one message: it is erased once the message is sent.')),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('last_error', models.CharField(blank=True, max_length=200)),
                ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now, help_text='Not tried again before this: each refusal by the mail server doubles the wait.')),
                ('failed_at', models.DateTimeField(blank=True, help_text='When the site gave up on this message (the mail server refused the address for good, or it failed OUTBOX_MAX_ATTEMPTS times). It is kept here and never retried.', null=True)),
            ],
            options={
                'db_table': 'questions_outgoingemail',
                'ordering': ['created_at', 'pk'],
                'indexes': [models.Index(condition=models.Q(('failed_at__isnull', True), ('sent_at__isnull', True)), fields=['attempts', '-created_at'], name='outbox_to_try'), models.Index(condition=models.Q(('failed_at__isnull', False)), fields=['failed_at'], name='outbox_failed')],
                'constraints': [models.CheckConstraint(condition=models.Q(('sent_at__isnull', True), ('failed_at__isnull', True), _connector='OR'), name='outbox_sent_or_failed_not_both')],
            },
        ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back, elidable=True),
    ]
