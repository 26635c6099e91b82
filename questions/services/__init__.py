"""Every write of the questions app, named `<entity>_<action>`; views, the
admin and commands call these and write nothing themselves."""

from ..lifecycle import TRANSITIONS  # so that callers of the services read the table too
from ..tokens import hash_client, hash_token, status_token_for
from .categories import category_delete, category_names_saved, category_save
from .comments import (
    CommentsClosed,
    ReplyNotAllowed,
    can_reply,
    comment_moderate,
    comment_reply,
    comment_submit,
)
from .drafts import (
    question_confirm_identifiers_removed,
    question_save_draft,
    question_sources_changed,
)
from .experts import expert_profile_save
from .privacy import purge_personal_data, submission_erase
from .reviews import question_reattest, question_review_needs_changes
from .signing import needs_another_signer
from .steps import TransitionNotAllowed, allowed_actions
from .submissions import question_submit
from .transitions import (
    question_assign,
    question_publish,
    question_reject,
    question_reopen,
    question_request_changes,
    question_sign_off,
    question_submit_for_signoff,
    question_withdraw,
)
from .translations import (
    translation_request_changes,
    translation_save,
    translation_send,
    translation_sign,
)

__all__ = [
    "TRANSITIONS",
    "CommentsClosed",
    "ReplyNotAllowed",
    "TransitionNotAllowed",
    "allowed_actions",
    "category_delete",
    "category_names_saved",
    "can_reply",
    "category_save",
    "comment_moderate",
    "comment_reply",
    "comment_submit",
    "expert_profile_save",
    "hash_client",
    "translation_request_changes",
    "translation_save",
    "translation_send",
    "translation_sign",
    "hash_token",
    "needs_another_signer",
    "purge_personal_data",
    "question_assign",
    "question_confirm_identifiers_removed",
    "question_publish",
    "question_reattest",
    "question_reject",
    "question_reopen",
    "question_request_changes",
    "question_review_needs_changes",
    "question_save_draft",
    "question_sources_changed",
    "question_sign_off",
    "question_submit",
    "question_submit_for_signoff",
    "question_withdraw",
    "status_token_for",
    "submission_erase",
]
