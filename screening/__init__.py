"""gongkai-screening: screen Chinese government drafts for personal information and secrecy marks.

>>> from screening import Screener
>>> screener = Screener()
>>> findings = screener.scan_text("当事人身份证号码：11010519491231002X")
>>> findings[0].entity_type, findings[0].severity.label
('CN_RESIDENT_ID', 'high')
"""

from typing import TYPE_CHECKING

from screening.errors import (
    DecisionsError,
    DocumentError,
    EncryptedDocument,
    FingerprintKeyRequired,
    PolicyError,
    RedactionError,
    ResourceLimitExceeded,
    ScreeningError,
    UnsupportedFormat,
    WordListError,
)
from screening.findings import ENTITY_TYPES, SCHEMA_VERSION, EntityType, Finding, Severity

if TYPE_CHECKING:
    from screening.api import scan_file, scan_text
    from screening.engine import Screener
    from screening.redaction import (
        Policy,
        RedactionReport,
        load_policy,
        redact_file,
        redact_files,
        redact_text,
    )
    from screening.results import DocumentResult
    from screening.review import (
        DecisionsRecord,
        GateResult,
        carry_over,
        check_review,
        decide,
        load_decisions,
        new_record,
        record_for,
        review_scan,
        save_decisions,
    )

__version__ = "0.1.0"

_LAZY = {
    "Screener": "screening.engine",
    "scan_text": "screening.api",
    "scan_file": "screening.api",
    "DocumentResult": "screening.results",
    "redact_text": "screening.redaction",
    "redact_file": "screening.redaction",
    "redact_files": "screening.redaction",
    "load_policy": "screening.redaction",
    "Policy": "screening.redaction",
    "RedactionReport": "screening.redaction",
    # the review (issue 12): decisions record, carry-over, the gate
    "load_decisions": "screening.review",
    "save_decisions": "screening.review",
    "new_record": "screening.review",
    "decide": "screening.review",
    "carry_over": "screening.review",
    "record_for": "screening.review",
    "review_scan": "screening.review",
    "check_review": "screening.review",
    "DecisionsRecord": "screening.review",
    "GateResult": "screening.review",
}


def __getattr__(name: str) -> object:
    # The engine pulls in presidio and spaCy (~2 s); load it on first use so that importing the
    # contract types (findings, errors) stays cheap and import cycles with ``recognizers`` can't form.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'screening' has no attribute {name!r}")

__all__ = [
    "DecisionsError",
    "DecisionsRecord",
    "DocumentResult",
    "ENTITY_TYPES",
    "FingerprintKeyRequired",
    "GateResult",
    "Policy",
    "RedactionReport",
    "SCHEMA_VERSION",
    "DocumentError",
    "EncryptedDocument",
    "EntityType",
    "Finding",
    "PolicyError",
    "RedactionError",
    "ResourceLimitExceeded",
    "Screener",
    "ScreeningError",
    "load_policy",
    "redact_file",
    "redact_files",
    "redact_text",
    "scan_file",
    "scan_text",
    "Severity",
    "carry_over",
    "check_review",
    "decide",
    "load_decisions",
    "new_record",
    "record_for",
    "review_scan",
    "save_decisions",
    "UnsupportedFormat",
    "WordListError",
    "__version__",
]
