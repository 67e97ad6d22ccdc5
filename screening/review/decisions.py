"""The decisions record: who decided what about each flagged item, at which review level.

Schema (``schema_version: 1``), one JSON object per document::

    {"schema_version": 1,
     "document": {"path": "草稿.docx", "sha256": "<64 hex or null>",
                  "title": "<标题 or null>", "doc_number": "<文号 or null>"},
     "decisions": [{"fingerprint": "<24 hex>", "context_key": "<24 hex>",
                    "entity_type": "PERSON", "decision": "redact" | "publish",
                    "reason": "required when publish (may be empty for redact)",
                    "reviewer": "张三", "unit": "办公室", "level": "初审" | "复审" | "终审",
                    "time": "2026-12-07T10:00:00+08:00"}]}

The loader also accepts ``{"schema_version": 1, "records": [<one such object per document>]}``
(the HTML report's export for several documents). Validation is strict: an unknown key, a bad
``decision`` or ``level``, a ``publish`` without a reason, a time without a time zone, an
identifier that is not a 24-hex keyed digest, or any field that would carry a raw value
(``text``, ``value``, ``original`` ...) raises :class:`~screening.errors.DecisionsError` naming
the file and the place. The record never holds a value, nor a plain hash of one: an item is
``(fingerprint, context_key)``, two keyed HMACs (:mod:`screening.review.keys`).

Several decisions may target one item: one per level (the latest entry of a level wins). The
decision that applies when redacting is the one of the highest level present (终审 > 复审 > 初审).

Writing needs a configured fingerprint key (``SCREENING_FINGERPRINT_KEY`` or a key file): with the
per-process random key the fingerprints would match nothing in the next run, so
:func:`new_record` and :func:`decide` raise :class:`~screening.errors.FingerprintKeyRequired`.
Files are written atomically and never replaced silently: :func:`save_decisions` refuses an
existing file unless ``overwrite=True``.

>>> from screening import Screener
>>> from screening.results import scan_bytes_as_text
>>> s = Screener(fingerprint_key="k")
>>> result = scan_bytes_as_text("申请人身份证号：11010519491231002X。", s, "草稿.txt")
>>> rec = new_record(result, s)
>>> f = [f for f in result.findings if f.is_flagged][0]
>>> rec = decide(rec, s, f, "redact", reviewer="张三", unit="办公室", level="初审",
...              time="2026-12-07T10:00:00+08:00")
>>> d = rec.to_dict()
>>> d["decisions"][0]["decision"], "11010519491231002X" in str(d)
('redact', False)
>>> parse_decisions(d)[0] == rec
True
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screening.errors import DecisionsError, FingerprintKeyRequired
from screening.findings import ENTITY_TYPES, Finding
from screening.review.keys import context_key

if TYPE_CHECKING:
    from screening.engine import Screener
    from screening.results import DocumentResult

SCHEMA_VERSION = 1
LEVELS: tuple[str, ...] = ("初审", "复审", "终审")
DECISIONS: tuple[str, ...] = ("redact", "publish")
MAX_RECORD_BYTES = 64 * 1024 * 1024  # a decisions file larger than this is refused
_HEX24 = re.compile(r"[0-9a-f]{24}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_DOC_KEYS = ("path", "sha256", "title", "doc_number")
_DECISION_KEYS = ("fingerprint", "context_key", "entity_type", "decision", "reason", "reviewer", "unit", "level",
                  "time")
#: field names that would hold a value in the clear (or a plain hash of it): always refused
RAW_VALUE_KEYS = frozenset({"text", "value", "original", "raw", "plain", "plaintext", "masked", "replacement",
                            "context", "hash", "sha1", "md5", "sha256_value"})
CHINA_TZ = timezone(timedelta(hours=8))

Item = tuple[str, str]  # (fingerprint, context_key)


@dataclass(frozen=True)
class Decision:
    """One reviewer's decision on one item at one level."""

    fingerprint: str
    context_key: str
    entity_type: str
    decision: str  # "redact" | "publish"
    reviewer: str
    unit: str
    level: str  # "初审" | "复审" | "终审"
    time: str  # ISO 8601 with a time zone
    reason: str = ""

    @property
    def item(self) -> Item:
        return (self.fingerprint, self.context_key)

    @property
    def publishes(self) -> bool:
        return self.decision == "publish"

    def to_dict(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "context_key": self.context_key, "entity_type": self.entity_type,
                "decision": self.decision, "reason": self.reason, "reviewer": self.reviewer, "unit": self.unit,
                "level": self.level, "time": self.time}

    @classmethod
    def from_dict(cls, data: Any, where: str = "decision") -> Decision:
        """A validated decision; :class:`DecisionsError` names ``where`` and the problem."""
        if not isinstance(data, dict):
            raise DecisionsError(f"{where}: must be an object")
        _check_keys(data, _DECISION_KEYS, where)
        for key in ("fingerprint", "context_key"):
            value = data.get(key)
            if not isinstance(value, str) or not _HEX24.fullmatch(value):
                hint = " (a plain hash? only the keyed 24-hex digests are accepted)" if isinstance(value, str) and \
                    re.fullmatch(r"[0-9a-fA-F]{32,128}", value) else ""
                raise DecisionsError(f"{where}.{key}: must be 24 lower-case hex digits{hint}")
        et = data.get("entity_type")
        if et not in ENTITY_TYPES:
            raise DecisionsError(f"{where}.entity_type: unknown entity type {et!r}")
        decision = data.get("decision")
        if decision not in DECISIONS:
            raise DecisionsError(f"{where}.decision: {decision!r} is not one of {', '.join(DECISIONS)}")
        level = data.get("level")
        if level not in LEVELS:
            raise DecisionsError(f"{where}.level: {level!r} is not one of {'、'.join(LEVELS)}")
        reason = data.get("reason")
        if reason is None:
            reason = ""
        if not isinstance(reason, str):
            raise DecisionsError(f"{where}.reason: must be text")
        if decision == "publish" and not reason.strip():
            raise DecisionsError(f"{where}.reason: a 'publish' decision needs a reason (e.g. 任前公示依规公开)")
        reviewer, unit = data.get("reviewer"), data.get("unit", "")
        if not isinstance(reviewer, str) or not reviewer.strip():
            raise DecisionsError(f"{where}.reviewer: required (who decided)")
        if unit is None:
            unit = ""
        if not isinstance(unit, str):
            raise DecisionsError(f"{where}.unit: must be text")
        time = data.get("time")
        if not isinstance(time, str) or not _valid_time(time):
            raise DecisionsError(f"{where}.time: {time!r} is not an ISO 8601 time with a time zone "
                                 "(e.g. 2026-12-07T10:00:00+08:00)")
        return cls(data["fingerprint"], data["context_key"], et, decision, reviewer.strip(), unit.strip(), level,
                   time, reason.strip())


