"""Every cue word of the PERSON and PHONE recognizers lives in ``recognizers/data/cues.tsv``, once.

The modules read their word lists from the table (``cues.words(kind)``); this test reads each module's
source and fails when a literal word list (a tuple, list or set of strings, a ``"a b c".split()``) or a
regex alternation (``"甲乙|丙丁|…"``) repeats words of the table: a new cue is a row, not a code edit.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from context_recognizers import PERSON_PHONE, paths

from recognizers import cues

ROOT = Path(__file__).resolve().parents[1]
#: the modules whose cue words must come from the table (SENSITIVE/ADDRESS: test_cues_sensitive.py)
MODULES = paths(PERSON_PHONE)
#: at most this many table words may appear in one literal (a grammar rule may name a few words:
#: ``(?:联系)?(?:电话|手机|方式)``); a longer one needs ``# cue-rule: why`` on its line, a reviewed exemption
ALLOWED = 3

_ALT_PART = re.compile(r"[^|()?:$^\[\]{}*+\\.]+")


def table_words() -> frozenset[str]:
    return frozenset(c.word for c in cues.table() if len(c.word) >= 2)


def literal_words(tree: ast.AST) -> list[tuple[int, int, list[str]]]:
    """``(first line, last line, words)`` of every literal collection of strings and every string holding ``|``
    (docstrings aside: they show examples)."""
    out: list[tuple[int, int, list[str]]] = []
    docs = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body and isinstance(n.body[0], ast.Expr)
    }
    for node in ast.walk(tree):
        if id(node) in docs:
            continue
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(items) >= 3:
                out.append((node.lineno, node.end_lineno or node.lineno, items))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if "|" in node.value:
                out.append((node.lineno, node.end_lineno or node.lineno, _ALT_PART.findall(node.value)))
            elif " " in node.value.strip() or "\n" in node.value:
                out.append((node.lineno, node.end_lineno or node.lineno, node.value.split()))
    return out


@pytest.mark.parametrize("module", MODULES)
def test_no_module_repeats_table_words(module: str) -> None:
    words = table_words()
    source = (ROOT / module).read_text(encoding="utf-8")
    lines = source.splitlines()
    copies = [
        (first, sorted(set(found) & words))
        for first, last, found in literal_words(ast.parse(source))
        if not any("# cue-rule:" in ln for ln in lines[first - 1 : last])
    ]
    copies = [(line, hit) for line, hit in copies if len(hit) > ALLOWED]
    assert not copies, f"{module}: word lists that belong in recognizers/data/cues.tsv: {copies}"


def test_the_scan_finds_a_copy() -> None:
    """The scan itself: a tuple of table words and a regex alternation of them are both caught."""
    src = 'A = ("局长", "副局长", "主任")\nB = r"(?:局长|副局长|主任)$"\nC = "单字"\n'
    found = [sorted(set(w) & table_words()) for _, _, w in literal_words(ast.parse(src))]
    assert found == [["主任", "副局长", "局长"], ["主任", "副局长", "局长"]]


def test_every_kind_is_described_and_used() -> None:
    """Every person/phone kind in KINDS has rows, and the modules ask for it by name."""
    sources = "".join((ROOT / m).read_text(encoding="utf-8") for m in MODULES)
    block = Path(cues.__file__).read_text(encoding="utf-8")
    block = block[block.index("person / phone kinds ----") : block.index("end of person / phone kinds")]
    kinds = re.findall(r'^    "([a-z_]+)":', block, re.M)
    assert len(kinds) > 30
    for kind in kinds:
        assert cues.rows(kind), kind
        assert f'"{kind}"' in sources or f"'{kind}'" in sources, f"kind {kind} is never read"
