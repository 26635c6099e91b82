"""Test data. Published Q&As are built in their final shape directly; the
lifecycle itself is exercised through the services in test_lifecycle."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from questions.models import (
    Answer,
    Category,
    Comment,
    ExpertProfile,
    PatientSubmission,
    Question,
    signed_content_hash,
)
from questions.text import render_answer


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@clinic.test")
    password = factory.django.Password("a-long-test-password")


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
        sha256=signed_content_hash(question.title, question.body, html),
    )
    question.status = Question.Status.PUBLISHED
    question.published_answer = answer
    question.published_at = at
    question.slug = question.slug or f"{slugify(question.title)[:90]}-{question.pk}"
    question.expert = expert
    question.save()
    return question


class PublishedQuestionFactory(QuestionFactory):
    @factory.post_generation
    def published(obj, create, extracted, **kwargs):
        publish(obj, at=extracted if isinstance(extracted, datetime.datetime) else None)


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    question = factory.SubFactory(PublishedQuestionFactory)
    author_name = "Theodora Commenter"
    author_email = "theodora.private@reader.test"
    body = "Thank you, this helped me prepare for my infusion."
    status = Comment.Status.APPROVED


class DrugFactory(DjangoModelFactory):
    """A published, reviewed entry of the drug reference."""

    class Meta:
        model = "drugs.Drug"
        django_get_or_create = ["slug"]

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