@dataclass(frozen=True)
class DocumentInfo:
    """The reviewed document: its path, content digest, title and 文号 (as found by the scan)."""

    path: str
    sha256: str | None = None
    title: str | None = None
    doc_number: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "title": self.title, "doc_number": self.doc_number}

    @classmethod
    def from_dict(cls, data: Any, where: str = "document") -> DocumentInfo:
        if not isinstance(data, dict):
            raise DecisionsError(f"{where}: must be an object")
        _check_keys(data, _DOC_KEYS, where)
        path = data.get("path")
        if not isinstance(path, str) or not path:
            raise DecisionsError(f"{where}.path: required")
        sha = data.get("sha256")
        if sha is not None and (not isinstance(sha, str) or not _HEX64.fullmatch(sha)):
            raise DecisionsError(f"{where}.sha256: must be 64 lower-case hex digits or null")
        for key in ("title", "doc_number"):
            if data.get(key) is not None and not isinstance(data[key], str):
                raise DecisionsError(f"{where}.{key}: must be text or null")
        return cls(path, sha, data.get("title") or None, data.get("doc_number") or None)

    @classmethod
    def from_result(cls, result: DocumentResult) -> DocumentInfo:
        """From a scan (title and 文号 come from :func:`screening.review.docinfo.review_scan`)."""
        facts = result.facts or {}
        return cls(result.path, result.sha256, facts.get("title") or None, facts.get("doc_number") or None)


