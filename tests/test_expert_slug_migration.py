"""The migration that gives existing clinicians a page address."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("questions", "0011_plain_words_for_comments_closed")]
AFTER = [("questions", "0014_expert_slug")]


@pytest.mark.django_db(transaction=True)
def test_existing_profiles_get_a_slug_from_their_name_and_two_alike_stay_apart():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("auth", "User")
    Profile = old.get_model("questions", "ExpertProfile")
    for n, name in enumerate(["Sam Lee, MD", "Sam Lee, MD", "Ana Ruiz"]):
        Profile.objects.create(user=User.objects.create(username=f"u{n}"), display_name=name)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    slugs = list(
        new.get_model("questions", "ExpertProfile")
        .objects.order_by("pk")
        .values_list("slug", flat=True)
    )
    assert slugs == ["sam-lee-md", "sam-lee-md-2", "ana-ruiz"]
    # Back to the present for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_a_profile_left_without_an_address_gets_one_before_the_database_requires_it():
    before = [("questions", "0018_outbox_retry_with_backoff")]
    after = [("questions", "0019_expert_slug_not_empty")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model("auth", "User")
    Profile = old.get_model("questions", "ExpertProfile")
    for n, (name, slug) in enumerate([("Sam Lee, MD", "sam-lee-md"), ("Sam Lee, MD", "x")]):
        Profile.objects.create(
            user=User.objects.create(username=f"u{n}"), display_name=name, slug=slug
        )
    Profile.objects.filter(slug="x").update(slug="")
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    slugs = list(
        new.get_model("questions", "ExpertProfile")
        .objects.order_by("pk")
        .values_list("slug", flat=True)
    )
    assert slugs == ["sam-lee-md", "sam-lee-md-2"]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
