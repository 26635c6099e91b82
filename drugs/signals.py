"""What the drug reference announces once the transaction that did it has
committed (see questions.signals for why signals): search re-indexes the entry."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with `drug_id` (an int) after an entry was created, edited or loaded.
drug_changed = Signal()