@dataclass(frozen=True)
class DecisionsRecord:
    """The decisions about one document. Immutable: :func:`decide` returns a new record."""

    document: DocumentInfo
    decisions: tuple[Decision, ...] = ()

    def at_level(self, level: str) -> dict[Item, Decision]:
        """The decision per item at ``level`` (the latest entry of that level wins)."""
        out: dict[Item, Decision] = {}
        for d in self.decisions:
            if d.level == level:
                out[d.item] = d
        return out

    def effective(self) -> dict[Item, Decision]:
        """The decision that applies per item: that of the highest level present."""
        out: dict[Item, Decision] = {}
        for level in LEVELS:  # later (higher) levels overwrite
            out.update(self.at_level(level))
        return out

    @property
    def items(self) -> set[Item]:
        return {d.item for d in self.decisions}

    def levels(self) -> list[str]:
        present = {d.level for d in self.decisions}
        return [lv for lv in LEVELS if lv in present]

    def with_decision(self, decision: Decision) -> DecisionsRecord:
        """This record with ``decision`` replacing any earlier one for the same item and level."""
        kept = tuple(d for d in self.decisions if (d.item, d.level) != (decision.item, decision.level))
        return replace(self, decisions=kept + (decision,))

    def without(self, item: Item, level: str) -> DecisionsRecord:
        return replace(self, decisions=tuple(d for d in self.decisions if (d.item, d.level) != (item, level)))

    def to_dict(self) -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, "document": self.document.to_dict(),
                "decisions": [d.to_dict() for d in self.decisions]}


# -- building -----------------------------------------------------------------------------------
def require_key(screener: Screener) -> None:
    """Raise :class:`FingerprintKeyRequired` unless ``screener`` has a configured key."""
    if getattr(screener, "fingerprint_scope", "process") != "key":
        raise FingerprintKeyRequired()


def item_of(screener: Screener, finding: Finding) -> Item:
    """The item a decision about ``finding`` targets: ``(fingerprint, context_key)``."""
    return (finding.fingerprint, context_key(screener, finding))


def new_record(result: DocumentResult, screener: Screener) -> DecisionsRecord:
    """An empty record for a scanned document (needs a configured fingerprint key)."""
    require_key(screener)
    return DecisionsRecord(DocumentInfo.from_result(result))


def now() -> str:
    """The current time, ISO 8601, China Standard Time, to the second."""
    return datetime.now(CHINA_TZ).replace(microsecond=0).isoformat()


def decide(record: DecisionsRecord, screener: Screener, finding: Finding, decision: str, *, reviewer: str,
           level: str, unit: str = "", reason: str = "", time: str | None = None) -> DecisionsRecord:
    """``record`` with one more decision about ``finding`` (validated like a loaded one).

    Raises :class:`FingerprintKeyRequired` with the per-process key and :class:`DecisionsError`
    for a bad value (an unknown level, a publish without a reason ...).
    """
    require_key(screener)
    fp, ck = item_of(screener, finding)
    d = Decision.from_dict({"fingerprint": fp, "context_key": ck, "entity_type": finding.entity_type,
                            "decision": decision, "reason": reason, "reviewer": reviewer, "unit": unit,
                            "level": level, "time": time or now()})
    return record.with_decision(d)


# -- loading and saving -------------------------------------------------------------------------
def parse_decisions(data: Any, source: str = "<decisions>") -> list[DecisionsRecord]:
    """Validate a decoded decisions object (one record, or ``{"records": [...]}``)."""
    if not isinstance(data, dict):
        raise DecisionsError("must be a JSON object", path=source)
    if data.get("schema_version") != SCHEMA_VERSION:
        raise DecisionsError(f"schema_version must be {SCHEMA_VERSION} (got {data.get('schema_version')!r})",
                             path=source)
    try:
        if "records" in data:
            _check_keys(data, ("schema_version", "records"), "top level")
            if not isinstance(data["records"], list):
                raise DecisionsError("records: must be a list")
            out = []
            for i, rec in enumerate(data["records"]):
                if not isinstance(rec, dict):
                    raise DecisionsError(f"records[{i}]: must be an object")
                if rec.get("schema_version", SCHEMA_VERSION) != SCHEMA_VERSION:
                    raise DecisionsError(f"records[{i}].schema_version must be {SCHEMA_VERSION}")
                out.append(_record(rec, f"records[{i}]"))
            return out
        return [_record(data, "")]
    except DecisionsError as exc:
        if exc.path:
            raise
        raise DecisionsError(exc.message, path=source) from None


