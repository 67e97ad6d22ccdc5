"""Policies: bundled presets and strict validation (a typo never falls back to a default)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from screening.errors import PolicyError
from screening.findings import ENTITY_TYPES, HYGIENE_TYPES, Finding, Severity
from screening.redaction.policy import bundled_policies, load_policy


def finding(et: str, text: str, sev: Severity = Severity.HIGH, context: str = "", **attrs: object) -> Finding:
    return Finding(et, 0, len(text), text, 0.9, sev, "test", context=context, attributes=dict(attrs))


def test_presets_are_bundled_and_documented() -> None:
    assert {"publication", "penalty", "strict"} <= set(bundled_policies())
    for name in ("publication", "penalty", "strict"):
        p = load_policy(name)
        assert p.name == name and p.basis and p.title
        src = (Path(__file__).resolve().parents[1] / "screening" / "policies" / f"{name}.yaml").read_text("utf-8")
        assert src.startswith("#") and "Rule followed" in src  # each documents the rule it follows
        # every non-hygiene entity type gets a decision (explicit rule or the default)
        for et in set(ENTITY_TYPES) - HYGIENE_TYPES:
            assert p.decide(finding(et, "测试值")).operator


@pytest.mark.parametrize(
    ("policy", "f", "operator", "params"),
    [
        ("publication", finding("CN_RESIDENT_ID", "x"), "mask", {"keep_first": 6, "keep_last": 4}),
        ("publication", finding("PHONE_NUMBER", "x", kind="mobile"), "mask", {"keep_first": 3, "keep_last": 4}),
        ("publication", finding("PHONE_NUMBER", "x", Severity.LOW), "keep", {}),  # an organisation's hotline
        ("publication", finding("PHONE_NUMBER", "x", kind="landline"), "mask", {"keep_first": 4, "keep_last": 0}),
        ("publication", finding("CN_BANK_CARD", "x"), "mask", {"keep_first": 6, "keep_last": 4}),
        ("publication", finding("CN_ADDRESS", "x"), "generalize", {"keep_levels": ["province", "city", "county",
                                                                                   "area", "town"]}),
        ("publication", finding("PERSON", "x", role="private"), "surname", {"style": "by_length"}),
        ("publication", finding("PERSON", "x", Severity.LOW, role="official"), "keep", {}),
        ("publication", finding("CN_USCC", "x", Severity.LOW), "keep", {}),
        ("publication", finding("LOCATION", "x", Severity.INFO), "keep", {}),
        ("publication", finding("SENSITIVE_PERSONAL_INFO", "x"), "label", {}),
        ("penalty", finding("PERSON", "x", context="当事人：【x】，男"), "keep", {}),
        ("penalty", finding("PERSON", "x", context="其妻【x】称"), "surname", {"style": "fixed", "suffix": "某"}),
        ("penalty", finding("CN_RESIDENT_ID", "x"), "label", {}),
        ("penalty", finding("CN_ADDRESS", "x"), "label", {}),
        ("strict", finding("PERSON", "x"), "surname", {"style": "fixed", "suffix": "某", "distinguish": "jia_yi"}),
        ("strict", finding("CN_LICENSE_PLATE", "x"), "label", {}),
        ("strict", finding("PERSON", "x", Severity.LOW, role="official"), "keep", {}),
    ],
)
def test_preset_decisions(policy: str, f: Finding, operator: str, params: dict) -> None:
    action = load_policy(policy).decide(f)
    assert (action.operator, action.params) == (operator, params)


def write(tmp_path: Path, data: object, name: str = "p.yaml") -> Path:
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


BASE = {"name": "mine", "default": {"operator": "label"}}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**BASE, "entites": {}}, "unknown key"),  # typo of a top-level key
        ({**BASE, "entities": {"PERSN": {"operator": "label"}}}, "unknown entity type 'PERSN'"),
        ({**BASE, "entities": {"COMMENTS": {"operator": "remove"}}}, "document-hygiene type"),
        ({**BASE, "entities": {"PERSON": {"operator": "blur"}}}, "unknown or missing operator 'blur'"),
        ({**BASE, "entities": {"PERSON": {"operator": "mask", "keep_frist": 1}}}, "no parameter 'keep_frist'"),
        ({**BASE, "entities": {"PERSON": {"operator": "mask", "keep_first": "6"}}}, "expected int"),
        ({**BASE, "entities": {"PERSON": {"operator": "mask", "keep_first": -1}}}, "negative"),
        ({**BASE, "entities": {"PERSON": {"operator": "mask", "keep_first": True}}}, "expected int"),
        ({**BASE, "entities": {"PERSON": {"operator": "surname", "style": "short"}}}, "not one of"),
        ({**BASE, "entities": {"PERSON": {"operator": "surname", "distinguish": "abc"}}}, "not one of"),
        ({**BASE, "entities": {"CN_ADDRESS": {"operator": "generalize", "keep_levels": ["towm"]}}},
         "unknown address level"),
        ({**BASE, "entities": {"PERSON": {"operator": "label", "template": "[{lable}]"}}}, "bad template"),
        ({**BASE, "entities": {"PERSON": {"operator": "label", "cases": [{"when": {"role": "official"}}]}}},
         "operator"),
        ({**BASE, "entities": {"PERSON": {"operator": "label",
                                          "cases": [{"when": {"rol": "official"}, "operator": "keep"}]}}},
         "unknown key"),
        ({**BASE, "entities": {"PERSON": {"operator": "label",
                                          "cases": [{"when": {"severity": "hgih"}, "operator": "keep"}]}}},
         "unknown severity"),
        ({**BASE, "document": {"hidden_sheet": "remove"}}, "unknown key"),
        ({**BASE, "document": {"hidden_sheets": "hide"}}, "not one of"),
        ({"name": "mine"}, "'default' is required"),
        ({"default": {"operator": "label"}}, "'name' is required"),
        ({**BASE, "version": 2}, "unsupported policy version"),
        ({**BASE, "entities": ["PERSON"]}, "must be a mapping"),
        ("name: [unclosed", "not valid YAML"),
        ("- a list", "mapping at the top level"),
    ],
)
def test_invalid_policies_fail_loudly(tmp_path: Path, data: object, message: str) -> None:
    with pytest.raises(PolicyError, match=message.replace("[", r"\[").replace("{", r"\{")) as exc:
        load_policy(write(tmp_path, data))
    assert str(tmp_path) in str(exc.value)  # the error names the file


def test_unknown_preset_or_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="presets: penalty, publication, strict"):
        load_policy("publicaton")
    with pytest.raises(PolicyError):
        load_policy(tmp_path / "nope.yaml")


def test_extends_overrides_only_what_it_lists(tmp_path: Path) -> None:
    p = load_policy(write(tmp_path, {"name": "mine", "extends": "publication",
                                     "entities": {"PHONE_NUMBER": {"operator": "label"}},
                                     "document": {"hidden_sheets": "redact"}}))
    assert p.decide(finding("PHONE_NUMBER", "x")).operator == "label"
    assert p.decide(finding("CN_RESIDENT_ID", "x")).operator == "mask"  # inherited
    assert p.document["hidden_sheets"] == "redact" and p.document["hidden_text"] == "remove"


def test_extends_cycle_is_an_error(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(f"name: a\nextends: {b}\ndefault: label\n", encoding="utf-8")
    b.write_text(f"name: b\nextends: {a}\ndefault: label\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="cycle"):
        load_policy(a)


def test_shorthand_and_attribute_cases() -> None:
    p = load_policy({"name": "x", "default": "keep", "entities": {
        "PERSON": {"operator": "remove", "cases": [{"when": {"attributes": {"gender": "女"}}, "operator": "label"}]},
        "EMAIL_ADDRESS": "pseudonym"}})
    assert p.decide(finding("PERSON", "x", gender="女")).operator == "label"
    assert p.decide(finding("PERSON", "x", gender="男")).operator == "remove"
    assert p.uses_pseudonym
    assert p.decide(finding("CN_USCC", "x")).operator == "keep"
