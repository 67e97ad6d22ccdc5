"""No function of the context recognizers is more complex than radon's cyclomatic complexity 15 (issue 13).

A recognizer that grows a branch per miss ends up with functions nobody can change; a new miss is a
cue row (``recognizers/data/cues.tsv``) or a named feature instead. Other recognizers join by adding
their files to ``FILES``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from context_recognizers import PERSON_PHONE, SENSITIVE_ADDRESS, paths

radon_complexity = pytest.importorskip("radon.complexity", reason="radon (the test extra) measures complexity")

ROOT = Path(__file__).resolve().parents[1]
MAX_CC = 15
#: the files held to MAX_CC: PERSON, PHONE, SENSITIVE and ADDRESS
FILES: tuple[str, ...] = paths(PERSON_PHONE + SENSITIVE_ADDRESS)


def blocks(path: str) -> list[tuple[str, int]]:
    """``(name, complexity)`` of every function and method in ``path`` (radon's own walk)."""
    source = (ROOT / path).read_text(encoding="utf-8")
    # radon lists every function, methods included (with their class name); a class's own figure is
    # the mean of its methods, not one function's: left out
    return [(b.fullname, b.complexity) for b in radon_complexity.cc_visit(source) if not hasattr(b, "methods")]


@pytest.mark.parametrize("path", FILES)
def test_no_function_above_max_complexity(path: str) -> None:
    found = blocks(path)
    assert found, f"{path}: radon found no functions"
    too_complex = sorted(((cc, name) for name, cc in found if cc > MAX_CC), reverse=True)
    assert not too_complex, f"{path}: cyclomatic complexity above {MAX_CC}: {too_complex}"


def test_the_measure_sees_a_complex_function() -> None:
    """The check itself: a function with 16 branches is reported."""
    body = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(16))
    (name, cc), = [(b.name, b.complexity) for b in radon_complexity.cc_visit(f"def f(x):\n{body}    return -1\n")]
    assert (name, cc) == ("f", 17)