def _record(data: dict[str, Any], where: str) -> DecisionsRecord:
    prefix = f"{where}." if where else ""
    _check_keys(data, ("schema_version", "document", "decisions"), where or "top level")
    if "document" not in data:
        raise DecisionsError(f"{prefix}document: required")
    doc = DocumentInfo.from_dict(data["document"], f"{prefix}document")
    raw = data.get("decisions", [])
    if not isinstance(raw, list):
        raise DecisionsError(f"{prefix}decisions: must be a list")
    decisions = tuple(Decision.from_dict(d, f"{prefix}decisions[{i}]") for i, d in enumerate(raw))
    return DecisionsRecord(doc, decisions)


def load_decisions(path: str | os.PathLike[str]) -> list[DecisionsRecord]:
    """Read and validate a decisions file: one record per document it covers.

    Raises :class:`DecisionsError` naming the file for anything invalid or unreadable.
    """
    name = str(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_RECORD_BYTES:
            raise DecisionsError(f"larger than {MAX_RECORD_BYTES // (1024 * 1024)} MB", path=name)
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise DecisionsError(f"cannot read: {exc.strerror or exc}", path=name) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DecisionsError(f"not valid UTF-8 JSON: {exc}", path=name) from None
    return parse_decisions(data, name)


def dumps(records: DecisionsRecord | Sequence[DecisionsRecord]) -> str:
    """The JSON text of one record, or of the combined ``records`` form for several."""
    if isinstance(records, DecisionsRecord):
        data: dict[str, Any] = records.to_dict()
    elif len(records) == 1:
        data = records[0].to_dict()
    else:
        data = {"schema_version": SCHEMA_VERSION,
                "records": [{k: v for k, v in r.to_dict().items() if k != "schema_version"} for r in records]}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def save_decisions(records: DecisionsRecord | Sequence[DecisionsRecord], path: str | os.PathLike[str], *,
                   overwrite: bool = False) -> Path:
    """Write atomically (temp file in the same folder, then rename). An existing file is replaced
    only with ``overwrite=True``; otherwise :class:`DecisionsError` (never rewritten silently).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "d.json"
    >>> rec = DecisionsRecord(DocumentInfo("a.txt"))
    >>> save_decisions(rec, p) == p, load_decisions(p) == [rec]
    (True, True)
    >>> save_decisions(rec, p)
    Traceback (most recent call last):
    ...
    screening.errors.DecisionsError: ...d.json: exists already; ...
    """
    target = Path(path)
    if target.exists() and not overwrite:
        raise DecisionsError("exists already; pass overwrite=True (CLI: it is the --decisions file you "
                             "are reviewing) or choose a new file", path=str(target))
    text = dumps(records)
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        raise DecisionsError(f"cannot write: {exc.strerror or exc}", path=str(target)) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def record_for(records: Sequence[DecisionsRecord], result: DocumentResult) -> DecisionsRecord | None:
    """The record about ``result``'s document: same sha256, else same path, else same file name,
    else the only record there is (a re-scan of an edited draft has a new digest)."""
    if not records:
        return None
    for test in (lambda r: result.sha256 is not None and r.document.sha256 == result.sha256,
                 lambda r: r.document.path == result.path,
                 lambda r: Path(r.document.path).name == Path(result.path).name):
        hits = [r for r in records if test(r)]
        if hits:
            return hits[0]
    return records[0] if len(records) == 1 else None


# -- carry-over on a re-scan --------------------------------------------------------------------
@dataclass
class CarryOver:
    """How an earlier record maps onto a new scan of the (possibly edited) document."""

    record: DecisionsRecord  # the record re-keyed onto the new scan, stale decisions dropped
    kept: list[Item] = field(default_factory=list)  # same fingerprint and context: unchanged
    moved: list[tuple[Item, Item]] = field(default_factory=list)  # same unique fingerprint, new context
    new: list[Item] = field(default_factory=list)  # flagged items no decision covers
    stale: list[Decision] = field(default_factory=list)  # decisions whose item is gone
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """The re-keyed record differs from the one given (something moved or went stale)."""
        return bool(self.moved or self.stale)

    def summary(self) -> str:
        return (f"{len(self.kept)} unchanged, {len(self.moved)} carried over by fingerprint (context changed), "
                f"{len(self.new)} new, {len(self.stale)} stale decision(s)")


def flagged_items(result: DocumentResult, screener: Screener) -> dict[Item, list[Finding]]:
    """Every flagged finding of a scan by item, in document order."""
    out: dict[Item, list[Finding]] = {}
    for f in result.findings:
        if f.is_flagged:
            out.setdefault(item_of(screener, f), []).append(f)
    return out


def carry_over(record: DecisionsRecord, result: DocumentResult, screener: Screener,
               items: dict[Item, list[Finding]] | None = None) -> CarryOver:
    """Map ``record``'s decisions onto a new scan: an unchanged item keeps its decisions; an item
    whose context changed keeps them when its fingerprint is unique both among the record's items
    and among the scan's flagged items (reported as ``moved``); the other decisions are ``stale``;
    flagged items without a decision are ``new``."""
    now_items = items if items is not None else flagged_items(result, screener)
    now_fp = Counter(fp for fp, _ck in now_items)
    old_items = list(dict.fromkeys(d.item for d in record.decisions))
    old_fp = Counter(fp for fp, _ck in old_items)
    by_fp = {fp: (fp, ck) for fp, ck in now_items}
    out = CarryOver(record)
    rekey: dict[Item, Item] = {}
    for item in old_items:
        fp = item[0]
        if item in now_items:
            out.kept.append(item)
        elif old_fp[fp] == 1 and now_fp[fp] == 1 and by_fp[fp] not in record.items:
            rekey[item] = by_fp[fp]
            out.moved.append((item, by_fp[fp]))
    decisions = []
    for d in record.decisions:
        if d.item in now_items:
            decisions.append(d)
        elif d.item in rekey:
            fp, ck = rekey[d.item]
            decisions.append(replace(d, fingerprint=fp, context_key=ck))
        else:
            out.stale.append(d)
    out.record = DecisionsRecord(DocumentInfo.from_result(result) if result.status == "ok" else record.document,
                                 tuple(decisions))
    covered = {d.item for d in decisions}
    out.new = [i for i in now_items if i not in covered]
    if record.decisions and not out.kept and not out.moved and now_items:
        out.notes.append(f"none of the {len(old_items)} decided item(s) matches this scan: another document, "
                         "or decisions made with a different fingerprint key?")
    if out.moved:
        out.notes.append(f"{len(out.moved)} decision(s) carried over by fingerprint alone: the sentence around "
                         "the value changed; check them")
    return out


# -- applying decisions when redacting ----------------------------------------------------------
def decisions_override(records: Iterable[DecisionsRecord], screener: Screener) -> Callable[[Finding], bool | None]:
    """The per-finding hook for :class:`screening.redaction.plan.Planner` (and ``redact_files``):
    ``True`` keep (the effective decision is ``publish``), ``False`` redact, ``None`` undecided
    (the policy decides). Items are matched exactly (fingerprint and context): a published name is
    never kept in a sentence the reviewer did not see.

    >>> from screening import Screener
    >>> s = Screener(fingerprint_key="k")
    >>> f = s.scan_text("申请人张伟，身份证号11010519491231002X。")[-1]
    >>> rec = decide(DecisionsRecord(DocumentInfo("a")), s, f, "publish", reviewer="甲", level="初审",
    ...              reason="依规公开")
    >>> hook = decisions_override([rec], s)
    >>> hook(f), hook(s.scan_text("另一句里的11010519491231002X")[0])
    (True, None)
    """
    effective: dict[Item, bool] = {}
    for rec in records:
        for item, d in rec.effective().items():
            # two records disagreeing about one item: redacting wins
            effective[item] = effective.get(item, True) and d.publishes

    def hook(f: Finding) -> bool | None:
        if not effective or not f.fingerprint:
            return None
        return effective.get(item_of(screener, f))

    return hook


# -- helpers ------------------------------------------------------------------------------------
def _check_keys(data: dict[str, Any], allowed: Iterable[str], where: str) -> None:
    allowed = set(allowed)
    raw = sorted(k for k in data if k in RAW_VALUE_KEYS)
    if raw:
        raise DecisionsError(f"{where}: field(s) {', '.join(raw)} would carry a value in the clear; a decisions "
                             "record holds only keyed fingerprints")
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise DecisionsError(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")


def _valid_time(value: str) -> bool:
    try:
        t = datetime.fromisoformat(value)
    except ValueError:
        return False
    return t.tzinfo is not None
