"""SENSITIVE and ADDRESS read their cue words from the cue table (recognizers/data/cues.tsv), never a copy."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from context_recognizers import SENSITIVE_ADDRESS

from recognizers import cues

ROOT = Path(__file__).resolve().parent.parent
MODULES = SENSITIVE_ADDRESS
#: the kinds these modules read (and the person roles they share with PERSON and PHONE)
KINDS = (
    "private_trigger", "health_term", "health_symptom", "health_family_negative", "health_head_veto",
    "child_cue", "sensitive_strong_cue", "sensitive_person_word", "linked_person_header", "health_header", "school_header",
    "age_header", "birth_header", "health_form_label", "address_personal_label", "address_org_label",
    "address_person_word", "place_suffix", "place_negative",
)


_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _word_lists(tree: ast.Module) -> dict[str, set[str]]:
    """The word lists a module defines at module level: a tuple/list/set of string literals, or a regex
    that is nothing but an alternation of words (申请人|当事人|户主). Grammar regexes (a road + a number)
    are rules, not lists, and are not looked at."""
    out: dict[str, set[str]] = {}
    for node in tree.body:
        if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
            continue
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        name = getattr(target, "id", "?")
        value = node.value
        if isinstance(value, ast.Call) and value.args:  # frozenset({...}), re.compile("a|b")
            value = value.args[0]
        if isinstance(value, (ast.Tuple, ast.List, ast.Set)):
            out[name] = {w for w in _strings(value) if _WORD.fullmatch(w)}
        elif isinstance(value, ast.Constant) and isinstance(value.value, str) and "|" in value.value:
            parts = value.value.split("|")
            if all(_WORD.fullmatch(p) for p in parts):
                out[name] = set(parts)
    return out


@pytest.mark.parametrize("module", MODULES)
def test_no_module_keeps_a_copy_of_a_table_word(module):
    tree = ast.parse((ROOT / "recognizers" / f"{module}.py").read_text(encoding="utf-8"))
    table = set(cues.words(*KINDS))
    copies = {name: sorted(words & table) for name, words in _word_lists(tree).items() if words & table}
    assert not copies, f"{module}.py repeats cue-table words: {copies}"


def test_the_check_sees_a_copy():
    tree = ast.parse('ROLES = ("申请人", "x")\nRX = re.compile("当事人|户主")\nROAD = re.compile("[路街](?:大街)")')
    assert set(_word_lists(tree)) == {"ROLES", "RX"}
