"""The reviewer report: one self-contained HTML file reviewers decide in (no network, Chinese UI).

Every flagged finding (``medium`` and above) is an item the reviewer marks 去标识化 (redact),
可公开 (publish, with a required reason) or leaves 待定; the page exports the decisions as the
decisions JSON ``screening check`` / ``screening redact --decisions`` read, and imports one to go on
or to show a 复审 reviewer the 初审 decisions.

The report is itself a document holding personal data, so by default every value of a personal
kind is shown masked -- the policy's replacement (``620602********1234``, 马某) or, where the policy
keeps the value, a generic mask -- and the raw value is written nowhere in the file (not in the
text, attributes or the JSON data). ``show_values=True`` writes the values.

Big inputs stay usable: the documents travel as one compact JSON blob per document (column
arrays), the page renders them a page at a time, and sheet findings are grouped by (sheet, column,
entity type) so "列 D 身份证号：20,000 处" is decided by one click. Documents of up to
:data:`STATIC_ITEMS` flagged findings also carry every item as an HTML element in the file itself.

>>> from screening import Screener
>>> from screening.results import scan_bytes_as_text
>>> s = Screener(fingerprint_key="k")
>>> page = render_html([scan_bytes_as_text("申请人张三，身份证号11010519491231002X。", s)], screener=s)
>>> "11010519491231002X" in page, "110105********002X" in page, 'data-fingerprint="' in page
(False, True, True)
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from screening.errors import ScreeningError
from screening.findings import ENTITY_TYPES, HYGIENE_TYPES, SEVERITY_ORDER, Finding, Severity
from screening.redaction.operators import OperatorContext, apply_operator, mask
from screening.redaction.policy import Policy, load_policy
from screening.results import DocumentResult, summarize
from screening.review.keys import context_key
from screening.scanned import sheet_and_column

if TYPE_CHECKING:
    from screening.engine import Screener

#: documents with at most this many flagged findings carry every item as an element in the file
#: (larger ones are rendered a page at a time by the page's script, from the JSON data)
STATIC_ITEMS = 3000
#: entity families whose values are personal data: masked in the report unless show_values
_PERSONAL = frozenset({"identifier", "person", "address", "sensitive", "custom"})
_UNMASKED_TYPES = frozenset({"LOCATION"})  # place names: context, not personal data
_SEV_ZH = {Severity.BLOCKING: "禁止发布", Severity.HIGH: "高", Severity.MEDIUM: "中", Severity.LOW: "低",
           Severity.INFO: "提示"}
_SEV_LABELS = [s.label for s in SEVERITY_ORDER]
_SEV_INDEX = {s: i for i, s in enumerate(SEVERITY_ORDER)}
_TYPE_NAMES = list(ENTITY_TYPES)
_TYPE_INDEX = {n: i for i, n in enumerate(_TYPE_NAMES)}
_PARTS_ZH = {"header": "页眉", "footer": "页脚", "footnote": "脚注", "endnote": "尾注", "comment": "批注",
             "textbox": "文本框", "table": "表格", "metadata": "文档属性", "attribute": "属性",
             "properties": "文档属性", "media": "图片/媒体", "body": "正文"}
#: hygiene findings whose text may be personal data (an author, a comment, deleted or hidden words)
_MASKED_HYGIENE = frozenset({"DOCUMENT_METADATA", "COMMENTS", "TRACKED_CHANGES", "HIDDEN_TEXT"})
#: what happens to a fact about the file (hygiene finding); ``{}`` takes the policy's document setting
_HYGIENE_ACTION = {
    "TRACKED_CHANGES": "去标识化时清除修订痕迹（删除的文字不再留在文件中）",
    "COMMENTS": "去标识化时删除批注",
    "DOCUMENT_METADATA": "去标识化时清除文档属性中的个人信息",
    "HIDDEN_TEXT": "去标识化时按策略处理隐藏文字：{hidden_text}",
    "HIDDEN_SHEET": "去标识化时按策略处理隐藏工作表：{hidden_sheets}",
    "HIDDEN_ROWS_COLUMNS": "去标识化时按策略处理隐藏行列：{hidden_rows_columns}",
    "EMBEDDED_OBJECT": "须人工核查嵌入对象的内容",
    "UNSCANNED_CONTENT": "须人工核查：此处内容未能自动审查",
}
_DOC_CHOICE_ZH = {"remove": "删除", "redact": "遮盖其中的个人信息", "clear": "清空", "rasterize": "转为图像"}
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,5}\s*号")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_TITLE_END = ("决定书", "决定", "通知", "公告", "公示", "通报", "意见", "办法", "方案", "报告", "批复", "函", "名单",
              "规定", "细则", "纪要")


def render_html(results: Iterable[DocumentResult], *, screener: Screener, policy: str | Policy | None = None,
                show_values: bool = False) -> str:
    """The whole report as one string (:func:`iter_html` joined)."""
    return "".join(iter_html(results, screener=screener, policy=policy, show_values=show_values))


def iter_html(results: Iterable[DocumentResult], *, screener: Screener, policy: str | Policy | None = None,
              show_values: bool = False, generated: datetime | None = None) -> Iterator[str]:
    """The report in pieces: the page head, the summary, then one document at a time (its section
    and its JSON data), then the script. ``policy`` (default ``publication``) gives the proposed
    replacement of each finding; ``screener`` must be the one that scanned (its key makes each
    item's ``context_key``).

    >>> from screening import Screener
    >>> from screening.results import DocumentResult
    >>> page = "".join(iter_html([DocumentResult("a.txt", status="error", error="a.txt: cannot read")],
    ...                          screener=Screener(fingerprint_key="k")))
    >>> page.startswith("<!DOCTYPE html>"), "cannot read" in page
    (True, True)
    """
    results = list(results)
    pol = load_policy(policy)
    order = sorted(range(len(results)), key=lambda i: (_priority(results[i]), i))
    summary = summarize(results)
    when = (generated or datetime.now().astimezone()).isoformat(timespec="seconds")
    config = {
        "types": [[n, ENTITY_TYPES[n].label] for n in _TYPE_NAMES],
        "sev": _SEV_LABELS,
        "sevZh": [_SEV_ZH[s] for s in SEVERITY_ORDER],
        "policy": pol.name,
        "showValues": show_values,
        "keyScope": getattr(screener, "fingerprint_scope", "key"),
        "generated": when,
        "gate": summary["gate"],
        "docs": len(results),
        "staticItems": STATIC_ITEMS,
    }
    yield _head()
    yield _header(summary, pol, show_values, config["keyScope"], when)
    yield _summary(results, order, summary)
    yield _filters()
    yield '<main id="docs">'
    for rank, i in enumerate(order):
        payload, rows = _document(results[i], rank, screener, pol, show_values)
        yield _doc_section(results[i], payload, rows)
        yield f'<script type="application/json" id="data-{rank}">{_json(payload)}</script>\n'
    yield "</main>"
    yield f'<script type="application/json" id="config">{_json(config)}</script>\n'
    yield f"<script>{_asset('report.js')}</script>\n</body>\n</html>\n"


# -- one document ------------------------------------------------------------------------------------
def _priority(r: DocumentResult) -> int:
    """Documents needing attention first: unreadable, unscanned parts, blocking, flagged, clean."""
    if r.status != "ok":
        return 0
    if any(f.entity_type == "UNSCANNED_CONTENT" for f in r.findings):
        return 1
    if r.blocked:
        return 2
    return 3 if r.flagged else 4


def _document(r: DocumentResult, rank: int, screener: Screener, pol: Policy,
              show_values: bool) -> tuple[dict[str, Any], list[str]]:
    doc = next((f._source.doc for f in r.findings if hasattr(f, "_source")), None)
    builder = _Builder(r, screener, pol, show_values)
    blocks = builder.build_blocks(doc) if doc is not None else []
    payload = {
        "rank": rank,
        "path": r.path,
        "name": PurePath(r.path).name or r.path,
        "sha256": r.sha256,
        "status": r.status,
        "error": r.error,
        "format": r.format,
        "title": _title(blocks, r),
        "doc_number": _doc_number(blocks),
        "counts": r.to_dict(findings=False)["counts"] if r.status == "ok" else {},
        "shown": show_values,
        "blocks": blocks,
        **builder.items(),
    }
    rows = builder.static_rows(rank) if len(builder.flagged) <= STATIC_ITEMS else []
    payload["static"] = bool(rows) or not builder.flagged
    return payload, rows


class _Builder:
    """The masked text blocks and the item arrays of one document."""

    def __init__(self, r: DocumentResult, screener: Screener, pol: Policy, show_values: bool) -> None:
        self.r, self.screener, self.pol, self.show = r, screener, pol, show_values
        positioned = sorted((f for f in r.findings if f.start >= 0 and f.end > f.start
                             and f.entity_type not in HYGIENE_TYPES), key=lambda f: (f.start, -f.end))
        placed = {id(f) for f in positioned}
        hygiene = [f for f in r.findings if id(f) not in placed]
        self.flagged: list[Finding] = [f for f in hygiene if f.is_flagged] + [f for f in positioned if f.is_flagged]
        self.positioned = positioned
        self.where: dict[int, tuple[int, int, int, int, int]] = {}  # id(f) -> (block, o16, e16, o, e)
        self.low: list[int] = []
        self.block_texts: list[str] = []
        self.display: dict[int, str] = {}
        self.reps: dict[int, str] = {}

    # the masked text -------------------------------------------------------------------------------
    def _spans(self, text: str) -> list[tuple[int, int, str, list[Finding]]]:
        """Non-overlapping spans over the text, each with its display string and its findings."""
        spans: list[list[Any]] = []
        for f in self.positioned:
            if spans and f.start < spans[-1][1]:
                last = spans[-1]
                if f.end > last[1]:  # a partial overlap: the rest of the new finding is masked too
                    extra = text[last[1]:f.end]
                    last[2] += extra if self.show else _generic_mask(extra)
                    last[1] = f.end
                last[3].append(f)
                continue
            spans.append([f.start, f.end, self._display(f), [f]])
        return [(s, e, d, fs) for s, e, d, fs in spans]

    def _display(self, f: Finding) -> str:
        value = f.text
        rep = self._replacement(f)
        if self.show or not _personal(f):
            shown = value
        elif rep is not None and rep and rep != value and not rep.startswith("（"):
            shown = rep
        else:
            shown = _generic_mask(value)
        return shown.replace("\n", " ")

    def _replacement(self, f: Finding) -> str | None:
        key = id(f)
        if key in self.reps:
            return self.reps[key]
        if f.entity_type in HYGIENE_TYPES:
            template = _HYGIENE_ACTION.get(f.entity_type, "（文件层面问题，须人工处理）")
            rep = template.format(**{k: _DOC_CHOICE_ZH.get(v, v) for k, v in self.pol.document.items()})
            self.reps[key] = rep
            return rep
        action = self.pol.decide(f)
        if action.keeps:
            rep = "（保留原文）"
        else:
            try:
                rep = apply_operator(action.operator, f.text, action.params,
                                     OperatorContext(f.entity_type, f.attributes, key=None))
            except (ScreeningError, KeyError, ValueError):
                rep = f"（{action.operator}：生成时需密钥）"
            rep = rep.replace("\n", " ") or "（删除）"
        self.reps[key] = rep
        return rep

    def build_blocks(self, doc: Any) -> list[list[str]]:
        """``[[label, masked text], ...]``: a sheet row, a paragraph's line or a text line per block."""
        text: str = doc.text
        spans = self._spans(text)
        astral = _ASTRAL.search(text) is not None

        def u16(s: str) -> int:  # offsets for the page's script count UTF-16 code units
            return len(s) + len(_ASTRAL.findall(s)) if astral else len(s)

        out: list[list[str]] = []
        j, carried = 0, 0
        for bs, be, label, is_row in _raw_blocks(doc):
            pos = max(bs, carried)
            parts: list[str] = []
            n16 = n = 0
            while j < len(spans) and spans[j][0] < be:
                s, e, shown, fs = spans[j]
                if s < pos:  # cannot happen (spans do not overlap); skip defensively
                    j += 1
                    continue
                raw = text[pos:s]
                piece = raw.replace("\n", "\t") if is_row else raw
                parts.append(piece)
                n16 += u16(piece)
                n += len(piece)
                o16, o = n16, n
                parts.append(shown)
                n16 += u16(shown)
                n += len(shown)
                b = len(out)
                for f in fs:
                    if f.is_flagged:
                        self.where[id(f)] = (b, o16, n16, o, n)
                    else:
                        self.low.extend((b, o16, n16, _TYPE_INDEX.get(f.entity_type, 0)))
                pos = e
                j += 1
            if pos < be:
                raw = text[pos:be]
                parts.append(raw.replace("\n", "\t") if is_row else raw)
            carried = pos if pos > be else 0
            block = "".join(parts)
            out.append([label, block])
            self.block_texts.append(block)
        return out

    # the items -------------------------------------------------------------------------------------
    def items(self) -> dict[str, Any]:
        keys: dict[tuple[str, str], int] = {}
        cols: dict[str, list[Any]] = {k: [] for k in ("fp", "ck", "ki", "t", "s", "b", "o", "e", "rp", "x", "l", "g")}
        expl: dict[str, int] = {}
        reps: dict[str, int] = {}
        groups: dict[tuple[str, int, str], int] = {}
        group_rows: list[list[Any]] = []
        headers = {(c.get("sheet"), c.get("col")): c for c in self.r.column_summary}
        hv: dict[str, str] = {}
        for i, f in enumerate(self.flagged):
            fp, ck = f.fingerprint, context_key(self.screener, f)
            k = keys.setdefault((fp, ck), len(keys))
            where = self.where.get(id(f))
            if where is None:  # a fact about the file (or a finding outside the text)
                b, o, e = -1, 0, 0
                hv[str(i)] = self._hygiene_text(f)
                loc = _where(f.location, with_sheet=True)
            else:
                b, o, e = where[0], where[1], where[2]
                loc = _where(f.location, with_sheet=False)
            shown = self.block_texts[b][where[3]:where[4]] if where is not None else hv[str(i)]
            rep = self._replacement(f) or ""
            cols["fp"].append(fp)
            cols["ck"].append(ck)
            cols["ki"].append(k)
            cols["t"].append(_TYPE_INDEX.get(f.entity_type, 0))
            cols["s"].append(_SEV_INDEX[f.severity])
            cols["b"].append(b)
            cols["o"].append(o)
            cols["e"].append(e)
            cols["rp"].append(-1 if rep == shown else reps.setdefault(rep, len(reps)))
            cols["x"].append(expl.setdefault(self._explanation(f), len(expl)))
            cols["l"].append(loc)
            g = -1
            sc = sheet_and_column(f) if where is not None else None
            if sc is not None:
                gk = (sc[0], sc[1], f.entity_type)
                g = groups.get(gk, -1)
                if g < 0:
                    g = groups[gk] = len(group_rows)
                    info = headers.get((sc[0], sc[1]), {})
                    letter = info.get("column") or _col_letter(sc[1])
                    head = f"（{info['header']}）" if info.get("header") else ""
                    group_rows.append([f"{sc[0]} 列 {letter}{head} {ENTITY_TYPES[f.entity_type].label}", 0])
                group_rows[g][1] += 1
            cols["g"].append(g)
        self.keys, self.cols, self.expl_list, self.rep_list, self.hv = keys, cols, list(expl), list(reps), hv
        return {"items": cols, "keys": len(keys), "expl": list(expl), "reps": list(reps),
                "groups": group_rows, "hv": hv, "low": self.low}

    def _hygiene_text(self, f: Finding) -> str:
        value = (f.text or "").replace("\n", " ")
        if not value:
            return ""
        if not self.show and (f.entity_type in _MASKED_HYGIENE or _personal(f)):
            value = _generic_mask(value)
        return value if len(value) <= 80 else value[:77] + "…"

    def _explanation(self, f: Finding) -> str:
        text = f.explanation or ""
        masked = _personal(f) if f.entity_type not in HYGIENE_TYPES else f.entity_type in _MASKED_HYGIENE
        if not self.show and masked and f.text and len(f.text) >= 2 and f.text in text:
            text = text.replace(f.text, _generic_mask(f.text))
        return text

    def static_rows(self, rank: int) -> list[str]:
        """Every item as an HTML element (same markup as the script's ``itemRow``)."""
        cols = self.cols
        rows = []
        for i, f in enumerate(self.flagged):
            b = cols["b"][i]
            where = self.where.get(id(f))
            if where is not None:
                block = self.block_texts[b]
                o, e = where[3], where[4]
                left, value, right = block[max(0, o - 30):o], block[o:e], block[e:e + 30]
            else:
                left, value, right = "", self.hv[str(i)], ""
            rp = cols["rp"][i]
            rep = value if rp < 0 else self.rep_list[rp]
            rows.append(_item_row(rank, i, cols["fp"][i], cols["ck"][i], cols["ki"][i], f.entity_type,
                                  f.severity, cols["l"][i], left, value, right, rep,
                                  self.expl_list[cols["x"][i]], hygiene=where is None))
        return rows


def _raw_blocks(doc: Any) -> Iterator[tuple[int, int, str, bool]]:
    """``(start, end, label, is_sheet_row)`` over the document text: a sheet row (cells joined), or
    one line of a paragraph / text segment."""
    segs = doc.segments
    starts = doc.starts
    text = doc.text
    n = len(segs)
    is_cell = getattr(segs, "is_cell", None)
    row_key = getattr(segs, "cell_row_key", None)
    cur: list[Any] | None = None
    line_no = 0
    plain_text = doc.format == "text" and n == 1
    for i in range(n):
        s = starts[i]
        e = starts[i + 1] - 1 if i + 1 < n else len(text)
        key: tuple[Any, ...] | None
        if is_cell is not None and row_key is not None and is_cell(i):
            key = row_key(i)
            loc: dict[str, Any] | None = None
        else:
            loc = segs[i].location
            key = ("sheet", loc["sheet"], loc["row"]) if "sheet" in loc and "row" in loc else None
        if key is not None:
            if cur is not None and cur[3] == key:
                cur[1] = e
                continue
            if cur is not None:
                yield cur[0], cur[1], cur[2], True
            cur = [s, e, f"{key[1]} 第{key[2]}行", key]
            continue
        if cur is not None:
            yield cur[0], cur[1], cur[2], True
            cur = None
        label = _segment_label(loc or {})
        pos = s
        while True:
            nl = text.find("\n", pos, e)
            stop = e if nl < 0 else nl
            line_no += 1
            yield pos, stop, (f"第{line_no}行" if plain_text else label), False
            label = ""
            if nl < 0:
                break
            pos = nl + 1
    if cur is not None:
        yield cur[0], cur[1], cur[2], True


def _segment_label(loc: dict[str, Any]) -> str:
    parts = []
    if loc.get("page") is not None:
        parts.append(f"第{loc['page']}页")
    part = loc.get("part")
    if part and part != "body":
        parts.append(_PARTS_ZH.get(str(part), str(part)))
    if loc.get("paragraph") is not None:
        parts.append(f"第{loc['paragraph']}段")
    return " ".join(parts)


def _where(loc: dict[str, Any], *, with_sheet: bool) -> str:
    """A short location for a reviewer: ``D2`` (the sheet is in the row's label), ``第3页``, ``第2行第6列``."""
    if "cell" in loc:
        return f"{loc['sheet']}!{loc['cell']}" if with_sheet and loc.get("sheet") else str(loc["cell"])
    parts = []
    if loc.get("page") is not None:
        parts.append(f"第{loc['page']}页")
    part = loc.get("part")
    if part and part != "body":
        parts.append(_PARTS_ZH.get(str(part), str(part)))
    if loc.get("paragraph") is not None:
        parts.append(f"第{loc['paragraph']}段")
    if loc.get("line") is not None:
        parts.append(f"第{loc['line']}行" + (f"第{loc['column']}列" if loc.get("column") is not None else ""))
    if not parts and part:
        parts = [_PARTS_ZH.get(str(part), str(part))]
    if not parts:
        parts = [f"{k}={v}" for k, v in loc.items() if k not in ("offset", "bbox", "xml_part") and
                 isinstance(v, str | int)][:3]
    return " ".join(parts)


@lru_cache(maxsize=256)
def _col_letter(n: int) -> str:
    from screening.documents.model import col_letter

    return col_letter(n)


def _personal(f: Finding) -> bool:
    et = ENTITY_TYPES.get(f.entity_type)
    return et is None or (et.family in _PERSONAL and f.entity_type not in _UNMASKED_TYPES)


def _generic_mask(value: str) -> str:
    """A mask keeping one character at each end (all of a value of one or two characters)."""
    return mask(value, {"keep_first": 1, "keep_last": 1})


def _title(blocks: list[list[str]], r: DocumentResult) -> str | None:
    given = r.facts.get("title")
    if isinstance(given, str) and given.strip() and not any(f.entity_type == "DOCUMENT_METADATA"
                                                            for f in r.findings):
        return given.strip()[:100]
    first = None
    for _label, text in blocks[:40]:
        line = text.strip()
        if not line or "\t" in line or len(line) > 80:
            continue
        if line.endswith(_TITLE_END) or line.startswith("关于"):
            return line
        if first is None and not _DOC_NUMBER.search(line):
            first = line
    return first


def _doc_number(blocks: list[list[str]]) -> str | None:
    for _label, text in blocks[:60]:
        m = _DOC_NUMBER.search(text)
        if m:
            return re.sub(r"\s+", "", m.group(0))
    return None


# -- markup ------------------------------------------------------------------------------------------
def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _json(data: Any) -> str:
    """JSON for a ``<script type="application/json">`` block: ``<``, ``>`` and ``&`` escaped (the
    block cannot be closed early); everything else, Chinese and digits included, as is."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@lru_cache(maxsize=4)
def _asset(name: str) -> str:
    return (resources.files("screening.reports") / "html_assets" / name).read_text(encoding="utf-8")


def _head() -> str:
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="referrer" content="no-referrer">\n'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'; img-src data: blob:; '
            'connect-src \'none\'; form-action \'none\'">\n'
            '<title>政务公开发布前审查报告</title>\n'
            f"<style>{_asset('report.css')}</style>\n</head>\n<body>\n")


def _header(summary: dict[str, Any], pol: Policy, show_values: bool, scope: str, when: str) -> str:
    gate = summary["gate"] == "pass"
    warn = []
    if show_values:
        warn.append('<p class="warn">本报告显示了原始值（--show-values）：报告本身含个人信息，请按涉密/敏感材料管理，'
                    "用后删除。</p>")
    if scope != "key":
        warn.append('<p class="warn">未配置指纹密钥（SCREENING_FINGERPRINT_KEY 或 --key-file）：本报告的指纹只在本次运行内'
                    "有效，导出的审核决定不能用于重新扫描后的核对。请配置密钥后重新生成报告。</p>")
    return (
        '<header id="top">\n<h1>政务公开发布前审查报告</h1>\n'
        f'<p class="sub">生成时间 {_e(when)} · 去标识化策略 {_e(pol.title or pol.name)}（{_e(pol.name)}）'
        f' · {"显示原始值" if show_values else "数值已遮盖"}</p>\n'
        f'<p class="gate {"pass" if gate else "fail"}" id="gate">扫描结论：'
        f'{"通过（未发现需处理的内容）" if gate else "不通过（须审核处理）"}</p>\n'
        + "".join(warn) +
        '<form id="reviewer" class="noprint" onsubmit="return false">'
        '<label>审核人 <input id="rv-name" autocomplete="off" placeholder="姓名"></label> '
        '<label>单位 <input id="rv-unit" autocomplete="off" placeholder="审核单位"></label> '
        '<label>审核级别 <select id="rv-level"><option>初审</option><option>复审</option><option>终审</option>'
        "</select></label> "
        '<label class="file">导入审核决定 <input type="file" id="import" accept=".json,application/json" multiple>'
        "</label> "
        '<button type="button" id="export-all">导出审核决定</button>'
        "</form>\n"
        '<p id="reviewer-print" class="printonly"></p>\n'
        '<p id="progress" class="progress"></p>\n<p id="msg" role="status" aria-live="polite"></p>\n'
        "</header>\n"
    )


def _summary(results: list[DocumentResult], order: list[int], summary: dict[str, Any]) -> str:
    sev = "".join(f"<tr><th>{_SEV_ZH[s]}</th><td>{summary['by_severity'][s.label]:,}</td></tr>"
                  for s in SEVERITY_ORDER)
    types = "".join(
        f"<tr><th>{_e(ENTITY_TYPES[t].label if t in ENTITY_TYPES else t)}</th><td>{n:,}</td></tr>"
        for t, n in sorted(summary["by_entity_type"].items(), key=lambda kv: -kv[1]))
    rows = []
    for rank, i in enumerate(order):
        r = results[i]
        if r.status != "ok":
            state = '<span class="bad">无法读取</span>'
        elif any(f.entity_type == "UNSCANNED_CONTENT" for f in r.findings):
            state = '<span class="bad">含未能审查的内容</span>'
        elif r.blocked:
            state = '<span class="bad">禁止发布</span>'
        elif r.flagged:
            state = '<span class="warnc">须审核</span>'
        else:
            state = '<span class="ok">未发现</span>'
        flagged = sum(1 for f in r.findings if f.is_flagged)
        rows.append(f'<tr><td><a href="#doc-{rank}">{_e(r.path)}</a></td><td>{state}</td>'
                    f"<td>{len(r.findings):,}</td><td>{flagged:,}</td>"
                    f'<td class="dprog" id="prog-{rank}"></td></tr>')
    return (
        '<section id="summary"><h2>概况</h2>\n'
        f'<p>共 {summary["documents"]} 个文件（{summary["errors"]} 个无法读取），{summary["findings"]:,} 处发现，'
        f'{summary["flagged_documents"]} 个文件须审核，{summary["blocked_documents"]} 个文件禁止发布。</p>\n'
        '<div class="tables"><table class="counts"><caption>按严重程度</caption>' + sev + "</table>"
        '<table class="counts"><caption>按类型</caption>' + (types or "<tr><td>无</td></tr>") + "</table></div>\n"
        '<table class="docs"><caption>按文件（需注意的在前）</caption><thead><tr><th>文件</th><th>状态</th>'
        "<th>发现</th><th>须审核</th><th>已决定</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>\n"
        "</section>\n"
    )


def _filters() -> str:
    sev = "".join(f'<option value="{i}">{_SEV_ZH[s]}</option>' for i, s in enumerate(SEVERITY_ORDER)
                  if s.is_flagged)
    return (
        '<nav id="filters" class="noprint"><label>严重程度 <select id="f-sev"><option value="">全部</option>'
        f"{sev}</select></label> "
        '<label>类型 <select id="f-type"><option value="">全部</option></select></label> '
        '<label>状态 <select id="f-state"><option value="">全部</option><option value="0">待定</option>'
        '<option value="d">已决定</option><option value="1">去标识化</option><option value="2">可公开</option>'
        "</select></label> "
        '<label>文件 <select id="f-doc"><option value="">全部</option></select></label> '
        '<span class="keys">键盘：j/n 下一个待定 · k/N 上一个待定 · r 去标识化 · p 可公开（填写理由） · u 待定</span>'
        "</nav>\n"
    )


def _doc_section(r: DocumentResult, payload: dict[str, Any], rows: list[str]) -> str:
    rank = payload["rank"]
    facts = [f"格式 {_e(r.format or '?')}"]
    if r.sha256:
        facts.append(f'SHA-256 <code title="{_e(r.sha256)}">{_e(r.sha256[:16])}…</code>')
    if payload["title"]:
        facts.append(f"标题 {_e(payload['title'])}")
    if payload["doc_number"]:
        facts.append(f"文号 {_e(payload['doc_number'])}")
    genre = r.facts.get("genre") if r.facts else None
    if genre:
        facts.append(f"文种 {_e(genre['name'])}（依据：{_e('；'.join(genre.get('evidence') or []))}）")
    err = f'<p class="bad">无法读取：{_e(r.error)}</p>' if r.status != "ok" else ""
    n = len(payload["items"]["fp"])
    counts = "，".join(f"{_SEV_ZH[s]} {payload['counts'].get(s.label, 0):,}" for s in SEVERITY_ORDER) \
        if r.status == "ok" else ""
    return (
        f'<section class="doc" id="doc-{rank}" data-doc="{rank}" data-sha256="{_e(r.sha256 or "")}">'
        f'<h2>{_e(r.path)}</h2>\n<p class="facts">{" · ".join(facts)}</p>{err}\n'
        f'<p class="facts">须审核 {n:,} 项{("（" + counts + "）") if counts else ""} '
        f'<span class="dprog" id="dprog-{rank}"></span> '
        f'<button type="button" class="noprint export-doc" data-doc="{rank}">导出本文件决定</button></p>\n'
        f'<div class="groups" id="groups-{rank}"></div>\n'
        f'<div class="pager noprint" id="pager-{rank}"></div>\n'
        f'<div class="items" id="items-{rank}">' + "".join(rows) + "</div>\n" + _public_by_rule(r, payload) +
        f'<details class="text" id="text-{rank}"{" open" if payload["static"] and payload["blocks"] else ""}>'
        f'<summary>原文（{"含原始值" if payload.get("shown") else "已遮盖"}，'
        f"发现处高亮）</summary><div class=\"tpager noprint\"></div><div class=\"tbody\"></div></details>\n"
        "</section>\n"
    )


def _public_by_rule(r: DocumentResult, payload: dict[str, Any]) -> str:
    """The persons kept public by the document's genre rule (任前公示, 候选人名单 …), with the rule: not items to
    decide, but the reviewer sees who was left public and why (masked like everything else unless values
    are shown)."""
    names: dict[str, tuple[int, str]] = {}
    for f in r.findings:
        if f.attributes.get("role") == "public_by_rule":
            why = next((p for p in (f.explanation or "").split("；") if p.startswith("依规公开")), "")
            n, _ = names.get(f.text, (0, why))
            names[f.text] = (n + 1, why)
    if not names:
        return ""
    rows = "".join(
        f"<li><b>{_e(name if payload.get('shown') else _generic_mask(name))}</b>"
        f"{'（' + str(n) + ' 处）' if n > 1 else ''}：{_e(why)}</li>" for name, (n, why) in names.items())
    return (f'<details class="public" id="public-{payload["rank"]}"><summary>依规公开的人员 {len(names)} 人'
            f"（按文种规则保留，不作为须审核项）</summary><ul>{rows}</ul></details>\n")


def _item_row(rank: int, i: int, fp: str, ck: str, k: int, et: str, sev: Severity, loc: str, left: str,
              value: str, right: str, rep: str, expl: str, hygiene: bool = False) -> str:
    label = ENTITY_TYPES[et].label if et in ENTITY_TYPES else et
    return (
        f'<div class="it s{_SEV_INDEX[sev]}" id="it-{rank}-{i}" data-doc="{rank}" data-i="{i}" data-k="{k}" '
        f'data-fingerprint="{fp}" data-context-key="{ck}" data-entity-type="{_e(et)}" '
        f'data-severity="{sev.label}" data-state="0">'
        f'<div class="ih"><span class="sv">{_SEV_ZH[sev]}</span><span class="ty">{_e(label)}</span>'
        f'<span class="lc">{_e(loc)}</span><span class="st">待定</span></div>'
        f'<div class="cx">{_e(_ctx(left, True))}{"<mark>" + _e(value) + "</mark>" if value else ""}'
        f'{_e(_ctx(right, False))}</div>'
        f'<div class="mt">{"处理" if hygiene else "建议替换为"}：<b class="rp">{_e(rep)}</b>'
        f'{"<span class=ex>" + _e(expl) + "</span>" if expl else ""}</div>'
        '<div class="ctl"><button type="button" data-act="1">去标识化</button>'
        '<button type="button" data-act="2">可公开</button><button type="button" data-act="0">待定</button>'
        '<input class="rs" placeholder="可公开的理由（必填），如：任前公示依规公开" aria-label="可公开的理由"></div>'
        "</div>"
    )


def _ctx(text: str, left: bool) -> str:
    text = text.replace("\t", " │ ").replace("\n", " ")
    return ("…" + text if left else text + "…") if len(text) >= 30 else text
