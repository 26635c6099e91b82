"""Mark the questions already stored whose patient wording mentions red flags,
so that the triage queue can put them first."""

from django.db import migrations

from questions.urgency import mentions_red_flags


def backfill(apps, schema_editor):
    Question = apps.get_model("questions", "Question")
    PatientSubmission = apps.get_model("questions", "PatientSubmission")
    urgent = [
        question_id
        for question_id, subject, text in PatientSubmission.objects.values_list(
            "question_id", "original_subject", "original_text"
        ).iterator()
        if mentions_red_flags(subject, text)
    ]
    Question.objects.filter(pk__in=urgent).update(urgent=True)


class Migration(migrations.Migration):
    dependencies = [("questions", "0005_question_urgent_duplicate_of_and_action_labels")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
