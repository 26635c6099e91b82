"""Text stored before line ends were normalised on save (CRLF from a browser,
spaces at the ends of lines) is normalised once, as a save now would. A version
waiting for sign-off whose text this changes is no longer exactly the version
sent: it goes back to "assigned", recorded in the history, to be sent again;
a published Q&A's sent changes are unsent. Signed copies are never touched."""

from django.db import migrations

from core.text import render_answer


def _plain(text: str) -> str:
    # questions.models.normalise_text, as it was written when this ran.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).rstrip("\n")


def _markdown(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip()


def normalise(apps, schema_editor):
    Question = apps.get_model("questions", "Question")
    Transition = apps.get_model("questions", "Transition")
    rows = Question.objects.only("title", "body", "answer_source", "status", "submitted_sha256")
    for question in rows.iterator(chunk_size=1000):
        title, body = _plain(question.title).strip(), _plain(question.body)
        source = _markdown(question.answer_source)
        if (title, body, source) == (question.title, question.body, question.answer_source):
            continue
        changes = {"title": title, "body": body, "answer_source": source}
        if source != question.answer_source:
            changes["answer_html"] = render_answer(source)
        if question.submitted_sha256:
            changes["submitted_sha256"] = ""
            if question.status == "awaiting_signoff":
                changes["status"] = "assigned"
                Transition.objects.create(
                    question_id=question.pk,
                    from_status="awaiting_signoff",
                    to_status="assigned",
                    action="changed_after_sending",
                    note="Line ends were made uniform by an upgrade: send it for sign-off again.",
                )
        Question.objects.filter(pk=question.pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [("questions", "0020_identifiers_confirmed_and_waiting_duplicates")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
