"""The shape every Chinese recognizer shares.

A recognizer subclasses :class:`CnRecognizer`, declares ``ENTITIES`` and ``CONTEXT`` words, and
implements :meth:`CnRecognizer.find`, yielding :class:`Candidate` objects on the *normalized* text
(see :mod:`screening.normalize`). The engine's character-window context enhancer
(:mod:`screening.context`) raises or lowers scores using ``CONTEXT`` and table column headers.

Recognizers must be stateless between calls (a :class:`screening.Screener` is shared by threads);
per-scan scratch data goes into ``ctx.cache``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from presidio_analyzer import EntityRecognizer, RecognizerResult

from recognizers.scorer import Feature
from screening.findings import Severity
from screening.scan_context import ScanContext

# Keys used in RecognizerResult.recognition_metadata
META_ATTRIBUTES = "cn_attributes"
META_EXPLANATION = "cn_explanation"
META_SEVERITY = "cn_severity"
META_CONTEXT = "cn_context"  # a ContextRule or None (no context scoring)
META_FEATURES = "cn_features"  # list[recognizers.scorer.Feature]: the named parts of the score


@dataclass(frozen=True)
class ContextRule:
    """How the character-window enhancer treats one candidate.

    ``words``: keywords looked for in the ``window`` characters before the match (and
    ``after`` characters after it) and in the table column header. Found: ``score += boost``
    (capped at 1.0). Not found: ``score *= missing_factor`` (``0`` drops the candidate: a
    weak pattern that *requires* context).
    """

    words: tuple[str, ...]
    window: int = 16
    after: int = 0
    boost: float = 0.35
    missing_factor: float = 1.0


@dataclass
class Candidate:
    """A match before context scoring and offset mapping (offsets into the normalized text)."""

    entity_type: str
    start: int
    end: int
    score: float
    explanation: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None  # None: the catalogue default
    context: ContextRule | None = None
    features: list[Feature] = field(default_factory=list)  # recognizers.scorer: why the score is what it is


class CnRecognizer(EntityRecognizer):
    """Base class: subclasses set ``ENTITIES`` / ``CONTEXT`` and implement :meth:`find`."""

    ENTITIES: ClassVar[tuple[str, ...]] = ()
    CONTEXT: ClassVar[tuple[str, ...]] = ()

    def __init__(self, context: Iterable[str] | None = None, **kwargs: Any) -> None:
        super().__init__(
            supported_entities=list(self.ENTITIES),
            name=kwargs.pop("name", type(self).__name__),
            supported_language="zh",
            context=list(context if context is not None else self.CONTEXT),
            **kwargs,
        )

    def load(self) -> None:  # everything is loaded in __init__ or lazily by module-level caches
        pass

    # -- to implement ---------------------------------------------------------------------------
    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        raise NotImplementedError

    def document_pass(
        self, text: str, results: list[RecognizerResult], ctx: ScanContext
    ) -> list[RecognizerResult]:
        """Optional second pass over the whole document after every recognizer ran (e.g. find
        later mentions of a name found earlier). Returns *additional* results; it may also adjust the
        severity and explanation of its own first-pass results in place (phone: a landline after a
        private person's name)."""
        return []

    # -- presidio glue --------------------------------------------------------------------------
    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        ctx = nlp_artifacts if isinstance(nlp_artifacts, ScanContext) else ScanContext.for_text(text)
        wanted = set(entities) if entities else None
        out = []
        for c in self.find(ctx.text, ctx):
            if wanted is not None and c.entity_type not in wanted:
                continue
            out.append(self.to_result(c))
        return out

    def to_result(self, c: Candidate) -> RecognizerResult:
        rid = self.__dict__.get("_rid") or self.__dict__.setdefault("_rid", self.id)  # presidio formats it per call
        return RecognizerResult(
            entity_type=c.entity_type,
            start=c.start,
            end=c.end,
            score=c.score,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,  # type: ignore[has-type]  # set by presidio
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: rid,
                META_ATTRIBUTES: c.attributes,
                META_EXPLANATION: c.explanation,
                META_SEVERITY: c.severity,
                META_CONTEXT: c.context,
                META_FEATURES: c.features,
            },
        )

    def rule(self, **overrides: Any) -> ContextRule:
        """A :class:`ContextRule` with this recognizer's context words (built once per set of
        overrides: rules are immutable, and recognizers ask for one per candidate)."""
        key = tuple(sorted(overrides.items()))
        cache = self.__dict__.setdefault("_rules", {})
        found = cache.get(key)
        if found is None:
            found = cache[key] = ContextRule(words=tuple(self.context), **overrides)
        return found


def find_keyword(text: str, start: int, words: Iterable[str], window: int, after: int = 0, end: int | None = None) -> str | None:
    """The first of ``words`` found in ``text[start-window:start]`` (or just after ``end``).

    >>> find_keyword("身份证号码：110", 6, ["身份证"], 10)
    '身份证'
    """
    before = text[max(0, start - window) : start]
    for w in words:
        if w in before:
            return w
    if after and end is not None:
        nxt = text[end : end + after]
        for w in words:
            if w in nxt:
                return w
    return None
