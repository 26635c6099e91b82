"""Clinicians' profiles: their public page shows the signature block, bio and photo."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from core.cache import content_changed
from core.images import portrait_jpeg

from ..models import ExpertProfile


@transaction.atomic
def expert_profile_save(
    *,
    profile: ExpertProfile,
    actor: User,
    photo: bytes | None = None,
    remove_photo: bool = False,
) -> ExpertProfile:
    """Store a new or edited profile; the clinician's public page shows it at once.
    Answers already signed keep the signature block they were signed with.

    photo: an uploaded image as sent; stored only re-encoded (core.images), and
    core.images.PhotoRefused says in plain words why one cannot be used."""
    if photo is not None:
        profile.photo = portrait_jpeg(photo)
        profile.photo_updated_at = timezone.now()
    elif remove_photo:
        profile.photo = b""
        profile.photo_updated_at = None
    profile.save()
    content_changed()
    return profile
