"""Redaction operators: one implementation each, used by every writer.

An operator turns one sensitive value into its replacement. Each is a plain function
``op(value, params, ctx) -> str``; :data:`OPERATORS` declares the parameters each one accepts
(name -> (type, default)) so that :mod:`screening.redaction.policy` can reject a typo.

>>> mask("620602198507161234", {"keep_first": 6, "keep_last": 4})
'620602********1234'
>>> mask("139 1234 6027", {"keep_first": 3, "keep_last": 4})
'139 **** 6027'
>>> surname_of("欧阳娜娜"), surname_of("张伟")
('欧阳', '张')
>>> generalize("甘肃省武威市凉州区和平街道东大街12号3单元201室", {})
'甘肃省武威市凉州区和平街道'
>>> label("x", {}, OperatorContext(entity_type="CN_RESIDENT_ID"))
'[身份证号]'
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from screening.findings import ENTITY_TYPES
from screening.normalize import fold

# Parameter schema: name -> (accepted python types, default). ``None`` default = required-free.
ParamSpec = dict[str, tuple[tuple[type, ...], Any]]


@dataclass
class OperatorContext:
    """What an operator may know besides the value: the finding's type and attributes, the key."""

    entity_type: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    key: bytes | None = None


Operator = Callable[[str, dict[str, Any], OperatorContext], str]


# -- mask -----------------------------------------------------------------------------------------
def mask(value: str, params: dict[str, Any], ctx: OperatorContext | None = None) -> str:
    """Keep the first ``keep_first`` and last ``keep_last`` letters/digits, mask the rest.

    Separators (spaces, dashes, dots, line breaks) are kept where they are, so the layout of
    ``6228 4812 3456 7891 645`` survives:

    >>> mask("6228 4812 3456 7891 645", {"keep_first": 6, "keep_last": 4})
    '6228 48** **** ***1 645'
    >>> mask("abc", {"keep_first": 3, "keep_last": 4})
    '***'
    """
    first = int(params.get("keep_first", 0))
    last = int(params.get("keep_last", 0))
    char = str(params.get("char", "*"))
    if first >= 0 and last >= 0 and value.isascii() and value.isalnum():  # an ID, a mobile, a card number: every character counts
        n = len(value)
        if first + last >= n:
            return char * n
        return value[:first] + char * (n - first - last) + value[n - last:]
    positions = [i for i, c in enumerate(fold(value)) if c.isalnum()]  # fold keeps the length
    n = len(positions)
    if first + last >= n:  # keeping that much would keep everything: mask all of it
        first = last = 0
    hide = set(positions[first : n - last])
    return "".join(char if i in hide else c for i, c in enumerate(value))


# -- surname --------------------------------------------------------------------------------------
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕 端木 赫连 独孤 南宫 西门 "
    "百里 呼延 万俟 澹台 公冶 太史 申屠 钟离 闻人 濮阳 司空 第五 左丘 东郭 南门 羊舌 微生 梁丘 拓跋 "
    "完颜 淳于 单于 太叔 仲孙 轩辕 令狐 鲜于 闾丘 司寇 子车 亓官 巫马 公西 漆雕 乐正 壤驷 公良 谷梁 "
    "宰父 夹谷 段干 東方 歐陽 司馬 諸葛".split()
)
_NAME_DOTS = "·•・.‧"


def surname_of(name: str) -> str:
    """The surname of a Chinese name (compound surnames included); for a minority name with a
    middle dot, the first character of the first part.

    >>> surname_of("古丽娜·艾买提")
    '古'
    """
    name = name.strip()
    for dot in _NAME_DOTS:
        if dot in name:
            return name[:1]
    if name[:2] in COMPOUND_SURNAMES and len(name) >= 3:
        return name[:2]
    return name[:1]


