"""PROCESS_DRAFT: marks of 过程性信息 that are normally not published (medium: a reviewer looks).

Position-aware like the secrecy marks (see :mod:`recognizers.secrecy`):

- draft stages (征求意见稿、讨论稿、送审稿、初稿、草稿、修改稿 ...) as a mark line in the title area, or
  in brackets at the end of a title line: ``关于…的报告（送审稿）``;
- urgency marks 特急/加急/特提 as a mark line in the 版头 (``low``: a notice marked 特急 is published
  all the same; the reviewer sees it, the gate does not stop for it);
- 请示 as the document kind in the title (``关于…的请示``, or a line ``请示``);
- 领导批示 / 批示意见 / 拟办意见 / 内部审核意见 labels at the start of a line, and ``张市长批示：``.

"现将征求意见稿印发给你们"、"认真落实领导批示精神" in running text are not findings.

>>> from screening.scan_context import ScanContext
>>> ctx = ScanContext.for_text("特急\\n\\n关于调整公交线路的请示\\n（征求意见稿）\\n\\n请认真落实领导批示精神。")
>>> [ctx.text[c.start:c.end] for c in ProcessDraftRecognizer().find(ctx.text, ctx)]
['特急', '征求意见稿', '请示']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from recognizers.base import Candidate, CnRecognizer
from recognizers.secrecy import marking_lines, where_label, zone_of
from screening.findings import Severity
from screening.scan_context import ScanContext

_DRAFT = (
    r"征求意见稿|内部讨论稿|讨论稿|送审稿|初稿|草稿|修改稿|修订稿|审议稿|代拟稿|报批稿|送签稿|未定稿"
    r"|第[一二三四五六七八九十\d]{1,3}稿"
)
_TITLE_WORD = re.compile(r"稿|请示")
# a draft stage in brackets at the end of a (title) line
_TITLE_DRAFT = re.compile(rf"[(\[【〔]\s*(?P<draft>(?:[^()\[\]【】〔〕\n]{{0,12}}?)(?:{_DRAFT}))\s*[)\]】〕]\s*$")
_REQUEST_TITLE = re.compile(r"\s*(?:.{0,40}?关于.{2,80}的)?(?P<kind>请示)\s*(?:[(\[【〔][^)\]】〕]{0,12}[)\]】〕])?\s*$")
_INSTRUCTION = re.compile(
    r"(?m)^[ \t]*(?P<label>领导批示|批示意见|领导意见|拟办意见|阅批意见|签批意见|内部审核意见|审核意见|会签意见|核稿意见"
    r"|[\u4e00-\u9fff]{1,4}(?:同志|书记|市长|区长|县长|省长|主任|局长|部长)批示)[ \t]*(?:[:：]|$)"
)
_KIND_LABEL = {"draft": "稿本标注", "urgency": "紧急程度标注"}


class ProcessDraftRecognizer(CnRecognizer):
    """征求意见稿/送审稿、特急/加急、请示、领导批示 and similar, in the title area or as labels."""

    ENABLED = True
    ENTITIES = ("PROCESS_DRAFT",)

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        seen: set[tuple[int, int]] = set()
        for ml in marking_lines(text, ctx):
            if not ml.in_zone:
                continue
            for m in ml.marks:
                if m.kind in _KIND_LABEL:
                    seen.add((m.start, m.end))
                    yield self._cand(m.start, m.end, m.kind, [f"{where_label(ml.where)}的{_KIND_LABEL[m.kind]}“{m.text}”"])
        lines: set[int] = set()
        for hit in _TITLE_WORD.finditer(text):  # only lines that can hold a title mark
            z = zone_of(text, ctx, hit.start())
            if z is None or z[0] in lines:
                continue
            lines.add(z[0])
            s, e, where = z
            if where != "top":
                continue
            t = _TITLE_DRAFT.search(text, s, e)
            if t and (t.start("draft"), t.end("draft")) not in seen and not _inside_mark(seen, t.start("draft")):
                yield self._cand(t.start("draft"), t.end("draft"), "draft", ["标题区括注的稿本“" + t.group("draft") + "”"])
            r = _REQUEST_TITLE.match(text, s, e)
            if r:
                yield self._cand(r.start("kind"), r.end("kind"), "request", ["标题区的文种“请示”（上行文，过程性信息）"])
        for i in _instructions(text):
            yield self._cand(i.start("label"), i.end("label"), "instruction", [f"批示/审核意见栏“{i.group('label')}”"])

    @staticmethod
    def _cand(start: int, end: int, kind: str, expl: list[str]) -> Candidate:
        if kind == "urgency":  # 特急/加急 say how fast to handle a document, not that it is unfinished
            return Candidate("PROCESS_DRAFT", start, end, 0.85, [*expl, "紧急程度不影响公开（提示，低）"],
                             {"kind": kind}, Severity.LOW)
        return Candidate("PROCESS_DRAFT", start, end, 0.85, [*expl, "过程性信息一般不予公开"], {"kind": kind})


def _instructions(text: str) -> Iterator[re.Match[str]]:
    """:data:`_INSTRUCTION` labels, searched only on the lines holding 意见 or 批示 (every label has one).

    >>> [m.group("label") for m in _instructions("正文\\n领导批示：同意\\n审核意见：")]
    ['领导批示', '审核意见']
    """
    starts: set[int] = set()
    for word in ("意见", "批示"):
        i = text.find(word)
        while i >= 0:
            starts.add(text.rfind("\n", 0, i) + 1)
            e = text.find("\n", i)
            i = text.find(word, e) if e >= 0 else -1
    for s in sorted(starts):
        e = text.find("\n", s)
        yield from _INSTRUCTION.finditer(text, s, len(text) if e < 0 else e)


def _inside_mark(seen: set[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in seen)
