import secrets


def sum_challenge() -> tuple[str, str]:
    """A small addition ("4+7=", "11"): quick to solve, easy to read and to hear."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    return f"{a}+{b}=", str(a + b)
