"""Redaction policies: YAML files (bundled presets or the user's), strictly validated.

A policy says, per entity type (and per severity / role / kind of a finding), which operator to
apply with which parameters, plus how to treat hidden parts of documents. Any unknown key,
entity type, operator, parameter or value raises :class:`~screening.errors.PolicyError` naming
the place: a typo never silently falls back to a default.

Format (see ``screening/policies/publication.yaml`` for a full example)::

    version: 1
    name: my-policy
    extends: publication          # optional: start from a bundled preset (or another file)
    title: ...                    # optional, free text
    basis: ...                    # optional: the rule the policy follows
    default: {operator: label}    # for entity types not listed (hygiene types excluded)
    entities:
      PHONE_NUMBER:
        operator: mask
        keep_first: 3
        keep_last: 4
        cases:                    # first matching case wins
          - when: {severity: low}
            operator: keep
          - when: {kind: landline}
            operator: mask
            keep_first: 4
    document: {hidden_sheets: remove, hidden_rows_columns: redact, hidden_text: remove,
               pdf_fallback: rasterize}

>>> p = load_policy("publication")
>>> p.name
'publication'
>>> p.decide(Finding("PHONE_NUMBER", 0, 11, "13912345678", 0.9, Severity.HIGH, "r")).operator
'mask'
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from screening.errors import PolicyError
from screening.findings import ENTITY_TYPES, HYGIENE_TYPES, Finding, Severity
from screening.redaction.operators import OPERATORS, PARAM_CHOICES

POLICY_VERSION = 1
DEFAULT_POLICY = "publication"
_TOP_KEYS = {"version", "name", "extends", "title", "basis", "description", "default", "entities", "document"}
_WHEN_KEYS = {"severity", "role", "kind", "recognizer", "attributes", "label_before"}
LABEL_WINDOW = 8  # label_before: the word must end within this many characters before the value
#: document-level choices: key -> allowed values (the first is the default)
DOCUMENT_CHOICES: dict[str, tuple[str, ...]] = {
    "hidden_text": ("remove", "redact"),  # docx w:vanish runs: delete them, or keep them redacted
    "hidden_sheets": ("remove", "redact"),  # xlsx hidden / very hidden sheets
    "hidden_rows_columns": ("redact", "clear", "remove"),  # xlsx: redact values, empty the cells, delete
    "pdf_fallback": ("rasterize", "fail"),  # a PDF page the content-stream rewriter cannot handle
}


@dataclass(frozen=True)
class Action:
    """What to do with one finding: an operator and its parameters."""

    operator: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def keeps(self) -> bool:
        return self.operator == "keep"


@dataclass(frozen=True)
class Case:
    when: dict[str, Any]
    action: Action

    def matches(self, f: Finding) -> bool:
        for key, want in self.when.items():
            if key == "attributes":
                if not all(_match(f.attributes.get(k), v) for k, v in want.items()):
                    return False
            elif key == "severity":
                if f.severity.label not in want:
                    return False
            elif key == "label_before":
                if not _label_before(f, want):
                    return False
            elif key == "recognizer":
                if not _match(f.recognizer, want):
                    return False
            elif not _match(f.attributes.get(key), want):
                return False
        return True


def _label_before(f: Finding, words: list[str]) -> bool:
    """``当事人：张伟``: one of ``words`` ends within :data:`LABEL_WINDOW` characters before the value
    (the finding's ``context`` holds ``left【value】right``)."""
    left = f.context.split("【", 1)[0] if "【" in f.context else ""
    tail = left[-LABEL_WINDOW:].rstrip(" \t：:，,、（(　")
    return any(tail.endswith(w) or w in tail for w in words)


def _match(have: Any, want: Any) -> bool:
    wants = want if isinstance(want, list) else [want]
    return have is not None and any(str(have) == str(w) for w in wants)


@dataclass(frozen=True)
class Rule:
    action: Action
    cases: tuple[Case, ...] = ()

    def decide(self, f: Finding) -> Action:
        return self.resolve(f)[0]

    def resolve(self, f: Finding) -> tuple[Action, bool]:
        """The action and whether a specific ``case`` (not the base rule) chose it."""
        for case in self.cases:
            if case.matches(f):
                return case.action, True
        return self.action, False


@dataclass(frozen=True)
class Policy:
    """A validated policy. Build with :func:`load_policy` or :func:`Policy.from_dict`."""

    name: str
    rules: dict[str, Rule]
    default: Rule
    document: dict[str, str]
    title: str = ""
    basis: str = ""
    source: str = ""

    def decide(self, f: Finding) -> Action:
        """The action for one finding (hygiene findings are handled by the writers: ``keep``)."""
        return self.resolve(f)[0]

    def resolve(self, f: Finding) -> tuple[Action, bool]:
        """The action for one finding and whether a specific ``case`` chose it."""
        if f.entity_type in HYGIENE_TYPES or f.start < 0:
            return Action("keep"), False
        return self.rules.get(f.entity_type, self.default).resolve(f)

    def must_remove(self, f: Finding) -> bool:
        return not self.decide(f).keeps

    @property
    def uses_pseudonym(self) -> bool:
        rules = [*self.rules.values(), self.default]
        return any(a.operator == "pseudonym" for r in rules for a in [r.action, *(c.action for c in r.cases)])

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "source": self.source}

    @classmethod
    def from_dict(cls, data: Any, source: str = "<dict>") -> Policy:
        return _build(data, source, seen=())


