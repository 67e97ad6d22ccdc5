"""PHONE_NUMBER: mainland mobiles, landlines with an area code, service numbers.

Candidates come from cheap regexes (digit look-arounds, never ``\\b``); ``phonenumbers`` (region
CN) validates each one, cached per number. Who the number belongs to decides the severity:

- a mobile is ``high`` (a private person's or a contact person's own phone); labelled as an
  organisation's hotline (监督电话, 咨询电话 ...) it is ``medium`` -- still someone's mobile;
- a landline is an organisation's (``low``) unless a private cue says otherwise: 家庭电话/家中座机
  (``high``), a table row holding an ID number (``high``), a private person (申请人, 居民, 家长 ...)
  earlier in the same sentence (``medium``);
- service numbers (12345, 12315, 95588, 400/800 numbers, 110/120) are ``low``.

Masked numbers (``139****5678``) never match. An 11-digit number labelled 执法证号/准考证号/工单号/
编号 (and no phone word) is not a phone.

>>> from screening.scan_context import ScanContext
>>> [(c.attributes["kind"], c.severity.label) for c in CnPhoneRecognizer().find(
...     "家庭电话0573-82261947，手机185 2096 7713", ScanContext.for_text(""))]
[('mobile', 'high'), ('landline', 'high')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import phonenumbers
from phonenumbers import PhoneNumberType, carrier
from presidio_analyzer import RecognizerResult

from recognizers import cues
from recognizers._cues import Labels, digit_groups, has_digit, inside_spaced_run, word_after
from recognizers.base import META_ATTRIBUTES, META_EXPLANATION, META_SEVERITY, Candidate, CnRecognizer
from recognizers.person_lexicon import PRIVATE_TRIGGERS
from screening.findings import Severity
from screening.scan_context import ScanContext

_SEP = r"(?:[ \-](?:\r?\n[ \t]*)?|\r?\n[ \t]*)?"
_PREFIX = r"(?:\+86|0086|\(\+?86\)|\(0086\))"
# A bare "86" country code (no "+") counts only when a separator follows it: "86 199 5512 0683".
_PREFIX_AT = re.compile(rf"{_PREFIX}[ \-]?|86[ \-]")
# Every pattern starts with a literal or a character set and checks its look-behind just after
# it: the regex engine then skips ahead at C speed instead of trying every position.
_MOBILE_BODY = rf"[3-9](?:{_SEP}[0-9]){{9}}(?![0-9A-Za-z*])"
_MOBILE = re.compile(rf"1(?<![0-9A-Za-z*+]1){_MOBILE_BODY}")
_MOBILE_PREFIXED = re.compile(
    rf"(?:\+(?<![0-9A-Za-z*]\+)86|0(?<![0-9A-Za-z*]0)086|\((?<![0-9A-Za-z*]\()(?:\+?86|0086)\))[ \-]?1{_MOBILE_BODY}"
    rf"|8(?<![0-9A-Za-z*+\-.]8)6[ \-]1{_MOBILE_BODY}"
)
_LANDLINE = re.compile(
    r"(?:\+(?<![0-9A-Za-z*+.\-]\+)86[ \-]?(?:\(0?[1-9]\d{1,2}\)|0?[1-9]\d{1,2})"
    r"|0(?<![0-9A-Za-z*+.\-]0)(?:086[ \-]?(?:\(0?[1-9]\d{1,2}\)|0?[1-9]\d{1,2})|[1-9]\d{1,2})"
    r"|\((?<![0-9A-Za-z*+.\-]\()0[1-9]\d{1,2}\))"
    r"[ \-]?(?:\d{7,8}|\d{3,4}[ \-]\d{4})"
    r"(?:[ ]?(?:转|分机|ext\.?|EXT\.?|-)[ ]?\d{1,5})?(?![0-9A-Za-z*])"
)
_LOCAL_AFTER_LABEL = re.compile(rf"(?:{cues.alternation(cues.words('phone_local_label'))})[:： ]{{0,2}}([2-8]\d{{2,3}}[ \-]?\d{{4}})(?![0-9A-Za-z*\-])")
_SERVICE = re.compile(
    r"[1489](?<![0-9A-Za-z*+.,\-][1489])"
    r"(?:(?<=[48])00[ \-]?\d{3}[ \-]?\d{4}|(?<=1)(?:2\d{3}|00\d{2}|1[049]|2[02])|(?<=9)[56]\d{3})"
    r"(?![0-9A-Za-z*])"
)
_EXT = re.compile(r"(?:转|分机|ext\.?|EXT\.?|-)[ ]?(\d{1,5})$")
_MOBILE_GROUPS = frozenset({(11,), (3, 4, 4), (3, 8), (7, 4), (4, 3, 4)})

#: the label words (rows of ``recognizers/data/cues.tsv``, kinds ``phone_*``)
PHONE_WORDS = cues.words("phone_word")
NEG_LABELS = cues.words("phone_neg_label")
PRIVATE_CUES = cues.words("phone_private_label")
HOTLINE_LABELS = cues.words("phone_hotline_label")
#: a private person named earlier in the sentence makes a landline maybe theirs: the person
#: recognizer's role words (one list for both)
PRIVATE_ROLES = PRIVATE_TRIGGERS
#: the reason of a landline kept as an organisation's for want of any private mark
_DEFAULT_OWNER = "固定电话默认视为机构电话（无家庭电话等个人标注）（低）"
#: how far after a private person's name a landline may stand to be raised as possibly theirs, and what
#: may stand between: the rest of the person's line (no organisation, no new item), then maybe one line break
#: and a phone label (申请人张某某，男，……\n联系电话：0871-…)
_PERSON_GAP = 60
_OWN_GAP = re.compile(
    rf"(?:(?!{cues.alternation(cues.words('org_word'))})[^\n])*(?:\n[ \t\u3000]*[^\n:]{{0,4}}?(?:{cues.alternation(PHONE_WORDS)})[^\n]*)?"
)
#: a contact line's label before the name: the number is the office's line it is reached at
_CONTACT_LABELS = cues.words("contact_label")
SERVICE_WORDS = cues.words("phone_service_word")
_LABELS = Labels({"private": PRIVATE_CUES, "hotline": HOTLINE_LABELS, "phone": PHONE_WORDS, "neg": NEG_LABELS})
_HEADER_LABELS = Labels({"phone": PHONE_WORDS, "neg": NEG_LABELS})
_NEG_RE = re.compile(cues.alternation(NEG_LABELS))
_PHONE_RE = re.compile(cues.alternation(PHONE_WORDS))


def _identifier_table(ctx: ScanContext, start: int) -> str | None:
    """In a plain-text table whose header names an identifier column (准考证号) and no phone column, an
    11-digit number whose own column could not be told (the cells do not line up) is that identifier:
    why, else None.

    >>> t = "序号 姓名   专业 及方向   准考证号    成绩\\n1    甲乙丙 护理 学   13415250107  78.3\\n"
    >>> _identifier_table(ScanContext.for_text(t), t.index("134"))
    '表头有“准考证”列而无电话列'
    """
    table = ctx.table_at(start)
    if table is None:
        return None
    head = "".join(table.header)
    if _PHONE_RE.search(head):
        return None
    neg = next((m.group() for m in _NEG_RE.finditer(head) if m.group() != "序号"), None)  # 序号: every table's
    return f"表头有“{neg}”列而无电话列" if neg else None


_SERVICE_LABELS = Labels({"service": SERVICE_WORDS})
#: the addressee's own number: 你留存的联系电话 / 您的手机 (a reply letter to a private person)
_ADDRESSEE = re.compile(f"(?:{cues.alternation(cues.words('phone_addressee'))})(?:联系)?(?:{cues.alternation(PHONE_WORDS)})")
_ID_IN_ROW = re.compile(r"(?<![0-9])[1-9]\d{5}(?:\d{8}|\*{4,8}\d{0,4})\d{3}[0-9Xx](?![0-9])")
_NON_DIGIT = re.compile(r"\D")


def check_number(number: str) -> tuple[bool, str, str]:
    """``(valid, kind, carrier)`` for a CN number (digits, maybe ``+86``), via ``phonenumbers``.

    An 11-digit mobile is decided by its first five digits (phonenumbers' CN mobile pattern reads
    five, its carrier table four), so valid mobiles are looked up per five-digit block: a 100,000-row
    list of distinct mobiles costs a few hundred phonenumbers calls, not 100,000.

    >>> check_number("13912345678")[:2], check_number("09352212345")[:2], check_number("14012345678")[:2]
    ((True, 'mobile'), (True, 'landline'), (False, 'mobile'))
    """
    if len(number) == 11 and number[0] == "1":
        block = _check_uncached(number[:5] + "000000")
        if block[0] and block[1] == "mobile":  # a valid mobile block: every number in it is one
            return block
    return _check_uncached(number)


def mobile_validity(digits: str) -> tuple[bool, str]:
    """``(valid, carrier)`` of an 11-digit number starting with 1, from its five-digit block
    (valid or not, the whole block answers alike; a test checks this against phonenumbers).

    >>> mobile_validity("13912345678"), mobile_validity("14012345678")
    ((True, '中国移动'), (False, ''))
    """
    block = digits[:5]
    found = _MOBILE_BLOCKS.get(block)
    if found is None:  # at most 10,000 blocks
        valid, _, carrier_name = _check_uncached(block + "000000")
        found = _MOBILE_BLOCKS[block] = (valid, carrier_name)
    return found


_MOBILE_BLOCKS: dict[str, tuple[bool, str]] = {}  # five leading digits -> (valid, carrier)


@lru_cache(maxsize=8192)
def _check_uncached(number: str) -> tuple[bool, str, str]:
    """:func:`check_number` without the mobile-block shortcut."""
    try:
        n = phonenumbers.parse(number, "CN")
    except phonenumbers.NumberParseException:
        return False, "", ""
    t = phonenumbers.number_type(n)
    kind = {PhoneNumberType.MOBILE: "mobile", PhoneNumberType.FIXED_LINE: "landline",
            PhoneNumberType.FIXED_LINE_OR_MOBILE: "landline", PhoneNumberType.TOLL_FREE: "service",
            PhoneNumberType.SHARED_COST: "service", PhoneNumberType.UAN: "service"}.get(t, "")
    if not kind:
        kind = "mobile" if str(n.national_number).startswith("1") else "landline"
    valid = phonenumbers.is_valid_number(n)
    return valid, kind, (carrier.name_for_number(n, "zh") if valid and kind == "mobile" else "")


class CnPhoneRecognizer(CnRecognizer):
    """Mobiles, landlines with area codes and service numbers; severity from who owns the number."""

    ENABLED = True
    ENTITIES = ("PHONE_NUMBER",)
    CONTEXT = PHONE_WORDS
    WINDOW = 14

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        if not has_digit(text):
            return
        taken = _Spans()
        yield from self._mobiles(text, ctx, taken)
        if "0" in text:
            for m in _LANDLINE.finditer(text):
                if not taken.overlaps(m.start(), m.end()):
                    c = self._landline(text, m.start(), m.end(), ctx)
                    if c is not None:
                        taken.add(c.start, c.end)
                        yield c
        for m in _LOCAL_AFTER_LABEL.finditer(text):
            if not taken.overlaps(m.start(1), m.end(1)):
                c = self._landline(text, m.start(1), m.end(1), ctx, local=True)
                if c is not None:
                    taken.add(c.start, c.end)
                    yield c
        for m in _SERVICE.finditer(text):
            if not taken.overlaps(m.start(), m.end()):
                c = self._service(text, m.start(), m.end())
                if c is not None:
                    yield c

    def _mobiles(self, text: str, ctx: ScanContext, taken: _Spans) -> Iterable[Candidate]:
        """Mobiles with a country code first, then plain ones, each recorded in ``taken``."""
        if _may_have_country_code(text):
            for m in _MOBILE_PREFIXED.finditer(text):
                if not taken.overlaps(m.start(), m.end()):
                    c = self._mobile(text, m, ctx)
                    if c is not None:
                        taken.add(c.start, c.end)
                        yield c
        # Plain mobiles never overlap each other (their spans are the regex's own matches): only
        # the prefixed ones found above can be in the way, and without them the spans come in order.
        guarded = bool(taken.starts)
        for m in _MOBILE.finditer(text):
            if guarded and taken.overlaps(m.start(), m.end()):
                continue
            c = self._mobile(text, m, ctx)
            if c is not None:
                if guarded:
                    taken.add(c.start, c.end)
                else:
                    taken.starts.append(c.start)
                    taken.ends.append(c.end)
                yield c

    # -- mobiles --------------------------------------------------------------------------------
    def _mobile(self, text: str, m: re.Match[str], ctx: ScanContext) -> Candidate | None:
        raw = m.group()
        start = m.start()
        label = self._mobile_label(text, start, ctx)
        if label is not None and label[0] == "neg":
            return None
        found = _mobile_digits(text, m, label is not None)
        if found is None:
            return None
        body_at, digits = found
        valid, carrier_name = mobile_validity(digits) if len(digits) == 11 else check_number(digits)[::2]
        if not valid and label is None:
            return None
        expl = ["手机号码格式", *(["带国际区号"] if body_at else []), *(["号码跨行"] if "\n" in raw else [])]
        expl.append("号段有效（phonenumbers）" if valid else "号段无效（phonenumbers），有电话上下文")
        score = (0.95 if label is not None else 0.7) if valid else 0.5
        attrs: dict[str, object] = {"kind": "mobile", "valid": valid}
        if carrier_name:
            attrs["carrier"] = carrier_name
        return Candidate("PHONE_NUMBER", start, m.end(), score, expl, attrs, _mobile_owner(label, expl))

    def _mobile_label(self, text: str, start: int, ctx: ScanContext) -> tuple[str, str] | None:
        """The label of a mobile (as :meth:`_label`); a number listed after an identifier (工单号为A、B)
        is labelled like it."""
        label = _LABELS.before(text, start, self.WINDOW) or _HEADER_LABELS.in_header(ctx, start)
        if label is None and _listed_after_identifier(text, start, self.WINDOW):
            return "neg", "列于编号之后"
        if label is None and (head := _identifier_table(ctx, start)) is not None:
            return "neg", head
        return label

    # -- landlines ------------------------------------------------------------------------------
    def _landline(self, text: str, start: int, end: int, ctx: ScanContext, local: bool = False) -> Candidate | None:
        if inside_spaced_run(text, start, end):
            return None
        body, ext, number = _landline_parts(text[start:end], local)
        label = self._label(text, start, ctx)
        if label is not None and label[0] == "neg":
            return None
        if local:
            valid, kind = True, "landline"
        else:
            valid, kind, _ = check_number(number)
            if kind != "landline" or not (valid or label is not None):
                return None
        attrs: dict[str, object] = {"kind": "landline", "valid": valid}
        if local:
            expl = ["固定电话格式（无区号，紧随电话标签）"]
        elif valid:
            expl = ["固定电话格式，区号有效（phonenumbers）"]
        else:
            expl = [f"固定电话格式，号码无效（phonenumbers），有上文关键词“{label[1]}”"]  # type: ignore[index]
        if not local:
            attrs["area_code"] = _area_code(body)
        if ext:
            attrs["extension"] = ext
        severity, why = self._landline_owner(text, start, end, label, ctx)
        expl.append(why)
        score = 0.85 if valid and not local else 0.55
        return Candidate("PHONE_NUMBER", start, end, score, expl, attrs, severity)

    def _landline_owner(
        self, text: str, start: int, end: int, label: tuple[str, str] | None, ctx: ScanContext
    ) -> tuple[Severity, str]:
        after = word_after(text, end, PRIVATE_CUES, 8)
        if (label is not None and label[0] == "private") or after:
            return Severity.HIGH, f"私人电话标注“{after or label[1]}”"  # type: ignore[index]
        if label is not None and label[0] == "hotline":
            return Severity.LOW, f"机构电话标注“{label[1]}”（低）"
        unit = ctx.unit(start)
        ls, le = unit.row or unit.line  # a sheet/docx row spans several cells (segments)
        if unit.header and _ID_IN_ROW.search(text, ls, le):
            return Severity.HIGH, "所在表格行含身份证号（个人电话）"
        # the sentence before the number (in a table: its row), at most 40 characters back
        before = text[max(start - 40, unit.row[0] if unit.row else unit.sentence[0]) : start]
        if (own := _ADDRESSEE.search(before)) is not None:
            return Severity.HIGH, f"答复对象本人的电话（“{own.group()}”）"
        role = next((w for w in PRIVATE_ROLES if w in before), None)
        if role:
            return Severity.MEDIUM, f"同句有个人“{role}”，可能是个人固定电话，请核实"
        return Severity.LOW, _DEFAULT_OWNER

    def document_pass(self, text: str, results: list[RecognizerResult], ctx: ScanContext) -> list[RecognizerResult]:
        """A landline left as an organisation's by default that follows a private person's name on the same or
        the next line (申请人张某某……联系电话：0871-…) is raised to MEDIUM (review). Adjusts those results in
        place; adds none."""
        landlines = _default_landlines(results)
        if not landlines:
            return []
        persons = _persons_by_end(results)
        ends = [p[0] for p in persons]
        for r in landlines:
            i = bisect.bisect_right(ends, r.start) - 1
            if i >= 0 and _owned_by(text, persons[i], r.start):
                meta = r.recognition_metadata
                name = text[persons[i][1] : persons[i][0]]
                meta[META_SEVERITY] = Severity.MEDIUM
                meta[META_EXPLANATION] = [*meta[META_EXPLANATION][:-1], f"紧随个人“{name}”之后，可能是个人固定电话，请核实"]
        return []

    # -- service numbers ------------------------------------------------------------------------
    def _service(self, text: str, start: int, end: int) -> Candidate | None:
        raw = text[start:end]
        digits = _NON_DIGIT.sub("", raw)
        expl = ["服务号码（机构热线/客服）（低）"]
        if len(digits) == 10:  # 400 / 800
            valid, kind, _ = check_number(digits)
            if not valid:
                return None
            expl.insert(0, "400/800号码，phonenumbers 有效")
        else:
            before = _SERVICE_LABELS.before(text, start, 8)
            word = before[1] if before else word_after(text, end, SERVICE_WORDS, 6)
            if word is None:
                return None
            expl.insert(0, f"{len(digits)}位服务号码，上下文“{word}”")
        return Candidate("PHONE_NUMBER", start, end, 0.6, expl, {"kind": "service", "valid": True}, Severity.LOW)

    # -- helpers --------------------------------------------------------------------------------
    def _label(self, text: str, start: int, ctx: ScanContext) -> tuple[str, str] | None:
        label = _LABELS.before(text, start, self.WINDOW)
        if label is None:
            header = _HEADER_LABELS.in_header(ctx, start)
            if header is not None:
                return header
        return label


def _mobile_digits(text: str, m: re.Match[str], labelled: bool) -> tuple[int, str] | None:
    """``(where the 11 digits start in the match, the digits)`` of a mobile match, or None: a usual
    grouping anywhere (139 1234 5678), any other grouping only after a phone label; never inside a
    longer run of spaced digit groups."""
    raw = m.group()
    if len(raw) == 11 and raw.isdigit():  # the common case: 11 digits in one run, no prefix
        return 0, raw
    prefix = _PREFIX_AT.match(raw)
    body_at = prefix.end() if prefix else 0
    if inside_spaced_run(text, m.start(), m.end()):
        return None
    grouping = digit_groups(raw[body_at:])
    if grouping not in _MOBILE_GROUPS and (not labelled or len(grouping) > 4):
        return None
    return body_at, _NON_DIGIT.sub("", raw[body_at:])


def _listed_after_identifier(text: str, start: int, window: int, items: int = 20) -> bool:
    """The number at ``start`` follows other numbers in a 、-list whose first one is labelled an
    identifier (工单号为A、B、C): it is one too.

    >>> t = "工单号为13261100001、13261100002"
    >>> _listed_after_identifier(t, t.rindex("1326"), 14), _listed_after_identifier(t[2:], t.rindex("1326") - 2, 14)
    (True, False)
    """
    pos = start
    for _ in range(items):
        if pos < 2 or text[pos - 1] not in "、,，":
            return False
        k = pos - 1
        while k > 0 and "0" <= text[k - 1] <= "9":
            k -= 1
        if pos - 1 - k < 7:
            return False  # not a number before the separator
        pos = k
        label = _LABELS.before(text, pos, window)
        if label is not None:
            return label[0] == "neg"
    return False


def _mobile_owner(label: tuple[str, str] | None, expl: list[str]) -> Severity:
    """A mobile is someone's own (HIGH); labelled as an organisation's line, MEDIUM (still a mobile)."""
    if label is None:
        return Severity.HIGH
    expl.append(_label_reason(label[1]))
    if label[0] != "hotline":
        return Severity.HIGH
    expl.append("标注为机构电话，但手机号通常属于个人，请核实")
    return Severity.MEDIUM


def _landline_parts(raw: str, local: bool) -> tuple[str, str | None, str]:
    """``(body without the extension, extension or None, number for phonenumbers)`` of a landline.

    >>> _landline_parts("0573-82261947转802", False), _landline_parts("0573-8226-1947", False)
    (('0573-82261947', '802', '057382261947'), ('0573-8226', None, '057382261947'))
    """
    ext = _EXT.search(raw) if not local else None
    body = raw[: ext.start()] if ext else raw
    digits = _NON_DIGIT.sub("", body)
    if ext and ext.group().startswith("-") and not local and len(digits) < 10:
        ext, digits = None, _NON_DIGIT.sub("", raw)  # "0573-8226-1947": the dash was no extension
    number = "+" + digits if body.lstrip("(").startswith(("+", "00")) else digits
    if number.startswith("+0086"):
        number = "+" + number[5:]
    return body, ext.group(1) if ext else None, number


def _may_have_country_code(text: str) -> bool:
    """False when no mobile with a country code can be in ``text`` (substring checks at C speed;
    every prefixed pattern holds one of these)."""
    return "+86" in text or "0086" in text or "(86" in text or "86 " in text or "86-" in text


def _default_landlines(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """The landlines kept as an organisation's for want of any private mark."""
    return [r for r in results if r.entity_type == "PHONE_NUMBER" and _meta(r, META_EXPLANATION)[-1:] == [_DEFAULT_OWNER]]


