"""Clinicians and moderators reply to approved comments; a commenter may ask for
one email when that happens. Both groups are given the new permission (created
here, as in 0002_roles, so that the groups can be given it); clinicians may
also see the comments, to find the ones to answer."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


GRANTS = {
    "Moderators": ["reply_to_comment"],
    "Experts": ["view_comment", "reply_to_comment"],
}


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
                *Permission.objects.filter(content_type__app_label="questions", codename__in=codenames)
            )


class Migration(migrations.Migration):

    dependencies = [
        ("questions", "0015_outgoingemail_html_and_headers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='comment',
            options={'ordering': ['created_at', 'pk'], 'permissions': [('moderate_comment', 'Can approve, reject or mark comments as spam'), ('reply_to_comment', 'Can reply to an approved comment')]},
        ),
        migrations.AddField(
            model_name='comment',
            name='notify_reply',
            field=models.BooleanField(default=False, help_text='The commenter asked for one email when a clinician replies. The address is erased after that email, when the comment is rejected, or a set number of days after moderation, whichever comes first.', verbose_name='email once when a clinician replies'),
        ),
        migrations.AddField(
            model_name='outgoingemail',
            name='forget_recipient',
            field=models.BooleanField(default=False, help_text='The address was given for this one message: it is erased once the message is sent.'),
        ),
        migrations.CreateModel(
            name='CommentReply',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('signed_as', models.CharField(blank=True, help_text='The name shown, as it was when the reply was published; empty: shown as the clinic team.', max_length=120)),
                ('body', models.TextField(help_text='Plain text, shown as typed.', verbose_name='reply')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='comment_replies', to=settings.AUTH_USER_MODEL)),
                ('comment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='questions.comment')),
                ('expert', models.ForeignKey(blank=True, help_text='The clinician whose name signs the reply; empty: the clinic team.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='comment_replies', to='questions.expertprofile')),
            ],
            options={
                'verbose_name_plural': 'comment replies',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
