"""What a plain-text scan finds, as (text, severity label) pairs: shared by the regression test files."""

from __future__ import annotations

from screening import Screener

_S = Screener()


def found(text: str, entity: str) -> list[tuple[str, str]]:
    """``(matched text, severity label)`` of the findings of ``entity`` in ``text``."""
    return [(f.text, f.severity.label) for f in _S.scan_text(text) if f.entity_type == entity]


def sensitive(text: str) -> list[tuple[str, str]]:
    return found(text, "SENSITIVE_PERSONAL_INFO")


def persons(text: str) -> list[tuple[str, str]]:
    return found(text, "PERSON")


def roles(text: str) -> dict[str, tuple[str, str | None]]:
    """``{name: (severity label, role)}`` of the PERSON findings in ``text``."""
    return {f.text: (f.severity.label, f.attributes.get("role")) for f in _S.scan_text(text) if f.entity_type == "PERSON"}
