"""Test data. Published Q&As are built in their final shape directly; the
lifecycle itself is exercised through the services in test_lifecycle."""

from __future__ import annotations

import datetime
from html.parser import HTMLParser

import factory
from captcha.models import CaptchaStore
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from core.text import render_answer
from drugs.signals import drug_changed
from questions import services
from questions.models import (
    Answer,
    Category,
    Comment,
    ExpertProfile,
    PatientSubmission,
    Question,
    signed_content_hash,
)
from questions.models.reviews import reviewed_fields
from questions.signals import qa_published

# Every user the factory makes logs in with this password.
PASSWORD = "a-long-test-password"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@clinic.test")
    password = factory.django.Password(PASSWORD)


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.LazyAttribute(lambda c: c.name.lower().replace(" ", "-"))


class ExpertProfileFactory(DjangoModelFactory):
    class Meta:
        model = ExpertProfile

    user = factory.SubFactory(UserFactory, is_staff=True)
    display_name = factory.Sequence(lambda n: f"Dana Example {n}, MD")
    credentials = "MD, PhD"
    titles = "Professor of Neurology\nDirector, MS Program"
    institution = "Virtual MS Center"


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Question number {n} about MS")
    body = "I was diagnosed last year and wonder what to expect from treatment."
    category = factory.SubFactory(CategoryFactory)
    answer_source = (
        "Most people do well on treatment.\n\n* Keep your appointments.\n* Ask your team."
    )
    submission = factory.RelatedFactory(
        "tests.factories.SubmissionFactory", factory_related_name="question"
    )


class SubmissionFactory(DjangoModelFactory):
    class Meta:
        model = PatientSubmission

    name = "Rosalind Privatename"
    email = "rosalind.private@patient.test"
    original_subject = "Rosalind from Springfield: my MS question"
    original_text = (
        "My name is Rosalind Privatename, I live in Springfield, and my neurologist said..."
    )


def publish(
    question: Question,
    *,
    at: datetime.datetime | None = None,
    expert: ExpertProfile | None = None,
) -> Question:
    """Give a question a signed answer and publish it at `at`."""
    at = at or timezone.now()
    expert = expert or ExpertProfileFactory()
    html = render_answer(question.answer_source)
    answer = Answer.objects.create(
        question=question,
        question_title=question.title,
        question_text=question.body,
        body_html=html,
        signer=expert,
        signed_by=expert.user,
        signed_at=at,
        signature_block=expert.signature_block(),
        sha256=signed_content_hash(question.title, question.body, html, summary=question.summary),
        summary=question.summary,
    )
    question.status = Question.Status.PUBLISHED
    question.published_answer = answer
    question.published_at = at
    question.slug = question.slug or f"{slugify(question.title)[:90]}-{question.pk}"
    question.expert = expert
    for name, value in reviewed_fields(signer=expert, when=at).items():
        setattr(question, name, value)
    question.save()
    qa_published.send(
        sender=None, question_id=question.pk
    )  # as the publish service does, after commit
    return question


class PublishedQuestionFactory(QuestionFactory):
    @factory.post_generation
    def published(obj, create, extracted, **kwargs):
        publish(obj, at=extracted if isinstance(extracted, datetime.datetime) else None)


def sent_by_a_patient(*, form_token: str) -> tuple[Question, str]:
    """A question as /ask/ stores it, not triaged yet, and its private status token."""
    return services.question_submit(
        subject="A new question",
        text="A question that nobody has triaged yet, long enough.",
        category=None,
        name="",
        email="",
        notify=False,
        client_address="192.0.2.1",
        form_token=form_token,
    )


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    question = factory.SubFactory(PublishedQuestionFactory)
    author_name = "Theodora Commenter"
    author_email = "theodora.private@reader.test"
    body = "Thank you, this helped me prepare for my infusion."
    status = Comment.Status.APPROVED


# The question form, filled in the way a patient's browser does it.


class _FormValues(HTMLParser):
    """Collects what a browser would send from the form posting to `action`."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action, self.values = action, {}
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._in_form = a.get("action") == self.action
        elif not self._in_form:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.values[a["name"]] = a.get("value", "on" if "checked" in a else "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[self._textarea] = ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def form_values(html: str, action: str = "/ask/") -> dict[str, str]:
    """The fields a browser would post back from the form on this page, as shown:
    hidden fields, typed text, ticked boxes and selected options."""
    parser = _FormValues(action)
    parser.feed(html)
    values = parser.values
    if "question" in values:
        # Browsers drop the one newline that follows <textarea>.
        values["question"] = values["question"].removeprefix("\r\n").removeprefix("\n")
    return values


def solved_sum(key: str) -> str:
    """The answer to the captcha sum with this key, as a patient would read it."""
    return CaptchaStore.objects.get(hashkey=key).response


ASK_SUBJECT = "Breastfeeding after Ocrevus"
ASK_QUESTION = (
    "My last Ocrevus infusion was in March. Is it safe to breastfeed my baby this summer, "
    "or should I wait until the next infusion is due?"
)


def ask_form_data(client, **changes: str | None) -> dict[str, str]:
    """Open /ask/ with `client` and fill it in as a patient would, solving the sum.

    `changes` replace what is typed; a change to None leaves that field out."""
    page = client.get("/ask/")
    data = form_values(page.content.decode())
    data.update(
        subject=ASK_SUBJECT,
        question=ASK_QUESTION,
        ack_not_advice="on",
        ack_publish="on",
        captcha_1=solved_sum(data["captcha_0"]),
    )
    data.pop("csrfmiddlewaretoken", None)
    for field, value in changes.items():
        if value is None:
            data.pop(field, None)
        else:
            data[field] = value
    return data


class DrugFactory(DjangoModelFactory):
    """A published, reviewed entry of the drug reference."""

    class Meta:
        model = "drugs.Drug"
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    generic_name = factory.Sequence(lambda n: f"testumab{n}")
    slug = factory.LazyAttribute(lambda d: slugify(d.generic_name))
    group = "disease_modifying"
    status = "approved"
    route = "iv"
    for_rrms = True
    mechanism_short = "Removes B cells"
    schedule_short = "Every 6 months"
    risks_short = "Infusion reactions"
    summary = "An antibody given by infusion twice a year."
    drug_class = "Anti-CD20 monoclonal antibody"
    target_mechanism = "It sticks to CD20 on B cells."
    dose_schedule = "600 mg every 6 months."
    screening = "Hepatitis B tests."
    serious_risks = "Infections."
    common_side_effects = "Headache."
    pregnancy_breastfeeding = "Plan a pregnancy with your team."
    monitoring = "Blood tests once a year."
    references = "A trial. N Engl J Med. 2017.\nLabel: https://dailymed.example.org/label"
    reviewed_by = factory.SubFactory(ExpertProfileFactory)
    reviewed_on = datetime.date(2026, 10, 1)
    is_published = True

    @factory.post_generation
    def indexed(obj, create, extracted, **kwargs):
        if create:  # as drugs.services.drug_save does
            drug_changed.send(sender=None, drug_id=obj.pk)
