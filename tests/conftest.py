from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import ExpertProfileFactory, UserFactory


def role(name: str) -> Group:
    """The staff group made by a migration; a transactional test's flush
    empties every table, so put the roles back when they are gone."""
    group = Group.objects.filter(name=name).first()
    if group is None:
        from django.apps import apps

        importlib.import_module("questions.migrations.0002_roles").create_roles(apps, None)
        importlib.import_module("drugs.migrations.0002_experts_edit_drugs").grant(apps, None)
        group = Group.objects.get(name=name)
    return group


@pytest.fixture
def visitor() -> Client:
    return Client()


@pytest.fixture
def expert(db):
    profile = ExpertProfileFactory(user__username="expert")
    profile.user.groups.add(role("Experts"))
    return profile.user


@pytest.fixture
def moderator(db):
    user = UserFactory(username="moderator", is_staff=True)
    user.groups.add(role("Moderators"))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_without_role(db):
    return UserFactory(username="staffer", is_staff=True)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run (Playwright's sync API allows one per thread)."""
    from playwright.sync_api import sync_playwright

    from tests.chromium import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def client_for(user) -> Client:
    """A browser signed in as `user`, with the cookies a real sign-in through
    /admin/login/ gives (force_login alone sets only the session cookie)."""
    from questions.cache import STAFF_COOKIE, signed_staff_marker

    client = Client()
    client.force_login(user)
    if user.is_staff:
        client.cookies[STAFF_COOKIE] = signed_staff_marker()
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
