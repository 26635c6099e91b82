"""What the glossary announces once the transaction that did it has committed
(see questions.signals for why signals): search may refresh its synonyms."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with `term_id` (an int) after a term was created, edited or loaded.
term_changed = Signal()