# -- loading --------------------------------------------------------------------------------------
def bundled_policies() -> list[str]:
    """Names of the presets shipped in ``screening/policies``."""
    folder = resources.files("screening") / "policies"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def _read_yaml(name_or_path: str | Path, seen: tuple[str, ...]) -> tuple[Any, str]:
    text_name = str(name_or_path)
    path = Path(text_name)
    if text_name in bundled_policies() and not path.exists():
        res = resources.files("screening") / "policies" / f"{text_name}.yaml"
        raw, source = res.read_text(encoding="utf-8"), f"preset:{text_name}"
    elif path.is_file():
        try:
            raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PolicyError(f"cannot read policy file: {exc}", path=text_name) from None
        source = str(path)
    else:
        known = ", ".join(bundled_policies())
        raise PolicyError(f"no such policy file or preset (presets: {known})", path=text_name)
    if source in seen:
        raise PolicyError("policy extends itself (a cycle of 'extends')", path=source)
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise PolicyError(f"not valid YAML: {exc}", path=source) from None
    return data, source


def load_policy(policy: str | Path | Policy | dict[str, Any] | None = None) -> Policy:
    """A preset name (``publication``, ``penalty``, ``strict``), a YAML file path, a dict or a
    :class:`Policy`. ``None`` means the default preset (``publication``)."""
    if isinstance(policy, Policy):
        return policy
    if isinstance(policy, dict):
        return Policy.from_dict(policy)
    data, source = _read_yaml(policy or DEFAULT_POLICY, ())
    return _build(data, source, seen=(source,))


def _build(data: Any, source: str, seen: tuple[str, ...]) -> Policy:
    if not isinstance(data, dict):
        raise PolicyError("a policy must be a mapping at the top level", path=source)
    _no_unknown(data, _TOP_KEYS, "top level", source)
    version = data.get("version", POLICY_VERSION)
    if version != POLICY_VERSION:
        raise PolicyError(f"unsupported policy version {version!r} (expected {POLICY_VERSION})", path=source)
    base: dict[str, Any] = {}
    if "extends" in data:
        parent, parent_source = _read_yaml(str(data["extends"]), seen)
        base = _merged_raw(parent, parent_source, (*seen, parent_source))
    merged = _merge(base, data)
    name = merged.get("name")
    if not isinstance(name, str) or not name.strip():
        raise PolicyError("'name' is required (a non-empty string)", path=source)
    entities = merged.get("entities") or {}
    if not isinstance(entities, dict):
        raise PolicyError("'entities' must be a mapping of entity type -> rule", path=source)
    rules = {}
    for et, raw_rule in entities.items():
        if et not in ENTITY_TYPES:
            raise PolicyError(f"unknown entity type {et!r} in 'entities' (known: {', '.join(ENTITY_TYPES)})",
                              path=source)
        if et in HYGIENE_TYPES:
            raise PolicyError(f"{et} is a document-hygiene type: configure it under 'document', not 'entities'",
                              path=source)
        rules[et] = _rule(raw_rule, f"entities.{et}", source)
    if "default" not in merged:
        raise PolicyError("'default' is required (the rule for entity types not listed)", path=source)
    default = _rule(merged["default"], "default", source)
    document = dict(merged.get("document") or {})
    _no_unknown(document, set(DOCUMENT_CHOICES), "document", source)
    for key, choices in DOCUMENT_CHOICES.items():
        value = document.setdefault(key, choices[0])
        if value not in choices:
            raise PolicyError(f"document.{key}: {value!r} is not one of {', '.join(choices)}", path=source)
    for key in ("title", "basis", "description"):
        if key in merged and not isinstance(merged[key], str):
            raise PolicyError(f"'{key}' must be a string", path=source)
    return Policy(name=name.strip(), rules=rules, default=default, document=document,
                  title=merged.get("title", ""), basis=merged.get("basis", ""), source=source)


