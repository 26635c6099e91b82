"""The review cycle and sources of an answer.

Published Q&As count as reviewed when their published version was signed
(by its signer), and fall due QA_REVIEW_MONTHS later. Clinicians (group
Experts) may edit an answer's sources and see its reviews."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.utils import timezone

from questions.models.reviews import review_due_after

EXPERT_PERMISSIONS = [
    "view_reference",
    "add_reference",
    "change_reference",
    "delete_reference",
    "view_review",
]


def backfill_reviews(apps, schema_editor):
    Question = apps.get_model("questions", "Question")
    published = Question.objects.filter(status="published").select_related("published_answer")
    for question in published.iterator():
        signed_at = question.published_answer.signed_at
        Question.objects.filter(pk=question.pk).update(
            reviewed_at=signed_at,
            reviewed_by_id=question.published_answer.signer_id,
            reviewed_by_name=question.published_answer.signature_block.split("\n")[0],
            review_due=review_due_after(
                timezone.localtime(signed_at), settings.QA_REVIEW_MONTHS
            ),
        )


def grant(apps, schema_editor):
    app_config = apps.get_app_config("questions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Experts")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="questions", codename__in=EXPERT_PERMISSIONS
        )
    )


class Migration(migrations.Migration):

    dependencies = [
        ('questions', '0011_plain_words_for_comments_closed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name='Reference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0, help_text='Sources are listed by this number, smallest first.', verbose_name='order')),
                ('title', models.CharField(help_text='As the source itself gives it.', max_length=300)),
                ('publisher', models.CharField(blank=True, help_text='E.g. “US Food and Drug Administration”, a journal.', max_length=200)),
                ('url', models.URLField(blank=True, help_text='Only an address you have opened.', max_length=500, verbose_name='web address')),
                ('doi', models.CharField(blank=True, help_text='Only one you have checked; leave it empty otherwise.', max_length=200, validators=[django.core.validators.RegexValidator('^10\\.\\d{4,9}/\\S+$', 'A DOI starts with 10. and a slash, e.g. 10.1056/NEJMoa1601277.')], verbose_name='DOI')),
                ('pmid', models.CharField(blank=True, help_text='Only one you have checked; leave it empty otherwise.', max_length=12, validators=[django.core.validators.RegexValidator('^\\d{1,9}$', 'A PubMed ID is a number of up to nine digits.')], verbose_name='PubMed ID')),
                ('accessed_on', models.DateField(blank=True, null=True, verbose_name='date accessed')),
            ],
            options={
                'ordering': ['position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Review',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('signed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('signature_block', models.TextField(help_text="The signer's signature block at the time.")),
                ('sha256', models.CharField(help_text='Of the text attested, computed again at the time of the review.', max_length=64)),
            ],
            options={
                'ordering': ['-signed_at'],
                'get_latest_by': 'signed_at',
            },
        ),
        migrations.AddField(
            model_name='answer',
            name='references',
            field=models.JSONField(blank=True, default=list, help_text='The sources as signed, in order (part of the hash).'),
        ),
        migrations.AddField(
            model_name='question',
            name='review_assignee',
            field=models.ForeignKey(blank=True, help_text='The clinician who checks this published answer when its review is due.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reviews_assigned', to='questions.expertprofile', verbose_name='reviewer'),
        ),
        migrations.AddField(
            model_name='question',
            name='review_due',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='next review due'),
        ),
        migrations.AddField(
            model_name='question',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='question',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='questions.expertprofile'),
        ),
        migrations.AddIndex(
            model_name='question',
            index=models.Index(fields=['status', 'review_due'], name='question_review_due'),
        ),
        migrations.AddField(
            model_name='reference',
            name='question',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='references', to='questions.question'),
        ),
        migrations.AddField(
            model_name='review',
            name='answer',
            field=models.ForeignKey(help_text='The signed version attested.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='questions.answer'),
        ),
        migrations.AddField(
            model_name='review',
            name='question',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='questions.question'),
        ),
        migrations.AddField(
            model_name='review',
            name='signed_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='review',
            name='signer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='questions.expertprofile'),
        ),
        migrations.AddField(
            model_name="question",
            name="reviewed_by_name",
            field=models.CharField(
                blank=True, editable=False, help_text="As signed at the review.", max_length=120
            ),
        ),
        migrations.RunPython(backfill_reviews, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
