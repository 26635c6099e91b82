"""A drug page's translation keeps its promises under any sequence of moves.

Hypothesis drives random sequences of every move a translator, two clinicians
who sign in Spanish and one who signs in English only can make on one
published drug page: write or change the Spanish, send it, request changes,
sign it, and change the English entry in the admin, saying the change was
clinical or editorial. The test keeps its own ledger and checks, after every
step, what a reader and the records would show:

- every signed translation is exactly the text one person sent, signed by a
  different clinician who signs in Spanish, following the English as it was
  when signed; at most one is shown;
- a sign-off is allowed exactly when the ledger says so;
- /es/drugs/<slug>/ shows the last signed translation unless a clinical change
  of the English came after it (then none of its Spanish); after an editorial
  change it says the English changed; and /es/search/ finds the Spanish text
  exactly when the page shows it.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client, TestCase
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from drugs.models import Drug, DrugTranslation
from questions.models import texts_sha256
from questions.services import reference_translations as services
from questions.services.steps import TransitionNotAllowed
from tests.conftest import SEQUENCES_AS_DEPLOYED, client_for, role
from tests.factories import DrugFactory, ExpertProfileFactory, UserFactory, form_values

REFUSED = (TransitionNotAllowed, PermissionDenied)
# Each a word of its own, so that search tells the versions apart.
SUMMARIES = ["Un anticuerpo quincenal.", "Un anticuerpo semestral.", "Un anticuerpo anual."]

pytestmark = SEQUENCES_AS_DEPLOYED


def as_browser(client: Client, url: str) -> dict[str, str]:
    values = form_values(client.get(url).content.decode(), action=None)
    return {name: value.removeprefix("\r\n").removeprefix("\n") for name, value in values.items()}


class TranslatingADrugPage(RuleBasedStateMachine):
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
        self.drug = DrugFactory(generic_name="testumab", summary="An antibody, version 1.")
        self.versions = 1
        # The ledger.
        self.sent: tuple[int, dict, str] | None = None  # sender, texts, English hash
        self.shown: dict | None = None  # the Spanish a reader should see
        self.withdrawn = False  # a clinical change came after the shown one
        self.followed: str = ""  # the English hash the shown one follows
        self.visitor = Client()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _english(self) -> str:
        drug = Drug.objects.get(pk=self.drug.pk)
        return services.english_sha256(DrugTranslation, drug)

    def _open(self) -> DrugTranslation | None:
        return DrugTranslation.objects.exclude(state=DrugTranslation.State.SIGNED).first()

    def _texts(self, summary: str) -> dict[str, str]:
        drug = Drug.objects.get(pk=self.drug.pk)
        texts = {key: f"Texto {key}." for key in DrugTranslation.english_texts(drug)}
        texts["summary"] = summary
        return texts

    @initialize(signed=st.booleans(), sender=st.integers(0, 2))
    def start(self, signed: bool, sender: int) -> None:
        """Half the sequences start from a Spanish page already signed; the
        others from a translation sent by a translator or a clinician, so that
        the first few moves already meet the sign-off and its rules (Hypothesis
        tries the simplest sequences first)."""
        self.write(0, SUMMARIES[0])
        self.send(sender)
        if signed:
            self.sign(2 if sender == 1 else 1)
            assert self.shown is not None

    # -- moves ---------------------------------------------------------------

    @rule(who=st.integers(0, 3), summary=st.sampled_from(SUMMARIES))
    def write(self, who: int, summary: str) -> None:
        texts = self._texts(summary)
        before = self._open()
        saved = services.reference_translation_save(
            model=DrugTranslation,
            entry_id=self.drug.pk,
            language="es",
            actor=self.people[who],
            texts=texts,
        )
        if before is not None and before.texts == texts and self.sent is not None:
            assert saved.state == DrugTranslation.State.SENT, "the same words unsent it"
        else:
            assert saved.state == DrugTranslation.State.DRAFT
            self.sent = None

    @rule(who=st.integers(0, 3))
    def send(self, who: int) -> None:
        draft = self._open()
        if draft is None:
            return
        actor = self.people[who]
        try:
            services.reference_translation_send(
                model=DrugTranslation, translation_id=draft.pk, actor=actor
            )
        except REFUSED:
            complete = all(draft.texts.get(k) for k in DrugTranslation.english_texts(self.drug))
            again = self.sent is not None and self.sent[0] == actor.pk
            assert again or not complete, "a complete translation could not be sent"
            return
        self.sent = (actor.pk, dict(draft.texts), self._english())

    @rule(who=st.integers(0, 3))
    def request_changes(self, who: int) -> None:
        draft = self._open()
        if draft is None:
            return
        try:
            services.reference_translation_request_changes(
                model=DrugTranslation,
                translation_id=draft.pk,
                actor=self.people[who],
                note="Más claro.",
            )
        except REFUSED:
            assert not (who in (1, 2) and self.sent is not None), "a Spanish reader was refused"
            return
        assert who in (1, 2) and self.sent is not None
        self.sent = None

    @rule()
    def the_sender_tries_to_sign(self) -> None:
        """The four-eyes rule, tried as often as any other move."""
        draft = self._open()
        if draft is not None and draft.sent_by_id is not None:
            self.sign(next(n for n, p in enumerate(self.people) if p.pk == draft.sent_by_id))

    @rule(who=st.integers(0, 3))
    def sign(self, who: int) -> None:
        draft = self._open()
        if draft is None:
            return
        actor = self.people[who]
        expected = (
            self.sent is not None
            and who in (1, 2)
            and self.sent[0] != actor.pk
            and self.sent[2] == self._english()
        )
        with TestCase.captureOnCommitCallbacks(execute=True):  # search is told after commit
            try:
                signed = services.reference_translation_sign(
                    model=DrugTranslation, translation_id=draft.pk, actor=actor
                )
            except REFUSED:
                assert not expected, "a translation that could be signed was refused"
                return
        assert expected, f"{actor.username} signed what the rules forbid"
        assert self.sent is not None
        sender, texts, english = self.sent
        assert (signed.sent_by_id, signed.signed_by_id) == (sender, actor.pk)
        assert signed.texts == texts and signed.follows_sha256 == english
        self.shown, self.sent, self.withdrawn, self.followed = texts, None, False, english

    @rule(who=st.integers(1, 3), kind=st.sampled_from(["clinical", "editorial"]))
    def change_the_english(self, who: int, kind: str) -> None:
        """A clinician edits the English summary in the admin and says what kind of change."""
        self.versions += 1
        client = client_for(self.people[who])
        url = f"/admin/drugs/drug/{self.drug.pk}/change/"
        form = as_browser(client, url)
        form["summary"] = f"An antibody, version {self.versions}."
        form["change_kind"] = kind
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(url, form)
        assert response.status_code == 302, response.content.decode()[:2000]
        if self.shown is not None and not self.withdrawn and kind == "clinical":
            self.withdrawn = True

    # -- what must hold after every step ------------------------------------

    @invariant()
    def every_signed_translation_had_a_sender_and_a_spanish_reading_signer(self) -> None:
        signed = DrugTranslation.objects.filter(state=DrugTranslation.State.SIGNED)
        for row in signed.select_related("signer"):
            assert row.sent_by_id != row.signed_by_id
            assert row.signer.signs_in("es")
            assert row.sha256 == texts_sha256(row.texts)
        assert signed.filter(is_current=True).count() <= 1

    @invariant()
    def a_sent_translation_is_the_text_as_sent(self) -> None:
        draft = self._open()
        if draft is not None and draft.state == DrugTranslation.State.SENT:
            assert self.sent is not None and draft.texts == self.sent[1]

    @invariant()
    def the_spanish_page_and_search_show_what_the_ledger_says(self) -> None:
        page = self.visitor.get(f"/es/drugs/{self.drug.slug}/").content.decode()
        found = self.visitor.get("/es/search/", {"q": "anticuerpo"}).content.decode()
        if self.shown is not None and not self.withdrawn:
            assert self.shown["summary"] in page
            assert ("La ficha en inglés ha cambiado" in page) == (self.followed != self._english())
            assert f"/es/drugs/{self.drug.slug}/#what-it-is" in found
        else:
            assert "not-translated" in page
            assert all(summary not in page for summary in SUMMARIES)
            assert f"/es/drugs/{self.drug.slug}/" not in found


@pytest.mark.django_db
def test_a_drug_page_translation_keeps_its_promises_under_any_sequence_of_moves():
    run_state_machine_as_test(
        TranslatingADrugPage,
        settings=settings(
            max_examples=30,
            stateful_step_count=16,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
