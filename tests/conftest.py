from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import ExpertProfileFactory, UserFactory


@pytest.fixture
def visitor() -> Client:
    return Client()


@pytest.fixture
def expert(db):
    profile = ExpertProfileFactory(user__username="expert")
    profile.user.groups.add(Group.objects.get(name="Experts"))
    return profile.user


@pytest.fixture
def moderator(db):
    user = UserFactory(username="moderator", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_without_role(db):
    return UserFactory(username="staffer", is_staff=True)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is Django's business; tests only need logins to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters and cached pages must not leak from one test to the next.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
