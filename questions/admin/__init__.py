"""The staff side, one module per concern; importing them registers their ModelAdmins."""

from . import categories, comments, experts, records, translations, workflow  # noqa: F401
