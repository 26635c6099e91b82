"""The staff side, one module per concern; importing them registers their ModelAdmins."""

from . import categories, comments, experts, records, workflow  # noqa: F401
