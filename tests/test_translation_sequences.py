"""A translation's promises under any sequence of moves, not only the ones we
thought of.

Hypothesis drives random sequences of every move a translator, two clinicians
who sign in Spanish and one who signs in English only can make on one
published Q&A: write or change the Spanish draft, send it, request changes,
sign it, and change the English and sign it again, saying the change was
clinical or editorial. The test keeps its own ledger and checks, after every
step, what a reader and the records would show:

- every signed translation is exactly the text one person sent, signed by a
  different clinician who signs in Spanish, following the English that was
  current when it was signed;
- a sign-off is allowed exactly when the ledger says it should be, and
  re-signing the English asks for the kind of change exactly when a
  translation is on the Spanish page;
- the Spanish page shows the last signed translation unless a clinical change
  of the English came after it; then it says the answer is being updated and
  shows none of the old Spanish; after an editorial change it says which
  English version it follows.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from questions import services
from questions.models import AnswerTranslation, Question, TranslationDraft
from tests.conftest import SEQUENCES_AS_DEPLOYED, role
from tests.factories import ExpertProfileFactory, PublishedQuestionFactory, UserFactory

REFUSED = (services.TransitionNotAllowed, PermissionDenied)
TITLES = ["¿Puedo hacer ejercicio?", "¿Es bueno el ejercicio con EM?", "Ejercicio y EM"]

pytestmark = SEQUENCES_AS_DEPLOYED


class Translating(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        translator = UserFactory(username="translator", is_staff=True)
        translator.groups.add(role("Translators"))
        self.people = [translator]
        for name, languages in [("ana", "en es"), ("berta", "en es"), ("carl", "en")]:
            profile = ExpertProfileFactory(
                user__username=name, display_name=f"{name.title()}, MD", languages=languages
            )
            profile.user.groups.add(role("Experts"))
            self.people.append(profile.user)
        self.question = PublishedQuestionFactory(
            title="Can I exercise with MS?", answer_source="Yes. Start gently."
        )
        # The ledger.
        self.draft_text: dict | None = None  # the draft as last saved
        self.sent: tuple[int, dict, int] | None = None  # sender, text, English followed
        self.shown: dict | None = None  # the Spanish text a reader should see
        self.signed_once = False
        self.clinical_since_signed = False
        self.followed_english: int | None = None  # what the shown translation follows
        self.english_versions = 1
        self.visitor = Client()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _english(self) -> int:
        return Question.objects.get(pk=self.question.pk).published_answer_id

    def _draft(self) -> TranslationDraft | None:
        return TranslationDraft.objects.filter(question=self.question).first()

    @initialize(signed=st.booleans())
    def start(self, signed: bool) -> None:
        """Half the sequences start from a Spanish page already signed, so that
        changes of the English meet a translation on the page often."""
        if signed:
            self.write(0, TITLES[0], True)
            self.send(0)
            self.sign(1)
            assert self.shown is not None

    # -- moves ---------------------------------------------------------------

    @rule(who=st.integers(0, 3), title=st.sampled_from(TITLES), with_summary=st.booleans())
    def write(self, who: int, title: str, with_summary: bool) -> None:
        text = {
            "question_title": title,
            "question_text": "Tengo EM desde hace un año.",
            "summary": "Sí, con calma." if with_summary else "",
            "answer_source": f"{title}\n\nEmpiece poco a poco.",
        }
        actor = self.people[who]
        draft = services.translation_save(
            question_id=self.question.pk, language="es", actor=actor, texts=text
        )
        changed = self.draft_text is not None and text != self.draft_text
        self.draft_text = text
        if changed or self.sent is None:
            self.sent = None
            assert not draft.is_sent
        else:
            assert draft.is_sent, "saving the same words unsent the translation"

    @rule(who=st.integers(0, 3))
    def send(self, who: int) -> None:
        draft = self._draft()
        if draft is None:
            return
        actor = self.people[who]
        try:
            services.translation_send(draft_id=draft.pk, actor=actor)
        except REFUSED:
            # The same sender, again, with nothing changed: the one refusal left.
            assert self.sent is not None and self.sent[0] == actor.pk
            assert self.sent[2] == self._english()
            return
        assert self.draft_text is not None
        self.sent = (actor.pk, dict(self.draft_text), self._english())

    @rule(who=st.integers(0, 3))
    def request_changes(self, who: int) -> None:
        draft = self._draft()
        if draft is None:
            return
        actor = self.people[who]
        try:
            services.translation_request_changes(
                draft_id=draft.pk, actor=actor, note="Diga “poco a poco”."
            )
        except REFUSED:
            reads = who in (1, 2)
            assert not (reads and self.sent is not None), "a Spanish reader was refused"
            return
        assert who in (1, 2) and self.sent is not None
        self.sent = None

    @rule(who=st.integers(0, 3))
    def sign(self, who: int) -> None:
        draft = self._draft()
        if draft is None:
            return
        actor = self.people[who]
        expected = (
            self.sent is not None
            and who in (1, 2)  # a clinician who signs in Spanish
            and self.sent[0] != actor.pk
            and self.sent[2] == self._english()
        )
        try:
            signed = services.translation_sign(draft_id=draft.pk, actor=actor)
        except REFUSED:
            assert not expected, "a translation that could be signed was refused"
            return
        assert expected, f"{actor.username} signed what the rules forbid"
        assert self.sent is not None
        sender, text, english = self.sent
        assert signed.translated_by_id == sender and signed.signed_by_id == actor.pk
        assert signed.follows_id == english
        assert {f: getattr(signed, f) for f in ("question_title", "question_text", "summary")} == {
            f: text[f] for f in ("question_title", "question_text", "summary")
        }
        self.shown, self.sent, self.draft_text = text, None, None
        self.signed_once, self.clinical_since_signed = True, False
        self.followed_english = english

    @rule(
        sender=st.integers(1, 3),
        signer=st.integers(1, 3),
        kind=st.sampled_from(["clinical", "editorial", ""]),
    )
    def change_the_english(self, sender: int, signer: int, kind: str) -> None:
        question = Question.objects.get(pk=self.question.pk)
        self.english_versions += 1
        question.answer_source = f"Yes. Start gently. (Version {self.english_versions}.)"
        question.save()
        services.question_submit_for_signoff(question_id=question.pk, actor=self.people[sender])
        on_page = self.shown is not None and not self.clinical_since_signed
        try:
            services.question_sign_off(
                question_id=question.pk, actor=self.people[signer], change_kind=kind
            )
        except REFUSED:
            assert sender == signer or (on_page and not kind), "a re-sign was refused"
            return
        assert sender != signer
        assert kind or not on_page, "a translated Q&A was signed again without saying how"
        if on_page and kind == "clinical":
            self.clinical_since_signed = True

    # -- what must hold after every step ------------------------------------

    @invariant()
    def every_signed_translation_had_a_sender_and_a_spanish_reading_signer(self) -> None:
        for signed in AnswerTranslation.objects.filter(question=self.question):
            assert signed.translated_by_id != signed.signed_by_id
            assert signed.signer.signs_in("es")
            assert signed.content_is_intact()
        assert (
            AnswerTranslation.objects.filter(question=self.question, is_current=True).count() <= 1
        )

    @invariant()
    def a_sent_draft_is_the_text_as_sent(self) -> None:
        draft = self._draft()
        if draft is not None and draft.is_sent:
            assert self.sent is not None
            assert {f: getattr(draft, f) for f in self.sent[1]} == self.sent[1]

    @invariant()
    def the_spanish_page_shows_what_the_ledger_says(self) -> None:
        page = self.visitor.get(f"/es/questions/{self.question.slug}/").content.decode()
        if self.shown is not None and not self.clinical_since_signed:
            assert f">{self.shown['question_title']}</h1>" in page
            behind = self.followed_english != self._english()
            assert ("Esta traducción sigue la respuesta en inglés" in page) == behind
        else:
            for title in TITLES:
                assert f">{title}</h1>" not in page
            expected = "se está actualizando" if self.signed_once else "todavía no está traducida"
            assert expected in page


@pytest.mark.django_db
def test_a_translation_keeps_its_promises_under_any_sequence_of_moves():
    run_state_machine_as_test(
        Translating,
        settings=settings(
            max_examples=30,
            stateful_step_count=18,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
