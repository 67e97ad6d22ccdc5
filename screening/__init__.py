"""gongkai-screening: screen Chinese government drafts for personal information and secrecy marks.

>>> from screening import Screener
>>> screener = Screener()
>>> findings = screener.scan_text("当事人身份证号码：11010519491231002X")
>>> findings[0].entity_type, findings[0].severity.label
('CN_RESIDENT_ID', 'high')
"""

from screening.engine import Screener
from screening.errors import (
    DocumentError,
    EncryptedDocument,
    PolicyError,
    RedactionError,
    ResourceLimitExceeded,
    ScreeningError,
    UnsupportedFormat,
    WordListError,
)
from screening.findings import ENTITY_TYPES, SCHEMA_VERSION, EntityType, Finding, Severity

__version__ = "0.1.0"

__all__ = [
    "ENTITY_TYPES",
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
    "Severity",
    "UnsupportedFormat",
    "WordListError",
    "__version__",
]
