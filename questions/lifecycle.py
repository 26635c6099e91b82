"""A question's life as data: every kind of move, written once.

Each step says what its button reads, what the history calls it, which status
it leads to from each status it may start from, who may make it and which
service makes it. The models read it for the history's wording, the services
for their guards and destinations, the admin for its "Next step" buttons.

It imports nothing of the app, since the models read it when they load: the
statuses are written as the values of `Question.Status`, and a system check
(`questions.models.history`) keeps the two the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Question.Status values.
NEW = "new"
ASSIGNED = "assigned"
AWAITING_SIGNOFF = "awaiting_signoff"
SIGNED_OFF = "signed_off"
PUBLISHED = "published"
WITHDRAWN = "withdrawn"
REJECTED = "rejected"
# Where the patient's submission starts: the question does not exist before it.
NOT_YET_ASKED = ""

TRIAGE_PERMISSION = "questions.triage_question"
EDIT_PERMISSION = "questions.change_question"
SIGN_PERMISSION = "questions.sign_off_answer"
PUBLISH_PERMISSION = "questions.publish_question"
TRANSLATE_PERMISSION = "questions.translate_answer"

# What a step moves: the question itself (its page's "Next step" buttons), or
# the translation of a published Q&A (the translation's page in the admin,
# questions.admin.translations). Both write the question's one history.
QUESTION = "question"
TRANSLATION = "translation"


@dataclass(frozen=True)
class Step:
    """One kind of move in a question's life."""

    label: str  # on the button
    done_label: str  # in the history (Transition.action's choices)
    # From-status → to-status, for every status the move may start from.
    moves: Mapping[str, str]
    # The function of questions.services that makes the move; empty for a move
    # that follows from another write (an edit after sending).
    service: str = ""
    # Who may press its button; empty for a move that has no button of its
    # own (the patient's submission, a re-sign recorded by the sign-off button).
    permission: str = ""
    # What the service takes from the button's form besides the note.
    inputs: tuple[str, ...] = ()
    note_required: bool = False
    subject: str = QUESTION

    @property
    def from_statuses(self) -> frozenset[str]:
        """The statuses the question page offers its button in; none for a move
        without a button there."""
        return (
            frozenset(self.moves) if self.permission and self.subject == QUESTION else frozenset()
        )


TRANSITIONS: dict[str, Step] = {
    "submit": Step(
        "Submit",
        "Sent by the patient",
        moves={NOT_YET_ASKED: NEW},
        service="question_submit",
    ),
    "assign": Step(
        "Assign to an expert",
        "Assigned to an expert",
        # From "assigned" too: a moderator hands the question to another expert.
        moves={NEW: ASSIGNED, ASSIGNED: ASSIGNED},
        service="question_assign",
        permission=TRIAGE_PERMISSION,
        inputs=("expert",),
    ),
    "reject": Step(
        "Decline",
        "Declined",
        moves={NEW: REJECTED, ASSIGNED: REJECTED},
        service="question_reject",
        permission=TRIAGE_PERMISSION,
        inputs=("reason", "duplicate_of"),
    ),
    "reopen": Step(
        "Reopen",
        "Reopened",
        moves={REJECTED: NEW},
        service="question_reopen",
        permission=TRIAGE_PERMISSION,
    ),
    "submit_for_signoff": Step(
        "Send for sign-off",
        "Sent for sign-off",
        # A published or withdrawn Q&A keeps its status while its changes wait.
        moves={ASSIGNED: AWAITING_SIGNOFF, PUBLISHED: PUBLISHED, WITHDRAWN: WITHDRAWN},
        service="question_submit_for_signoff",
        permission=EDIT_PERMISSION,
    ),
    "changed_after_sending": Step(
        "",
        "Changed after it was sent: back to the answering clinician",
        moves={AWAITING_SIGNOFF: ASSIGNED},
    ),
    "request_changes": Step(
        "Request changes",
        "Changes requested",
        moves={AWAITING_SIGNOFF: ASSIGNED},
        service="question_request_changes",
        permission=SIGN_PERMISSION,
        note_required=True,
    ),
    "sign_off": Step(
        "Sign off",
        "Signed off",
        # Signing a published Q&A's changes puts them live at once: it stays
        # published, and the history records it as "re_sign".
        moves={AWAITING_SIGNOFF: SIGNED_OFF, WITHDRAWN: SIGNED_OFF, PUBLISHED: PUBLISHED},
        service="question_sign_off",
        permission=SIGN_PERMISSION,
        inputs=("change_kind",),
    ),
    "re_sign": Step(
        "Sign off",
        "Signed again (published version updated)",
        moves={PUBLISHED: PUBLISHED},
        service="question_sign_off",
    ),
    "publish": Step(
        "Publish",
        "Published",
        moves={SIGNED_OFF: PUBLISHED},
        service="question_publish",
        permission=PUBLISH_PERMISSION,
    ),
    "withdraw": Step(
        "Withdraw",
        "Withdrawn",
        moves={PUBLISHED: WITHDRAWN},
        service="question_withdraw",
        permission=PUBLISH_PERMISSION,
        note_required=True,
    ),
    # The review cycle (questions.services.reviews): both keep the Q&A published.
    "re_attest": Step(
        "Still accurate",
        "Reviewed: still accurate (re-attested)",
        moves={PUBLISHED: PUBLISHED},
        service="question_reattest",
        permission=SIGN_PERMISSION,
    ),
    "review_changes": Step(
        "Needs changes",
        "Reviewed: needs changes",
        moves={PUBLISHED: PUBLISHED},
        service="question_review_needs_changes",
        permission=SIGN_PERMISSION,
        note_required=True,
    ),
    # A published Q&A's translation (questions.services.translations): the
    # question stays published; the translation's own state is its draft's.
    "translation_send": Step(
        "Send the translation for sign-off",
        "Translation sent for sign-off",
        moves={PUBLISHED: PUBLISHED},
        service="translation_send",
        permission=TRANSLATE_PERMISSION,
        subject=TRANSLATION,
    ),
    "translation_changed_after_sending": Step(
        "",
        "Translation changed after it was sent: to be sent again",
        moves={PUBLISHED: PUBLISHED},
        subject=TRANSLATION,
    ),
    "translation_request_changes": Step(
        "Request changes to the translation",
        "Changes to the translation requested",
        moves={PUBLISHED: PUBLISHED},
        service="translation_request_changes",
        permission=SIGN_PERMISSION,
        note_required=True,
        subject=TRANSLATION,
    ),
    "translation_sign": Step(
        "Sign the translation",
        "Translation signed (shown in its language)",
        moves={PUBLISHED: PUBLISHED},
        service="translation_sign",
        permission=SIGN_PERMISSION,
        subject=TRANSLATION,
    ),
}
