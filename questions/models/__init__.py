"""Questions from patients, their signed answers, and readers' comments.

What the public reads is never the editable draft on `Question`: it is the
`Answer` row that a clinician signed (`Question.published_answer`), a frozen
copy of the public question and answer text with a SHA-256 of exactly that.
"""

from .comments import Comment, CommentQuerySet, CommentReply
from .experts import ExpertProfile
from .history import Transition, transition_action_choices
from .qa import (
    Answer,
    Category,
    PatientSubmission,
    Question,
    QuestionQuerySet,
    normalise_text,
    signed_content_hash,
)
from .reviews import (
    Reference,
    Review,
    add_months,
    keep_review_due,
    review_due_after,
    review_is_overdue,
)
from .translations import (
    AnswerTranslation,
    AnswerTranslationQuerySet,
    CategoryName,
    ReferenceTranslation,
    ReferenceTranslationQuerySet,
    TranslationDraft,
    other_languages,
    reference_constraints,
    staff_language_name,
    texts_sha256,
)

__all__ = [
    "Answer",
    "AnswerTranslation",
    "AnswerTranslationQuerySet",
    "CategoryName",
    "ReferenceTranslation",
    "ReferenceTranslationQuerySet",
    "reference_constraints",
    "texts_sha256",
    "other_languages",
    "staff_language_name",
    "Category",
    "Comment",
    "CommentQuerySet",
    "CommentReply",
    "ExpertProfile",
    "PatientSubmission",
    "Question",
    "QuestionQuerySet",
    "Reference",
    "Review",
    "Transition",
    "TranslationDraft",
    "add_months",
    "review_due_after",
    "keep_review_due",
    "review_is_overdue",
    "normalise_text",
    "signed_content_hash",
    "transition_action_choices",
]
