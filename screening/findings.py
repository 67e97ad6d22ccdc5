"""The findings contract: severities, the entity-type catalogue and :class:`Finding`.

This module is the one place where entity types and severities are defined. Everything else
(recognizers, reports, redaction policies, the CLI) reads them from here.

>>> Severity.HIGH.is_flagged
True
>>> Severity.parse("low") < Severity.MEDIUM
True
>>> ENTITY_TYPES["CN_RESIDENT_ID"].label
'身份证号'
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1


@enum.unique
class Severity(enum.IntEnum):
    """Five severities, ordered. ``MEDIUM`` and above are *flagged* and gate publication."""

    INFO = 0  # context only (a place name)
    LOW = 1  # informational: an organisation's hotline, a USCC, an official's name
    MEDIUM = 2  # a reviewer must look
    HIGH = 3  # personal information that must be de-identified
    BLOCKING = 4  # must never go out: the gate fails whatever the review says

    @property
    def is_flagged(self) -> bool:
        return self >= Severity.MEDIUM

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self]

    @classmethod
    def parse(cls, value: str | int | Severity) -> Severity:
        """Parse ``'high'`` / ``'HIGH'`` / ``3`` / ``Severity.HIGH``; raise ``ValueError`` otherwise."""
        if isinstance(value, Severity):
            return value
        if isinstance(value, int):
            return cls(value)
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            names = ", ".join(s.label for s in sorted(cls, reverse=True))
            raise ValueError(f"unknown severity {value!r} (expected one of: {names})") from None


#: Severities from the most to the least serious, as shown in reports.
SEVERITY_ORDER: tuple[Severity, ...] = tuple(sorted(Severity, reverse=True))


@dataclass(frozen=True)
class EntityType:
    """One entry of the catalogue."""

    name: str
    label: str  # Chinese label used in reports and by the ``label`` redaction operator
    severity: Severity  # default severity; a recognizer may lower/raise it with a reason
    family: str  # "identifier", "person", "address", "sensitive", "secrecy", "hygiene", "custom"
    description: str = ""


def _catalogue(*types: EntityType) -> dict[str, EntityType]:
    return {t.name: t for t in types}


_S = Severity
ENTITY_TYPES: dict[str, EntityType] = _catalogue(
    EntityType("CN_RESIDENT_ID", "身份证号", _S.HIGH, "identifier", "居民身份证号码（GB 11643）"),
    EntityType("CN_RESIDENT_ID_MASKED", "已遮盖身份证号", _S.LOW, "identifier", "已部分遮盖的身份证号"),
    EntityType("PHONE_NUMBER", "电话号码", _S.HIGH, "identifier", "手机号码或固定电话"),
    EntityType("CN_BANK_CARD", "银行卡号", _S.HIGH, "identifier", "银行卡号/账号（Luhn 校验）"),
    EntityType("EMAIL_ADDRESS", "电子邮箱", _S.HIGH, "identifier", "电子邮箱地址"),
    EntityType("CN_PASSPORT", "护照号", _S.HIGH, "identifier", "中国护照号码"),
    EntityType("CN_TRAVEL_PERMIT", "通行证号", _S.HIGH, "identifier", "港澳/台湾通行证、回乡证"),
    EntityType("CN_LICENSE_PLATE", "车牌号", _S.HIGH, "identifier", "机动车号牌"),
    EntityType("CN_USCC", "统一社会信用代码", _S.LOW, "identifier", "统一社会信用代码（GB 32100），机构信息"),
    EntityType("IP_ADDRESS", "IP地址", _S.MEDIUM, "identifier", "IP 地址"),
    EntityType("PERSON", "姓名", _S.HIGH, "person", "自然人姓名"),
    EntityType("CN_ADDRESS", "详细地址", _S.HIGH, "address", "能定位到个人或住户的详细地址"),
    EntityType("LOCATION", "地名", _S.INFO, "address", "地名（不构成个人地址）"),
    EntityType("SENSITIVE_PERSONAL_INFO", "敏感个人信息", _S.HIGH, "sensitive", "健康、犯罪记录、宗教、未成年人等"),
    EntityType("SECRECY_MARKING", "密级标志", _S.BLOCKING, "secrecy", "密级和保密期限、内部资料等标志"),
    EntityType("PUBLICATION_ATTRIBUTE", "公开属性", _S.HIGH, "secrecy", "公开属性标注"),
    EntityType("PROCESS_DRAFT", "过程性信息", _S.MEDIUM, "secrecy", "征求意见稿、送审稿、领导批示等"),
    EntityType("CUSTOM_TERM", "自定义敏感词", _S.MEDIUM, "custom", "用户词表命中"),
    EntityType("TRACKED_CHANGES", "修订痕迹", _S.MEDIUM, "hygiene", "文档含修订（插入/删除）痕迹"),
    EntityType("COMMENTS", "批注", _S.MEDIUM, "hygiene", "文档含批注"),
    EntityType("HIDDEN_TEXT", "隐藏文字", _S.MEDIUM, "hygiene", "隐藏文字"),
    EntityType("HIDDEN_SHEET", "隐藏工作表", _S.MEDIUM, "hygiene", "隐藏工作表"),
    EntityType("HIDDEN_ROWS_COLUMNS", "隐藏行列", _S.MEDIUM, "hygiene", "隐藏行或列"),
    EntityType("DOCUMENT_METADATA", "文档属性", _S.MEDIUM, "hygiene", "作者等个人属性"),
    EntityType("EMBEDDED_OBJECT", "嵌入对象", _S.MEDIUM, "hygiene", "嵌入对象"),
    EntityType("UNSCANNED_CONTENT", "未能审查的内容", _S.HIGH, "hygiene", "图片、扫描页等无法读取的内容"),
)

#: Hygiene types: facts about the file rather than values in its text.
HYGIENE_TYPES: frozenset[str] = frozenset(n for n, t in ENTITY_TYPES.items() if t.family == "hygiene")


def entity_type(name: str) -> EntityType:
    """Look up an entity type; raise ``KeyError`` with the known names if it does not exist."""
    try:
        return ENTITY_TYPES[name]
    except KeyError:
        raise KeyError(f"unknown entity type {name!r}; known: {', '.join(ENTITY_TYPES)}") from None


def default_severity(name: str) -> Severity:
    return entity_type(name).severity


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found in a document.

    ``start``/``end`` are character offsets into the document text as decoded from the original
    file (for hygiene findings without a text position both are ``-1``). Findings are values: never
    mutate ``location`` or ``attributes`` (the engine shares equal ``attributes`` dicts between
    findings of one scan); build a new finding instead.

    >>> f = Finding("PHONE_NUMBER", 5, 16, "13912345678", 0.9, Severity.HIGH, "CnPhoneRecognizer")
    >>> f.to_dict()["severity"]
    'high'
    >>> Finding.from_dict(f.to_dict()) == f
    True
    """

    entity_type: str
    start: int
    end: int
    text: str
    score: float
    severity: Severity
    recognizer: str
    explanation: str = ""
    context: str = ""
    location: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    attributes: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    fingerprint: str = ""
    #: the named parts of the score, ``({"feature", "value", "weight"}, ...)`` (``recognizers/scorer.py``);
    #: empty for recognizers that score by pattern alone. Additive to schema 1: readers may ignore it.
    explanation_items: tuple[dict[str, Any], ...] = field(default=(), compare=False, hash=False)

    @property
    def is_flagged(self) -> bool:
        return self.severity.is_flagged

    @property
    def length(self) -> int:
        return self.end - self.start

    def to_dict(self) -> dict[str, Any]:
        return self._as_dict(self.text, self.context, dict(self.location), dict(self.attributes), self.fingerprint,
                             [dict(i) for i in self.explanation_items])

    def _as_dict(self, text: str, context: str, location: dict[str, Any], attributes: dict[str, Any],
                 fingerprint: str, explanation_items: list[dict[str, Any]]) -> dict[str, Any]:
        """The finding's dict from its stored fields and these (copies the caller made)."""
        return {
            "entity_type": self.entity_type,
            "start": self.start,
            "end": self.end,
            "text": text,
            "score": round(float(self.score), 4),
            "severity": _SEVERITY_LABELS[self.severity],
            "recognizer": self.recognizer,
            "explanation": self.explanation,
            "context": context,
            "location": location,
            "attributes": attributes,
            "fingerprint": fingerprint,
            "explanation_items": explanation_items,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            entity_type=data["entity_type"],
            start=int(data["start"]),
            end=int(data["end"]),
            text=data["text"],
            score=float(data["score"]),
            severity=Severity.parse(data["severity"]),
            recognizer=data.get("recognizer", ""),
            explanation=data.get("explanation", ""),
            context=data.get("context", ""),
            location=dict(data.get("location") or {}),
            attributes=dict(data.get("attributes") or {}),
            fingerprint=data.get("fingerprint", ""),
            explanation_items=tuple(dict(i) for i in data.get("explanation_items") or ()),
        )


_SEVERITY_LABELS = {s: s.name.lower() for s in Severity}  # asked once per finding in every report
