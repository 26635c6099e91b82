"""Privacy housekeeping: erasing what a patient or a commenter told us.

An erasure reaches every table of this app that can hold the person's words or
address: the submission, the question's working text while it is not public,
the transition notes and the decline note, the outbox (the address, the
private status link, anything quoted in a message) and the admin's log (its
record of the question's title, and its change messages). The public,
de-identified question and its signed answers do not change.

Three ways in, one reach: the patient's buttons on the status page
(`submission_erase`), the daily retention purge (`purge_personal_data`) and a
person's request about their address (`personal_data_export`,
`personal_data_erase`, from the subscriptions' `subscriber_data` command).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.html import escape

from core.cache import content_changed
from core.models import OutgoingEmail

from ..models import Comment, PatientSubmission, Question, Transition
from ..tokens import hash_token
from .transitions import question_text_changed

S = Question.Status

_DONE = [S.PUBLISHED, S.REJECTED, S.WITHDRAWN]

# What erased words are replaced by, where a row must keep some text.
ERASED = "[erased]"

# The private status link as the acknowledgement email writes it; only the
# token's hash is stored, so a link is recognised by hashing what is found.
_STATUS_LINK = re.compile(r"/ask/status/([0-9a-f]{64})/")

# Mail with an unsubscribe link belongs to a subscription, which its owner ends
# (or asks us to erase) on its own: a patient erasing their details from one
# question must not cost them the next digest.
_SUBSCRIPTION_MAIL = Q(headers__has_key="List-Unsubscribe")


@dataclass
class _Traces:
    """What identifies one person in free text."""

    # Replaced wherever they appear, in any case: the address, the full name,
    # and (when the wording goes) the original subject and text.
    whole: list[str] = field(default_factory=list)
    # Parts of the name, replaced as whole words as written ("Will" the name,
    # not "will" the verb).
    words: list[str] = field(default_factory=list)

    def scrub(self, text: str, *, limit: int | None = None) -> str:
        """`limit`: the column's length, which a marker longer than a short
        name could otherwise overrun."""
        if not text:
            return text
        for value in sorted({*self.whole, *map(escape, self.whole)}, key=len, reverse=True):
            text = re.sub(re.escape(value), ERASED, text, flags=re.IGNORECASE)
        for word in self.words:
            text = re.sub(rf"\b{re.escape(word)}\b", ERASED, text)
        return text[:limit]


def _traces(submission: PatientSubmission, *, wording: bool) -> _Traces:
    traces = _Traces()
    for value in (submission.email, submission.name):
        if value.strip():
            traces.whole.append(value.strip())
    # Hand-written: a name part is a capitalised word of three letters or more;
    # shorter ones ("Al", "de") would blank ordinary words.
    traces.words = [
        part
        for part in re.split(r"[\s,]+", submission.name)
        if len(part) >= 3 and part[0].isupper()
    ]
    if wording:
        for value in (submission.original_subject, submission.original_text):
            if value.strip():
                traces.whole.append(value.strip())
    return traces


def _length(model: type[Model], name: str) -> int | None:
    field = model._meta.get_field(name)
    return getattr(field, "max_length", None)  # a relation has no length


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _question_types() -> list[ContentType]:
    """The admin logs a question under its own model or a proxy of it (the
    feedback's "helpfulness of an answer", say)."""
    models = [m for m in apps.get_models() if m._meta.concrete_model is Question]
    return list(ContentType.objects.get_for_models(*models, for_concrete_models=False).values())


def _admin_log_scrub(*, question: Question, traces: _Traces, neutral: bool) -> None:
    """The admin's log records a question under the title it had at the time,
    which before de-identification is the patient's own subject."""
    entries = LogEntry.objects.filter(
        content_type__in=_question_types(), object_id=str(question.pk)
    ).only("object_repr", "change_message")
    for entry in entries:
        repr_ = (
            f"Question #{question.pk}"
            if neutral
            else traces.scrub(entry.object_repr, limit=_length(LogEntry, "object_repr"))
        )
        message = traces.scrub(entry.change_message)
        if (repr_, message) != (entry.object_repr, entry.change_message):
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=repr_, change_message=message)


