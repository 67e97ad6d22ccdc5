"""PUBLICATION_ATTRIBUTE: the document's own 公开属性 label or 此件… note.

``公开属性：依申请公开`` (a label line) and ``（此件不公开）`` (a standalone note line) say how the
document may be released. On a draft screened for the 政务公开 portal anything but 主动公开 /
此件公开发布 is a problem: 依申请公开 / 部分公开 are ``high``, 不予公开 / 此件不公开 / 免予公开 are
``blocking``. 主动公开 is reported as ``info`` (context for the reviewer, never flagged).
The same words in running text ("对依申请公开事项…", "“不予公开”的，须注明理由") are not findings.

>>> from screening.scan_context import ScanContext
>>> text = "公开属性：依申请公开\\n\\n对依申请公开事项应当及时答复。"
>>> [(text[c.start:c.end], c.severity.label) for c in PublicationAttributeRecognizer().find(text, ScanContext.for_text(text))]
[('依申请公开', 'high')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from recognizers.base import Candidate, CnRecognizer
from recognizers.secrecy import marking_lines, where_label
from screening.findings import Severity
from screening.scan_context import ScanContext

_VALUES = r"主动公开|依申请公开|不予公开|部分公开|不公开|免予公开|删减后公开|暂缓公开"
# A label at the start of a line (after spaces or an opening bracket) or after a gap on a metadata line
# (索引号：…　　公开属性：依申请公开), then ':' / a tab / a bracket.
_LABEL = re.compile(
    r"(?m)(?:^|(?<=[ \t\u3000][ \t\u3000])|(?<=\t))[ \t(\[【〔]*(?P<label>(?:信息)?公开(?:属性|方式|类型|选项|形式))[)\]】〕]?[ \t]*[:：\t]?[ \t]*"
    rf"(?P<value>{_VALUES})(?=[ \t]*$|[ \t)\]】〕(\[【〔。.;；,，、])"
)

#: value -> severity (anything not listed: HIGH)
SEVERITY_OF: dict[str, Severity] = {
    "主动公开": Severity.INFO,
    "此件公开发布": Severity.INFO,
    "此件主动公开": Severity.INFO,
    "不予公开": Severity.BLOCKING,
    "不公开": Severity.BLOCKING,
    "免予公开": Severity.BLOCKING,
    "此件不公开": Severity.BLOCKING,
    "此件不予公开": Severity.BLOCKING,
}

_REASON = {
    Severity.INFO: "可公开发布（仅作提示）",
    Severity.HIGH: "非主动公开：不应原样发布到政务公开网站",
    Severity.BLOCKING: "不予公开：禁止发布",
}


def severity_of(value: str) -> Severity:
    """``info`` for 主动公开, ``blocking`` for 不予公开 and similar, ``high`` otherwise.

    >>> severity_of("部分公开").label, severity_of("此件不公开").label
    ('high', 'blocking')
    """
    return SEVERITY_OF.get(value, Severity.HIGH)


_CANONICAL = {"公开发布": "主动公开", "不公开": "不予公开", "删减后公开": "部分公开"}


def canonical(value: str) -> str:
    """One of 主动公开 / 依申请公开 / 部分公开 / 不予公开 / 免予公开 / 暂缓公开.

    >>> canonical("此件公开发布"), canonical("此件不公开")
    ('主动公开', '不予公开')
    """
    v = value.removeprefix("此件")
    return _CANONICAL.get(v, v)


class PublicationAttributeRecognizer(CnRecognizer):
    """公开属性 label lines and 此件… note lines."""

    ENABLED = True
    ENTITIES = ("PUBLICATION_ATTRIBUTE",)

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        if "公开" not in text:
            return
        for m in _LABEL.finditer(text):
            value = m.group("value")
            yield self._candidate(m.start("value"), m.end("value"), value, f"标注“{m.group('label')}”", 0.95)
        for ml in marking_lines(text, ctx):
            for mark in ml.marks:
                # a bare value (依申请公开) alone on a line is a note only in the 版头/版记 area;
                # deep in a body it is more likely a heading of an annual report
                if mark.kind == "publication" and (ml.in_zone or mark.text.startswith(("此件", "免予"))):
                    yield self._candidate(
                        mark.start, mark.end, mark.text, f"{where_label(ml.where)}的公开说明", 0.9
                    )

    @staticmethod
    def _candidate(start: int, end: int, value: str, how: str, score: float) -> Candidate:
        sev = severity_of(value)
        return Candidate(
            "PUBLICATION_ATTRIBUTE", start, end, score,
            [how, f"公开属性：{value}", _REASON[sev]],
            {"attribute": canonical(value), "value": value},
            severity=sev,
        )
