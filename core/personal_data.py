"""Personal data is kept by several apps. The commands that purge it on
schedule (`purge_personal_data`) and answer a person who asks what we hold or
to erase it (`subscriber_data`) ask every app that keeps some: each registers
its part in its AppConfig.ready() (as apps register admin classes), so the
commands reach every table without importing the apps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Holder:
    order: int  # lower first, in the purge's report
    # Erases what is past its retention; says what, e.g. ["3 feedback note(s)"].
    purge: Callable[[], list[str]] | None = None
    # What it holds under an email address, as JSON-ready fields ({} if nothing).
    export: Callable[[str], dict[str, Any]] | None = None
    # Erases what it holds under an address; whether it held anything.
    erase: Callable[[str], bool] | None = None


_holders: dict[str, Holder] = {}


def register(name: str, holder: Holder) -> None:
    _holders[name] = holder


def holders() -> list[Holder]:
    return sorted(_holders.values(), key=lambda holder: holder.order)


def purge() -> list[str]:
    """Run every purge; what each erased, in order."""
    return [said for holder in holders() if holder.purge for said in holder.purge()]


def export(email: str) -> dict[str, Any]:
    """What the registered holders keep under an address, merged."""
    held: dict[str, Any] = {}
    for holder in holders():
        if holder.export:
            held.update(holder.export(email))
    return held


def erase(email: str) -> bool:
    """Erase it from every holder; whether any held something. Every holder is
    asked even when an earlier one held something."""
    return any([holder.erase(email) for holder in holders() if holder.erase])