def surname(value: str, params: dict[str, Any], ctx: OperatorContext | None = None) -> str:
    """张伟 → 张某, 张小明 → 张某某 (``style: by_length``) or always ``surname + suffix``
    (``style: fixed``). Telling different people with the same surname apart (张某甲/张某乙)
    is done by the planner, which sees every name of the run (:mod:`screening.redaction.plan`).

    >>> surname("张小明", {"style": "by_length"})
    '张某某'
    >>> surname("欧阳娜娜", {"style": "fixed", "suffix": "某"})
    '欧阳某'
    """
    attrs = ctx.attributes if ctx else {}
    name = "".join(value.split())
    sur = str(attrs.get("surname") or "") or surname_of(name)
    if not name.startswith(sur):
        sur = surname_of(name)
    style = params.get("style", "by_length")
    suffix = str(params.get("suffix", "某"))
    if style == "fixed":
        return sur + suffix
    given = len(name) - len(sur)
    if any(d in name for d in _NAME_DOTS):
        given = 2
    return sur + suffix * max(1, min(2, given))


# -- generalize -----------------------------------------------------------------------------------
ADDRESS_LEVELS = ("province", "city", "county", "area", "town", "village", "road", "number", "compound",
                  "building", "unit", "floor", "room", "group", "detail")
DEFAULT_KEEP_LEVELS = ("province", "city", "county", "area", "town")  # area: an admin unit (高新区)
_NOT_LEVELS = frozenset({"kind", "owner", "levels", "level", "surname", "relative", "role", "cues"})

_ADMIN_UNIT = re.compile(
    r"([^\d\s0-9,，。;；:：]{1,12}?)(?:特别行政区|自治区|自治州|自治县|自治旗|地区|街道办事处|街道|苏木|"
    r"省|市|盟|州|县|旗|区|镇|乡)"
)
_NOT_ADMIN_END = ("小区", "社区", "园区", "景区", "校区", "城区", "开发区", "新区花园", "营业区", "厂区", "矿区")


def _admin_prefix(text: str, keep: tuple[str, ...]) -> str:
    """Fallback when the recognizer gave no levels: the leading run of administrative units.

    >>> _admin_prefix("民勤县收成镇兴盛村五组", DEFAULT_KEEP_LEVELS)
    '民勤县收成镇'
    >>> _admin_prefix("凉州区幸福小区3号楼", DEFAULT_KEEP_LEVELS)
    '凉州区'
    """
    pos = 0
    allow_town = "town" in keep
    while True:
        m = _ADMIN_UNIT.match(text, pos)
        if not m:
            break
        end = m.end()
        while end < len(text) and text[end] in "区县市旗州盟" and not text.startswith("区域", end):
            end += 1  # 凉州 + 区, 兰州 + 市: the lazy match stopped one suffix early
        unit = text[m.start() : end]
        if unit.endswith(_NOT_ADMIN_END) or re.search(r"[路街巷弄道村组号楼栋幢室]", m.group(1)):
            break
        if not allow_town and unit.endswith(("镇", "乡", "街道", "街道办事处", "苏木")):
            break
        pos = end
    return text[:pos]


def generalize(value: str, params: dict[str, Any], ctx: OperatorContext | None = None) -> str:
    """Keep an address down to the levels in ``keep`` (default: province/city/county/town) and
    drop road, number, building, unit and room.

    Uses the address finding's parsed levels (``attributes``) when the recognizer recorded them:
    the output is the address cut where the first dropped level starts, so the wording of the
    kept part is the original wording. Without levels, a conservative parser keeps the leading
    administrative units; if nothing can be kept the value becomes ``fallback`` (default the
    ``[详细地址]`` label) — never the original.

    >>> generalize("武威市凉州区和平街道东大街12号", {}, OperatorContext(attributes={
    ...     "city": "武威市", "county": "凉州区", "town": "和平街道", "road": "东大街", "number": "12号"}))
    '武威市凉州区和平街道'
    >>> generalize("东大街12号", {})
    '[详细地址]'
    """
    keep = tuple(params.get("keep_levels", DEFAULT_KEEP_LEVELS))
    attrs = (ctx.attributes if ctx else {}) or {}
    nested = attrs.get("levels")
    levels: dict[str, Any] = nested if isinstance(nested, dict) else attrs
    cut: int | None = None
    found_any = False
    for level, part in levels.items():
        if level in _NOT_LEVELS or not isinstance(part, str) or not part:
            continue  # any other string attribute is a level; one we do not know is dropped
        at = value.find(part)
        if at < 0:
            continue
        found_any = True
        if level not in keep:
            cut = at if cut is None else min(cut, at)
    if found_any and cut is not None:
        out = value[:cut].rstrip(" ,，、")
    elif found_any:
        out = value  # only kept levels: a place name, nothing to drop
    else:
        out = _admin_prefix(value, keep)
    if not out:
        return str(params.get("fallback", "[" + ENTITY_TYPES["CN_ADDRESS"].label + "]"))
    return out


