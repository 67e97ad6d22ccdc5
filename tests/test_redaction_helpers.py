"""Shared helpers for the redaction tests (no tests here): a realistic draft and independent leak checks.

The drafts are fictional (made-up people, IDs with valid check digits, Luhn-valid cards).
"""

from __future__ import annotations

import difflib
import html
import re
import zipfile
from pathlib import Path

from reader_fixtures import make_id
from stdnum import luhn

ID_A = make_id(11, "620602", "19850716")
ID_B = make_id(12, "620102", "19620304")
CARD = "622848001234567" + luhn.calc_check_digit("622848001234567")
MOBILE = "13993512345"


def draft() -> str:
    """A temporary-assistance notice (临时救助公示) with private and official people."""
    return (
        "武威市凉州区民政局\n关于2024年第三季度临时救助对象的公示\n\n"
        "根据《社会救助暂行办法》，现将临时救助审批结果公示如下：\n"
        f"一、申请人：马志强，身份证号码：{ID_A}，联系电话：{MOBILE}，\n"
        "家庭住址：甘肃省武威市凉州区和平街道东关街88号3单元201室，救助金额3000元。\n"
        f"救助金发放至申请人本人银行卡（开户行：农业银行，账号：{CARD}）。\n"
        f"二、申请人：刘桂兰，身份证号码：{ID_B}，电话：0935-2216688。\n"
        "马志强表示已知悉。公示期间如有异议，请与经办人联系。\n"
        "监督电话：0935-12345（区民政局），经办人：民政局副局长陈立新。\n"
        "武威市凉州区民政局\n2024年9月30日\n"
    )


#: values that must not survive in any output of :func:`draft` under any preset
MUST_GO = [ID_A, ID_B, CARD, MOBILE, "0935-2216688", "马志强", "刘桂兰", "东关街88号", "3单元201室"]


def changed_outside_spans(original: str, redacted: str, spans: list[tuple[int, int]]) -> list[str]:
    """Pieces of ``original`` that changed although no redaction span covers them (should be [])."""
    bad = []
    sm = difflib.SequenceMatcher(a=original, b=redacted, autojunk=False)
    for tag, i1, i2, _j1, _j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        if i1 == i2:  # an insertion: must sit at a span boundary
            if not any(s <= i1 <= e for s, e in spans):
                bad.append(f"insert at {i1}")
        elif not all(any(s <= k < e for s, e in spans) for k in range(i1, i2)):
            bad.append(original[i1:i2])
    return bad


def decoded_views(data: bytes) -> list[str]:
    """A part decoded the ways a leak could hide: UTF-8, GB18030, UTF-16, XML character references."""
    views = []
    for enc in ("utf-8", "gb18030", "utf-16-le", "utf-16-be", "latin-1"):
        text = data.decode(enc, errors="ignore")
        views.append(text)
        views.append(html.unescape(text))
        views.append(html.unescape(re.sub(r"<[^>]+>", "", text)))
    return ["".join(v.split()) for v in views]


def zip_leaks(path: Path, values: list[str]) -> list[tuple[str, str]]:
    """``(member, value)`` for every value found in any member of a zip package."""
    found = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            views = decoded_views(zf.read(name))
            found.extend((name, v) for v in values if any(v in view for view in views))
    return found


def redact_built(tmp_dir: Path, builder, ext: str, screener, policy: str = "publication"):  # noqa: ANN001
    """Build a fixture with ``builder`` (returns the planted values) and redact it once."""
    from screening.redaction import redact_file

    src, out = tmp_dir / f"in{ext}", tmp_dir / f"out{ext}"
    planted = builder(src)
    return src, out, planted, redact_file(src, out, policy, screener)
