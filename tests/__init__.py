import pytest

# Helper modules' asserts report their values as the tests' own do.
pytest.register_assert_rewrite(
    "tests.access_helpers", "tests.ask_helpers", "tests.attack_helpers", "tests.privacy_people"
)