def _persons_by_end(results: list[RecognizerResult]) -> list[tuple[int, int, str | None]]:
    """``(end, start, role)`` of the PERSON results, by end."""
    return sorted((r.end, r.start, _meta(r, META_ATTRIBUTES).get("role")) for r in results if r.entity_type == "PERSON")


def _owned_by(text: str, person: tuple[int, int, str | None], start: int) -> bool:
    """May the landline at ``start`` be the person's ``(end, start, role)`` right before it: not an official's,
    near, nothing between but the rest of their line and a phone label, no contact label before the name?"""
    end, pstart, role = person
    gap, lead = text[end:start], text[max(0, pstart - 8) : pstart]
    return role != "official" and len(gap) <= _PERSON_GAP and _OWN_GAP.fullmatch(gap) is not None and not any(
        w in lead for w in _CONTACT_LABELS
    )


def _meta(r: RecognizerResult, key: str) -> Any:
    """A metadata entry of a result, or an empty list / dict."""
    return (r.recognition_metadata or {}).get(key) or ({} if key == META_ATTRIBUTES else [])


@lru_cache(maxsize=1024)
def _label_reason(word: str) -> str:
    """The explanation line for a label word (one string per word, shared by its findings)."""
    return f"上文关键词“{word}”"


class _Spans:
    """Non-overlapping spans already taken, kept sorted (bisect: linear scans stay linear)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        return (i > 0 and self.ends[i - 1] > start) or (i < len(self.starts) and self.starts[i] < end)


def _area_code(body: str) -> str:
    """``"0935"`` from ``"(0935)2212345"``, ``"0935-2212345"``; ``""`` when not written apart.

    >>> _area_code("(0935)2212345"), _area_code("+86 571 87936024"), _area_code("09352212345")
    ('0935', '0571', '')
    """
    m = re.match(r"(?:\+86|0086)?[ \-]?\(?(0?[1-9]\d{1,2})[\) \-]", body)
    if not m:
        return ""
    code = m.group(1)
    return code if code.startswith("0") else "0" + code