def _outbox_forget(*, address: str, traces: _Traces, subscription_mail: bool) -> None:
    """Messages to the address: an unsent one is dropped (the person is no
    longer written to), a sent one loses the address and anything of theirs it
    quoted (a decline note may name them)."""
    address = address.strip()
    if not address:
        return
    rows = OutgoingEmail.objects.filter(to__iexact=address)
    if not subscription_mail:
        rows = rows.exclude(_SUBSCRIPTION_MAIL)
    rows.filter(sent_at__isnull=True).delete()
    for row in rows.only("subject", "body", "html_body"):
        OutgoingEmail.objects.filter(pk=row.pk).update(
            to="",
            subject=traces.scrub(row.subject, limit=_length(OutgoingEmail, "subject")),
            body=traces.scrub(row.body),
            html_body=traces.scrub(row.html_body),
        )


def _outbox_forget_status_links(token_hashes: set[str]) -> None:
    """The acknowledgement carries the private status link, which opens the
    patient's page: it goes with the rest, sent or not, whoever it was to."""
    if not token_hashes:
        return
    rows = OutgoingEmail.objects.filter(body__contains="/ask/status/").only("body", "html_body")
    for row in rows:
        tokens = {t for t in _STATUS_LINK.findall(row.body) if hash_token(t) in token_hashes}
        if not tokens:
            continue
        body, html_body = row.body, row.html_body
        for token in tokens:
            body, html_body = body.replace(token, ERASED), html_body.replace(token, ERASED)
        OutgoingEmail.objects.filter(pk=row.pk).update(body=body, html_body=html_body)


def _erase(submissions: Iterable[PatientSubmission], *, wording: bool) -> int:
    """The one reach of every erasure of a patient's details; call in a
    transaction, with the submissions locked."""
    now = timezone.now()
    token_hashes: set[str] = set()
    count = 0
    for submission in submissions:
        count += 1
        question = submission.question
        traces = _traces(submission, wording=wording)
        contact = _traces(submission, wording=False)

        # The question's working text: while it is not public it may still be
        # the patient's own words, or name them; the public version is signed
        # and stays as it is.
        changes: dict[str, str] = {"reject_note": traces.scrub(question.reject_note)}
        if question.status != S.PUBLISHED:
            for name, original in (
                ("title", submission.original_subject),
                ("body", submission.original_text),
            ):
                text = getattr(question, name)
                if wording and original.strip() and _same_words(text, original):
                    changes[name] = ERASED
                else:
                    changes[name] = traces.scrub(text, limit=_length(Question, name))
        Question.objects.filter(pk=question.pk).update(**changes)
        # A version sent for sign-off that lost the patient's words is no
        # longer the one sent: it goes back to be sent again (no actor: the patient).
        question_text_changed(question=question, actor=None)
        for note in Transition.objects.filter(question=question).exclude(note="").only("note"):
            if (scrubbed := traces.scrub(note.note)) != note.note:
                Transition.objects.filter(pk=note.pk).update(note=scrubbed)
        _admin_log_scrub(question=question, traces=traces, neutral=wording)
        _outbox_forget(address=submission.email, traces=traces, subscription_mail=False)
        if submission.status_token_hash:
            token_hashes.add(submission.status_token_hash)

        # The submission itself. Kept wording loses the name and address in it:
        # the page that shows it says they were erased.
        submission.original_subject = contact.scrub(
            submission.original_subject, limit=_length(PatientSubmission, "original_subject")
        )
        submission.original_text = contact.scrub(submission.original_text)
        submission.name = submission.email = submission.client_hash = ""
        submission.notify = False
        fields = ["name", "email", "notify", "client_hash", "original_subject", "original_text"]
        if wording:
            submission.original_subject = submission.original_text = ""
            submission.erased_at = now
            fields.append("erased_at")
        submission.save(update_fields=fields)
    _outbox_forget_status_links(token_hashes)
    return count


def submission_erase(*, submission: PatientSubmission, wording: bool) -> None:
    """Erase a patient's contact details (and their name wherever it was
    written), and their original wording too if asked. Safe to repeat."""
    with transaction.atomic():
        locked = (
            PatientSubmission.objects.select_for_update()
            .select_related("question")
            .get(pk=submission.pk)
        )
        _erase([locked], wording=wording)
    submission.refresh_from_db()


def _comments_outbox_forget(comments: Iterable[Comment]) -> None:
    """Before commenters' addresses are erased: the mail to them, too."""
    for comment in comments:
        traces = _Traces(whole=[v for v in (comment.author_email, comment.author_name) if v])
        _outbox_forget(address=comment.author_email, traces=traces, subscription_mail=False)


