"""CN_BANK_CARD: 16-19-digit bank card numbers that pass the Luhn check.

A candidate is 16-19 digits, unseparated or in groups of four (``6228 4807 5329 2612 656``), a
line break allowed inside. It must pass Luhn (python-stdnum): corporate accounts, virtual
sub-accounts, 缴款码 and 指标文号 mostly fail it. Then context decides:

- a card word before it or in its table column header (银行卡, 账号, 开户行, 一卡通, 社保卡, 代发 ...):
  a card (``high``), unless labelled as an organisation's account (专户, 对公, 保证金 ...: ``low``);
- a non-card label (编号, 单号, 代码, 缴款码 ...) and no card word: dropped;
- no context: a UnionPay card (``62``) is kept (``high``, lower score), a Visa/Mastercard/JCB/
  old domestic prefix (3/4/5/9) is ``medium``, anything else is dropped, and an 18-digit number is
  dropped (it is far more often an ID-shaped case or order number than a card).

A valid resident ID is never reported as a card.

>>> from screening.scan_context import ScanContext
>>> [(c.score, c.attributes["issuer"]) for c in CnBankCardRecognizer().find(
...     "银行卡号：6222 8391 0274 6510 317", ScanContext.for_text(""))]
[(0.95, 'UnionPay')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from recognizers._cues import Labels, digit_groups, has_digit, inside_spaced_run
from recognizers.base import Candidate, CnRecognizer
from recognizers.cn_resident_id import is_valid as is_resident_id
from screening.findings import Severity
from screening.scan_context import ScanContext

_SEP = r"(?:[ \-](?:\r?\n[ \t]*)?|\r?\n[ \t]*)?"
# The first two branches are the common case, a run of digits (a single fast repeat), accepted only
# where the third, general branch (groups, line breaks) would stop at the same place: at 19 digits,
# or before anything but a separator and a digit. The third branch is tried only when they fail.
_CARD = re.compile(
    rf"[1-9](?<![0-9A-Za-z*][1-9])(?:[0-9]{{18}}(?![0-9A-Za-z*])|[0-9]{{15,17}}(?![A-Za-z*]|{_SEP}[0-9])"
    rf"|(?:{_SEP}[0-9]){{15,18}}(?![0-9A-Za-z*]))"
)

CARD_WORDS = (
    "银行卡", "卡号", "账号", "帐号", "开户行", "开户银行", "一卡通", "社保卡", "代发", "收款账", "银行账户",
    "存折", "折号", "储蓄卡", "借记卡", "信用卡", "账户", "帐户", "工资卡", "打卡", "汇入",
    "银行", "支行", "分行", "信用社",
)
ORG_ACCOUNT_WORDS = (
    "专户", "对公", "基本户", "单位账户", "单位帐户", "保证金", "汇缴", "户名：", "户名:", "公司账户", "虚拟", "子账",
)
NEG_LABELS = (
    "编号", "单号", "代码", "编码", "识别码", "缴款码", "文号", "凭证", "备案号", "保单", "批次", "流水号",
    "订单", "合同号", "案号", "证号", "序号", "标识码", "登记号", "许可证", "条码",
    "发票", "运单", "快递单", "票据号", "单据号", "交易号",
)
_LABELS = Labels({"card": CARD_WORDS, "neg": NEG_LABELS})
_ORG_ACCOUNT = re.compile("|".join(map(re.escape, ORG_ACCOUNT_WORDS)))
_WINDOW = 16
_NON_DIGIT = re.compile(r"\D")
_DOUBLED = str.maketrans("0123456789", "0246813579")  # Luhn: a doubled digit's digit sum


def luhn_ok(digits: str) -> bool:
    """The Luhn check on ASCII digits (python-stdnum's ``luhn.is_valid``, without its
    per-call cleaning: this runs for every long number in a sheet).

    >>> luhn_ok("6222839102746510317"), luhn_ok("6222839102746510318")
    (True, False)
    """
    # 11 = 1 (mod 10): a digit string read in base 11 is its digit sum modulo 10 (one C-level int()).
    return (int(digits[-1::-2] or "0", 11) + int(digits[-2::-2].translate(_DOUBLED) or "0", 11)) % 10 == 0


def _grouping_ok(groups: tuple[int, ...]) -> bool:
    """One run, or groups of four with a shorter last group (4-4-4-4-3), or 6 + the rest.

    >>> _grouping_ok((4, 4, 4, 4, 3)), _grouping_ok((19,)), _grouping_ok((3, 4, 4, 4, 4))
    (True, True, False)
    """
    if len(groups) == 1:
        return True
    if len(groups) == 2 and groups[0] == 6:
        return True
    return all(g == 4 for g in groups[:-1]) and 1 <= groups[-1] <= 4


class CnBankCardRecognizer(CnRecognizer):
    """16-19 digits, Luhn, grouping; severity and keep/drop from card vs non-card labels."""

    ENABLED = True
    ENTITIES = ("CN_BANK_CARD",)
    CONTEXT = CARD_WORDS

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        if not has_digit(text):
            return
        for m in _CARD.finditer(text):
            start, end = m.span()
            if text.find("\n", start, end) < 0:  # the common case: one line, one variant
                c = self._candidate(text, start, end, ctx)
                if c is not None:
                    yield c
                continue
            for s, e in _line_variants(text, start, end):
                c = self._candidate(text, s, e, ctx)
                if c is not None:
                    yield c
                    break

    def _candidate(self, text: str, start: int, end: int, ctx: ScanContext) -> Candidate | None:
        raw = text[start:end]
        if raw.isdigit():  # the common case, one run of ASCII digits (the pattern allows no others)
            digits = raw
        elif not _grouping_ok(digit_groups(raw)) or inside_spaced_run(text, start, end):
            return None
        else:
            digits = _NON_DIGIT.sub("", raw)
        # Luhn first: it is cheaper than the ID check and rejects nine in ten resident IDs
        if not luhn_ok(digits) or (len(digits) == 18 and is_resident_id(digits)):
            return None
        label = _LABELS.before(text, start, _WINDOW)
        if label is None:
            label = _LABELS.in_header(ctx, start)
            where = "列标题"
        else:
            where = "上文关键词"
        if label is None:
            if len(digits) == 18:
                return None
        elif label[0] == "neg":
            return None
        expl = [_length_reason(len(digits)), "Luhn 校验通过"]
        attrs: dict[str, object] = {"length": len(digits), "checksum_ok": True, "issuer": _issuer(digits)}
        if "\n" in raw:
            expl.append("号码跨行")
        if label is not None:
            expl.append(_label_reason(where, label[1]))
            org = None
            if _ORG_ACCOUNT.search(text, max(0, start - _WINDOW), start):  # rare: then which word
                before = text[max(0, start - _WINDOW) : start]
                org = next((w for w in ORG_ACCOUNT_WORDS if w in before), None)
            if org is not None:
                expl.append(f"单位账户标注“{org}”（低）")
                return Candidate("CN_BANK_CARD", start, end, 0.6, expl, attrs, Severity.LOW)
            return Candidate("CN_BANK_CARD", start, end, 0.95, expl, attrs)
        if digits.startswith("62"):
            expl.append("银联卡号段（62），无上下文关键词")
            return Candidate("CN_BANK_CARD", start, end, 0.6, expl, attrs)
        if digits[0] in "3459":
            expl.append("国际卡/旧卡号段，无上下文关键词，请核实")
            return Candidate("CN_BANK_CARD", start, end, 0.4, expl, attrs, Severity.MEDIUM)
        return None


@lru_cache(maxsize=64)
def _length_reason(length: int) -> str:
    return f"{length}位数字"


@lru_cache(maxsize=1024)
def _label_reason(where: str, word: str) -> str:
    """The explanation line for a label (one string per label, shared by its findings)."""
    return f"{where}“{word}”"


def _line_variants(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The match, then its part before the first / after the last line break (a table row ending
    in a card followed by the next row's number, or the reverse).

    >>> t = "6225 8856 2241 5495\\n3\\t"
    >>> _line_variants(t, 0, 21)
    [(0, 21), (0, 19)]
    """
    spans = [(start, end)]
    first = text.find("\n", start, end)
    if first < 0:
        return spans
    head_end = first - 1 if first > start and text[first - 1] == "\r" else first
    last = text.rfind("\n", start, end)
    tail_start = last + 1
    while tail_start < end and text[tail_start] in " \t":
        tail_start += 1
    for s, e in ((start, head_end), (tail_start, end)):
        if e - s >= 16 and (s, e) not in spans:
            spans.append((s, e))
    return spans


def _issuer(digits: str) -> str:
    """A coarse network name from the first digits.

    >>> _issuer("6222839102746510317"), _issuer("4111111111111111")
    ('UnionPay', 'Visa')
    """
    if digits.startswith("62"):
        return "UnionPay"
    return _NETWORKS.get(digits[0], "unknown")


_NETWORKS = {"4": "Visa", "5": "Mastercard", "3": "JCB/Amex", "9": "domestic"}
