"""What the Q&A lifecycle announces, once the transaction that did it has
committed (sent by core.events.announce). Search links drug mentions and
re-indexes; other apps may listen too; this app never imports them."""

from __future__ import annotations

from django.dispatch import Signal

# Each is sent with `question_id` (an int).
qa_published = Signal()  # first published, or published again after a withdrawal
qa_resigned = Signal()  # a published Q&A's new version signed: the public text changed
qa_withdrawn = Signal()  # no longer public
qa_translated = Signal()  # a translation signed: the page in its language changed
# A reference entry's translation signed or withdrawn: sent with `label` (the
# translation model's, e.g. "drugs.drugtranslation") and `entry_id`.
reference_translated = Signal()
# Sent with `comment_ids` (a list of ints) after readers' comments were approved.
comment_approved = Signal()
