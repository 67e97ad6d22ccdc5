"""The review: decisions keyed by keyed fingerprints, the gate, the 审查记录.

For CMS plugins and pipelines (the same as ``screening check``)::

    >>> from screening import Screener
    >>> from screening.review import check_review, load_decisions, record_for, review_scan
    >>> s = Screener(fingerprint_key="office key")          # or SCREENING_FINGERPRINT_KEY
    >>> def may_publish(path, decisions_path):
    ...     result = review_scan(path, s)
    ...     record = record_for(load_decisions(decisions_path), result)
    ...     return check_review(result, record, ("初审", "复审"), screener=s).passed

:mod:`screening.review.keys` says how a flagged finding is identified across re-scans;
:mod:`screening.review.decisions` documents the decisions record (``schema_version: 1``).
"""

from screening.review.decisions import (
    LEVELS,
    CarryOver,
    Decision,
    DecisionsRecord,
    DocumentInfo,
    carry_over,
    decide,
    decisions_override,
    flagged_items,
    item_of,
    load_decisions,
    new_record,
    parse_decisions,
    record_for,
    require_key,
    save_decisions,
)
from screening.review.docinfo import review_scan
from screening.review.gate import GateResult, PendingItem, check, parse_levels
from screening.review.keys import context_key

check_review = check

__all__ = [
    "LEVELS",
    "CarryOver",
    "Decision",
    "DecisionsRecord",
    "DocumentInfo",
    "GateResult",
    "PendingItem",
    "carry_over",
    "check",
    "check_review",
    "context_key",
    "decide",
    "decisions_override",
    "flagged_items",
    "item_of",
    "load_decisions",
    "new_record",
    "parse_decisions",
    "parse_levels",
    "record_for",
    "require_key",
    "review_scan",
    "save_decisions",
]
