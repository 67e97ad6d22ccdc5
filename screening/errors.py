"""The error hierarchy. Library code raises these; only ``cli.py`` turns them into messages/exits."""

from __future__ import annotations


class ScreeningError(Exception):
    """Root of every error this library raises on purpose."""

    default_message = "screening failed"

    def __init__(self, message: str | None = None, *, path: str | None = None) -> None:
        self.path = path
        self.message = message or self.default_message
        super().__init__(f"{path}: {self.message}" if path else self.message)


class DocumentError(ScreeningError):
    """A file could not be read (corrupt, truncated, encrypted, too large, ...)."""

    default_message = "the document could not be read"


class UnsupportedFormat(DocumentError):
    """A format we do not read (old binary .doc/.xls/.wps, images, archives ...)."""

    default_message = "unsupported file format"


class EncryptedDocument(DocumentError):
    default_message = "the document is encrypted"


class ResourceLimitExceeded(DocumentError):
    """A zip bomb or an oversize part: a configured limit was hit."""

    default_message = "a size limit was exceeded"


class PolicyError(ScreeningError):
    """A redaction policy file is invalid."""

    default_message = "invalid policy"


class WordListError(ScreeningError):
    """A custom word list could not be loaded."""

    default_message = "invalid word list"


class RedactionError(ScreeningError):
    """A redacted output could not be written or failed verification."""

    default_message = "redaction failed"


class DecisionsError(ScreeningError):
    """A decisions record is invalid (unknown key, bad value, a raw value field) or cannot be written."""

    default_message = "invalid decisions record"


class FingerprintKeyRequired(DecisionsError):
    """Decisions can only be written with a configured fingerprint key (not the per-process random one)."""

    default_message = ("a configured fingerprint key is required to write decisions: set "
                       "SCREENING_FINGERPRINT_KEY or pass --key-file (the per-process random key "
                       "would make the decisions unusable in any other run)")
