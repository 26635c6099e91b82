"""Clinicians' profiles: their public page shows the signature block and bio."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from core.cache import content_changed

from ..models import ExpertProfile


@transaction.atomic
def expert_profile_save(*, profile: ExpertProfile, actor: AbstractBaseUser) -> ExpertProfile:
    """Store a new or edited profile; the clinician's public page shows it at once.
    Answers already signed keep the signature block they were signed with."""
    profile.save()
    content_changed()
    return profile