def _merged_raw(data: Any, source: str, seen: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise PolicyError("a policy must be a mapping at the top level", path=source)
    if "extends" in data:
        parent, parent_source = _read_yaml(str(data["extends"]), seen)
        return _merge(_merged_raw(parent, parent_source, (*seen, parent_source)), data)
    return dict(data)


def _merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in child.items():
        if key == "extends":
            continue
        if key in ("entities", "document") and isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **copy.deepcopy(value)}  # a listed entity replaces the base rule
        else:
            out[key] = copy.deepcopy(value)
    out.pop("extends", None)
    return out


def _no_unknown(data: dict[str, Any], allowed: set[str], where: str, source: str) -> None:
    unknown = sorted(set(map(str, data)) - allowed)
    if unknown:
        raise PolicyError(f"unknown key(s) {', '.join(map(repr, unknown))} in {where} "
                          f"(allowed: {', '.join(sorted(allowed))})", path=source)


def _action(raw: dict[str, Any], where: str, source: str, extra: set[str]) -> Action:
    op = raw.get("operator")
    if op not in OPERATORS:
        raise PolicyError(f"{where}: unknown or missing operator {op!r} (known: {', '.join(OPERATORS)})",
                          path=source)
    _, spec = OPERATORS[op]
    params = {}
    for key, value in raw.items():
        if key == "operator" or key in extra:
            continue
        if key not in spec:
            allowed = ", ".join(spec) or "none"
            raise PolicyError(f"{where}: operator {op!r} has no parameter {key!r} (parameters: {allowed})",
                              path=source)
        types, _default = spec[key]
        if isinstance(value, bool) or not isinstance(value, types):
            raise PolicyError(f"{where}.{key}: expected {'/'.join(t.__name__ for t in types)}, got {value!r}",
                              path=source)
        if isinstance(value, int) and value < 0:
            raise PolicyError(f"{where}.{key}: must not be negative", path=source)
        choices = PARAM_CHOICES.get((op, key))
        if choices and value not in choices:
            raise PolicyError(f"{where}.{key}: {value!r} is not one of {', '.join(choices)}", path=source)
        if key == "keep_levels":
            _check_levels(value, f"{where}.{key}", source)  # type: ignore[arg-type]  # types checked above
        if key == "template":
            _check_template(value, op, f"{where}.{key}", source)  # type: ignore[arg-type]  # types checked above
        params[key] = value
    return Action(op, params)


def _check_levels(levels: list[Any], where: str, source: str) -> None:
    from screening.redaction.operators import ADDRESS_LEVELS

    bad = [lv for lv in levels if lv not in ADDRESS_LEVELS]
    if bad:
        raise PolicyError(f"{where}: unknown address level(s) {bad} (known: {', '.join(ADDRESS_LEVELS)})",
                          path=source)


def _check_template(template: str, op: str, where: str, source: str) -> None:
    fields = {"label": "x", "type": "x", "digest": "x"} if op == "pseudonym" else {"label": "x", "type": "x"}
    try:
        template.format(**fields)
    except (KeyError, IndexError, ValueError) as exc:
        raise PolicyError(f"{where}: bad template {template!r} ({exc}); fields: "
                          f"{', '.join('{' + k + '}' for k in fields)}", path=source) from None


def _rule(raw: Any, where: str, source: str) -> Rule:
    if isinstance(raw, str):  # shorthand: PERSON: label
        raw = {"operator": raw}
    if not isinstance(raw, dict):
        raise PolicyError(f"{where}: a rule must be a mapping with an 'operator'", path=source)
    action = _action(raw, where, source, extra={"cases"})
    cases_raw = raw.get("cases") or []
    if not isinstance(cases_raw, list):
        raise PolicyError(f"{where}.cases: must be a list", path=source)
    cases = []
    for i, c in enumerate(cases_raw):
        cw = f"{where}.cases[{i}]"
        if not isinstance(c, dict) or not isinstance(c.get("when"), dict) or not c["when"]:
            raise PolicyError(f"{cw}: each case needs a non-empty 'when' mapping and an 'operator'", path=source)
        when = dict(c["when"])
        _no_unknown(when, _WHEN_KEYS, f"{cw}.when", source)
        if "severity" in when:
            sev = when["severity"] if isinstance(when["severity"], list) else [when["severity"]]
            try:
                when["severity"] = [Severity.parse(s).label for s in sev]
            except ValueError as exc:
                raise PolicyError(f"{cw}.when.severity: {exc}", path=source) from None
        if "label_before" in when:
            words = when["label_before"] if isinstance(when["label_before"], list) else [when["label_before"]]
            if not words or not all(isinstance(w, str) and w for w in words):
                raise PolicyError(f"{cw}.when.label_before: a word or a list of words", path=source)
            when["label_before"] = words
        if "attributes" in when and not isinstance(when["attributes"], dict):
            raise PolicyError(f"{cw}.when.attributes: must be a mapping", path=source)
        cases.append(Case(when, _action(c, cw, source, extra={"when"})))
    return Rule(action, tuple(cases))