# -- label / remove / keep ------------------------------------------------------------------------
def label(value: str, params: dict[str, Any], ctx: OperatorContext | None = None) -> str:
    """``[身份证号]``: the entity type's Chinese label in a template (``{label}``, ``{type}``)."""
    et = ctx.entity_type if ctx else ""
    name = ENTITY_TYPES[et].label if et in ENTITY_TYPES else "已删除"
    return str(params.get("template", "[{label}]")).format(label=name, type=et)


def remove(value: str, params: dict[str, Any], ctx: OperatorContext | None = None) -> str:
    """Delete the value (``replacement`` may leave a placeholder such as ``×××``)."""
    return str(params.get("replacement", ""))


def keep(value: str, params: dict[str, Any], ctx: OperatorContext | None = None) -> str:
    """Publish the value unchanged (officials, organisations, place names)."""
    return value


# -- pseudonym ------------------------------------------------------------------------------------
def pseudonym_digest(key: bytes, entity_type: str, value: str) -> str:
    """HMAC-SHA256 over the entity type and the folded, space-free value (never a plain hash:
    an ID or a mobile number is trivially brute-forced from an unsalted hash).

    >>> pseudonym_digest(b"k", "PERSON", "张 伟") == pseudonym_digest(b"k", "PERSON", "张伟")
    True
    """
    material = entity_type + "\x1f" + "".join(fold(value).split())
    return hmac.new(key, material.encode("utf-8"), hashlib.sha256).hexdigest()


def pseudonym(value: str, params: dict[str, Any], ctx: OperatorContext | None = None) -> str:
    """A stable keyed pseudonym, e.g. ``[姓名-3fa9c2d1]``; the same value and key give the same
    pseudonym in every document.

    >>> pseudonym("张伟", {}, OperatorContext("PERSON", key=b"secret"))[:4]
    '[姓名-'
    """
    if ctx is None or not ctx.key:
        from screening.errors import RedactionError

        raise RedactionError("the pseudonym operator needs a key (--key / --key-file)")
    et = ctx.entity_type
    digest = pseudonym_digest(ctx.key, et, value)[: int(params.get("length", 8))]
    name = ENTITY_TYPES[et].label if et in ENTITY_TYPES else et
    return str(params.get("template", "[{label}-{digest}]")).format(label=name, type=et, digest=digest)


_INT = (int,)
_STR = (str,)
#: operator name -> (function, parameter schema)
OPERATORS: dict[str, tuple[Operator, ParamSpec]] = {
    "mask": (mask, {"keep_first": (_INT, 0), "keep_last": (_INT, 0), "char": (_STR, "*")}),
    "surname": (surname, {"style": (_STR, "by_length"), "suffix": (_STR, "某"),
                          "distinguish": (_STR, "none")}),
    "generalize": (generalize, {"keep_levels": ((list,), list(DEFAULT_KEEP_LEVELS)), "fallback": (_STR, None)}),
    "label": (label, {"template": (_STR, "[{label}]")}),
    "remove": (remove, {"replacement": (_STR, "")}),
    "pseudonym": (pseudonym, {"length": (_INT, 8), "template": (_STR, "[{label}-{digest}]")}),
    "keep": (keep, {}),
}

#: allowed values of enumerated parameters
PARAM_CHOICES: dict[tuple[str, str], tuple[Any, ...]] = {
    ("surname", "style"): ("by_length", "fixed"),
    ("surname", "distinguish"): ("none", "jia_yi", "number"),
}


def apply_operator(name: str, value: str, params: dict[str, Any], ctx: OperatorContext) -> str:
    """Run operator ``name`` (a ``KeyError`` for an unknown name: policies are validated first)."""
    func, _ = OPERATORS[name]
    return func(value, params, ctx)
