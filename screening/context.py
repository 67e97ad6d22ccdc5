"""Character-window context scoring for Chinese.

Presidio's default enhancer matches lemmas of whitespace tokens: it never fires on Chinese. This
enhancer looks for a recognizer's keywords within a window of *characters* before (and optionally
after) the match, and in the table column header of the cell holding the match.
"""

from __future__ import annotations

from typing import Any

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.base import META_CONTEXT, META_EXPLANATION, META_FEATURES, ContextRule, find_keyword
from recognizers.scorer import Feature
from screening.scan_context import ScanContext


class CharWindowContextEnhancer(ContextAwareEnhancer):
    """Raise a candidate's score when a keyword is near it; lower it when none is."""

    def __init__(self) -> None:
        super().__init__(
            context_similarity_factor=0.35,
            min_score_with_context_similarity=0.4,
            context_prefix_count=0,
            context_suffix_count=0,
        )

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        ctx = nlp_artifacts if isinstance(nlp_artifacts, ScanContext) else None
        extra = tuple(context or ())
        for r in raw_results:
            meta = r.recognition_metadata or {}
            rule: ContextRule | None = meta.get(META_CONTEXT)
            if rule is None:
                continue
            words = rule.words + extra
            # a table column header is the most specific context: look there first
            hit, source = None, "上文"
            header = ctx.column_header_at(r.start) if ctx is not None else None
            if header:
                hit = next((w for w in words if w in header), None)
                source = f"列标题“{header}”"
            if hit is None:
                hit = find_keyword(text, r.start, words, rule.window, rule.after, r.end)
                source = "上文"
            expl = meta.setdefault(META_EXPLANATION, [])
            if hit is not None:
                r.score = min(1.0, r.score + rule.boost)
                expl.append(f"{source}关键词“{hit}”")
                meta["cn_context_word"] = hit
                _feature(meta, "column_header" if header and hit in header else "cue_before", hit, rule.boost)
            elif rule.missing_factor != 1.0:
                r.score = r.score * rule.missing_factor
                expl.append("无上下文关键词" if rule.missing_factor else "无上下文关键词（需上下文）")
                _feature(meta, "no_context", "", -(r.score / rule.missing_factor - r.score) if rule.missing_factor else -1.0)
        return raw_results


def _feature(meta: dict[str, Any], name: str, value: str, weight: float) -> None:
    """Record a context feature next to the recognizer's own (a fresh list: candidates may share one)."""
    meta[META_FEATURES] = [*(meta.get(META_FEATURES) or ()), Feature(name, value, weight)]