def purge_past_retention() -> list[str]:
    """The scheduled purge (core.personal_data): patients' details after
    PATIENT_DATA_RETENTION_DAYS, commenters' emails after
    COMMENTER_EMAIL_RETENTION_DAYS; says what it erased."""
    patients, commenters = purge_personal_data(
        patient_days=settings.PATIENT_DATA_RETENTION_DAYS,
        commenter_days=settings.COMMENTER_EMAIL_RETENTION_DAYS,
    )
    return [f"the details of {patients} patient(s)", f"{commenters} commenter email(s)"]


def purge_personal_data(*, patient_days: int, commenter_days: int) -> tuple[int, int]:
    """Erase what we no longer need; returns (patients, commenters) erased.
    Rejected and spam comments, never shown and of no further use, are deleted."""
    now = timezone.now()
    patient_cutoff = now - datetime.timedelta(days=patient_days)
    commenter_cutoff = now - datetime.timedelta(days=commenter_days)
    # Answered or declined before the cut-off: the moment of that transition.
    finished = Transition.objects.filter(
        to_status__in=[S.PUBLISHED, S.REJECTED], created_at__lt=patient_cutoff
    ).values("question_id")
    with transaction.atomic():
        due = (
            PatientSubmission.objects.select_for_update()
            .select_related("question")
            .filter(erased_at__isnull=True, question__status__in=_DONE, question_id__in=finished)
        )
        patients = _erase(list(due), wording=True)

        moderated = Comment.objects.exclude(status=Comment.Status.PENDING).filter(
            moderated_at__lt=commenter_cutoff
        )
        held = moderated.exclude(
            author_email="", author_name="", client_hash="", notify_reply=False
        )
        _comments_outbox_forget(held.select_for_update().only("author_email", "author_name"))
        commenters = held.update(
            author_email="", author_name="", client_hash="", notify_reply=False
        )
        moderated.filter(status__in=[Comment.Status.REJECTED, Comment.Status.SPAM]).delete()
    return patients, commenters


def personal_data_export(*, email: str) -> dict[str, list[dict]]:
    """The questions, comments and mail of one address, for a person who asks."""
    address = email.strip()
    submissions = PatientSubmission.objects.filter(email__iexact=address).select_related("question")
    comments = Comment.objects.filter(author_email__iexact=address).select_related("question")
    mail = OutgoingEmail.objects.filter(to__iexact=address)
    return {
        "questions": [
            {
                "asked_at": s.question.submitted_at.isoformat(),
                "name": s.name,
                "subject": s.original_subject,
                "question": s.original_text,
                "status": s.question.get_status_display(),
                "email_when_published": s.notify,
                "public_version": s.question.get_absolute_url() if s.question.is_public else None,
            }
            for s in submissions
        ],
        "comments": [
            {
                "written_at": c.created_at.isoformat(),
                "name": c.author_name,
                "comment": c.body,
                "status": c.get_status_display(),
                "on": c.question.get_absolute_url() if c.question.is_public else None,
            }
            for c in comments
        ],
        "emails": [
            {
                "subject": m.subject,
                "queued_at": m.created_at.isoformat(),
                "sent_at": m.sent_at.isoformat() if m.sent_at else None,
            }
            for m in mail
        ],
    }


def personal_data_erase(*, email: str) -> int:
    """Erase everything of this app held under an address: the details and
    wording of its questions (their public versions stay), its comments
    (deleted, with any reply to them), and its mail. Returns how many rows."""
    address = email.strip()
    if not address:
        return 0
    with transaction.atomic():
        submissions = list(
            PatientSubmission.objects.select_for_update()
            .select_related("question")
            .filter(email__iexact=address)
        )
        erased = _erase(submissions, wording=True)
        comments = Comment.objects.filter(author_email__iexact=address)
        public = comments.filter(status=Comment.Status.APPROVED).exists()
        deleted, _ = comments.delete()
        if public:
            content_changed()
        mail = OutgoingEmail.objects.filter(to__iexact=address)
        dropped = mail.filter(sent_at__isnull=True).count()
        forgotten = mail.filter(sent_at__isnull=False).count()
        _outbox_forget(address=address, traces=_Traces(whole=[address]), subscription_mail=True)
    return erased + deleted + dropped + forgotten
