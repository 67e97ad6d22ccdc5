"""The terminal review's state: which item is shown, what a key does, what the screen says.

Pure logic; ``cli.py`` reads the keys, prints the screens and saves (the core never prints).
One flagged item at a time, in document order; the session starts at the first item not yet
decided at the reviewer's level (so a review that was quit resumes where it stopped).

>>> from screening import Screener
>>> from screening.results import scan_bytes_as_text
>>> from screening.review.decisions import new_record
>>> s = Screener(fingerprint_key="k")
>>> r = scan_bytes_as_text("申请人身份证号：11010519491231002X。", s, "a.txt")
>>> sess = ReviewSession(r, new_record(r, s), s, reviewer="张三", unit="办公室", level="初审")
>>> sess.undecided, "11010519491231002X" in "\\n".join(sess.screen())
(1, False)
>>> sess.decide("redact").undecided
0
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from screening.findings import ENTITY_TYPES, Finding, Severity
from screening.review.decisions import DecisionsRecord, Item, decide, flagged_items
from screening.review.gate import place_of
from screening.review.masking import mask_context, mask_value

if TYPE_CHECKING:
    from screening.engine import Screener
    from screening.results import DocumentResult

_ALNUM_RUN = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]{5,}")
KEYS_HELP = "[r] 去标识化  [p] 可公开（须填理由）  [s] 跳过  [b] 上一项  [q] 保存并退出"
DECISION_LABELS = {"redact": "去标识化", "publish": "可公开", None: "待定"}


@dataclass
class ReviewItem:
    item: Item
    findings: list[Finding]

    @property
    def first(self) -> Finding:
        return self.findings[0]

    @property
    def blocking(self) -> bool:
        return any(f.severity is Severity.BLOCKING for f in self.findings)


class ReviewSession:
    """A reviewer going through one document's flagged items at one level."""

    def __init__(self, result: DocumentResult, record: DecisionsRecord, screener: Screener, *, reviewer: str,
                 level: str, unit: str = "", policy: Any = None, show_values: bool = False) -> None:
        self.result, self.record, self.screener = result, record, screener
        self.reviewer, self.unit, self.level = reviewer, unit, level
        self.show_values = show_values
        self.items = [ReviewItem(i, fs) for i, fs in flagged_items(result, screener).items()]
        self._values = sorted({f.text for it in self.items for f in it.findings if f.start >= 0 and len(f.text) >= 2},
                              key=len, reverse=True)
        self._index_cache: Any = None
        self._findings_cache: list[Finding] | None = None
        self._starts: list[int] = []
        from screening.redaction.policy import load_policy

        self.policy = load_policy(policy)
        self.pos = self.first_undecided(0) if self.items else 0

    # -- state ------------------------------------------------------------------------------------
    def decision_of(self, index: int) -> str | None:
        d = self.record.at_level(self.level).get(self.items[index].item)
        return d.decision if d else None

    @property
    def undecided(self) -> int:
        decided = self.record.at_level(self.level)
        return sum(1 for it in self.items if it.item not in decided)

    @property
    def done(self) -> bool:
        return self.undecided == 0

    def first_undecided(self, start: int) -> int:
        """The first undecided item at or after ``start`` (wrapping); ``start`` if all are decided."""
        n = len(self.items)
        for k in range(n):
            i = (start + k) % n
            if self.decision_of(i) is None:
                return i
        return start % n if n else 0

    # -- actions ----------------------------------------------------------------------------------
    def decide(self, decision: str, reason: str = "") -> ReviewSession:
        """Record ``decision`` on the current item (validated), then go to the next undecided."""
        it = self.items[self.pos]
        self.record = decide(self.record, self.screener, it.first, decision, reviewer=self.reviewer,
                             unit=self.unit, level=self.level, reason=reason)
        if not self.done:
            self.pos = self.first_undecided(self.pos + 1)
        return self

    def skip(self) -> bool:
        """Next item; True when that wrapped around to the first."""
        self.pos = (self.pos + 1) % len(self.items)
        return self.pos == 0

    def back(self) -> bool:
        """Previous item; False when already at the first."""
        if self.pos == 0:
            return False
        self.pos -= 1
        return True

    # -- display ----------------------------------------------------------------------------------
    def proposed(self, f: Finding) -> str:
        """What the policy would write instead (masked when it would keep the value)."""
        from screening.redaction.operators import OperatorContext, apply_operator

        action = self.policy.decide(f)
        if action.keeps or f.start < 0:
            return "（策略保留原文）" if f.start >= 0 else "（由写出时清理：批注、修订、属性等）"
        try:
            return apply_operator(action.operator, f.text, action.params,
                                  OperatorContext(f.entity_type, dict(f.attributes), getattr(self.policy, "key", None)))
        except Exception:  # noqa: BLE001 - a pseudonym without its key: say what would happen
            return f"（{action.operator}）"

    def shown(self, value: str) -> str:
        return value if self.show_values else mask_value(value)

    def context(self, f: Finding) -> str:
        """The finding in its context; masked: its value, every other finding cut by or inside the
        window (by offsets), every other occurrence of a flagged value and any long run of digits."""
        raw = f.context or ""
        if not self.show_values:
            raw = self._mask_neighbours(f, raw)
            if self._index_cache is None:
                from screening.redaction.search import ValueIndex

                self._index_cache = ValueIndex(self._values)
            raw = _ALNUM_RUN.sub(lambda m: mask_value(m.group(0)), mask_context(raw, self._index_cache))
        return " ".join(raw.split())

    def _mask_neighbours(self, f: Finding, ctx: str) -> str:
        left, sep, rest = ctx.partition("【")
        if not sep or f.start < 0:
            return ctx
        value, _sep, right = rest.rpartition("】")
        lo, hi = f.start - len(left), f.end + len(right)
        chars_l, chars_r = list(left), list(right)
        ordered = self._sorted_findings()
        first = bisect.bisect_left(self._starts, lo - 400)  # no value is longer than that
        for g in ordered[first:]:
            if g.start >= hi:
                break
            if g.end <= lo or g is f or g.start < 0:
                continue
            for pos in range(max(g.start, lo), min(g.end, hi)):
                if pos < f.start:
                    chars_l[pos - lo] = "*"
                elif pos >= f.end:
                    chars_r[pos - f.end] = "*"
        return f"{''.join(chars_l)}【{value}】{''.join(chars_r)}"

    def _sorted_findings(self) -> list[Finding]:
        if self._findings_cache is None:
            self._findings_cache = sorted((g for g in self.result.findings if g.start >= 0 and g.is_flagged),
                                          key=lambda g: g.start)
            self._starts = [g.start for g in self._findings_cache]
        return self._findings_cache

    def screen(self) -> list[str]:
        """The lines shown for the current item."""
        if not self.items:
            return ["没有需要审查的项目（无 medium 及以上的发现）。"]
        it = self.items[self.pos]
        f = it.first
        et = ENTITY_TYPES[f.entity_type]
        decided = self.decision_of(self.pos)
        lines = [
            f"{self.result.path} · {self.level} · 审查人：{self.reviewer}" + (f"（{self.unit}）" if self.unit else ""),
            f"第 {self.pos + 1}/{len(self.items)} 项 · 待定 {self.undecided} 项 · 本项：{DECISION_LABELS[decided]}",
            "-" * 60,
            f"类型：{et.label}（{f.entity_type}）  严重程度：{f.severity.label}  位置：{place_of(f)}"
            + (f"  同一项共 {len(it.findings)} 处" if len(it.findings) > 1 else ""),
        ]
        if f.start >= 0:
            lines.append(f"内容：{self.shown(f.text)}")
            lines.append(f"上下文：{self.context(f)}")
        if f.explanation:
            lines.append(f"说明：{f.explanation[:200]}")
        if f.start >= 0:
            lines.append(f"拟替换为：{self.proposed(f)}")
        other = [d for lv, d in ((lv, self.record.at_level(lv).get(it.item)) for lv in ("初审", "复审", "终审"))
                 if d is not None and lv != self.level]
        for d in other:
            lines.append(f"{d.level}：{DECISION_LABELS[d.decision]}（{d.reviewer}）" + (f" 理由：{d.reason}" if d.reason else ""))
        if it.blocking:
            lines.append("！ 禁止发布：密级标志或“不予公开”标注不能选择“可公开”，门禁在其删除前不会通过。")
        lines.append("-" * 60)
        lines.append(KEYS_HELP)
        return lines
