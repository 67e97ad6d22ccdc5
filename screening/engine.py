"""The screening engine: a presidio ``AnalyzerEngine`` for Chinese, built once and reused.

>>> from screening import Screener
>>> s = Screener()
>>> [(f.entity_type, f.start, f.end) for f in s.scan_text("公民身份号码：11010519491231002X")]
[('CN_RESIDENT_ID', 7, 25)]
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import SpacyNlpEngine

from recognizers import default_recognizers
from recognizers.base import META_ATTRIBUTES, META_EXPLANATION, META_FEATURES, META_SEVERITY, CnRecognizer
from screening.context import CharWindowContextEnhancer
from screening.documents.model import SEPARATOR, CellSegment, Document, Segment
from screening.findings import ENTITY_TYPES, Finding, Severity, entity_type
from screening.memory import forking_allowed, trim_heap
from screening.normalize import fold, normalize
from screening.overlaps import resolve_overlap_rows, resolve_overlaps
from screening.scan_context import ScanContext
from screening.scanned import LineIndex, ScannedFinding, ScanSource, pack

LANGUAGE = "zh"
CHUNK_CHARS = 200_000  # long documents are analysed in pieces of about this many characters
FINGERPRINT_KEY_ENV = "SCREENING_FINGERPRINT_KEY"
SCAN_JOBS_ENV = "SCREENING_SCAN_JOBS"  # processes for the chunks of one big document (default: cores)
_PARALLEL_CHUNKS = 3  # a document of this many chunks (about 600,000 characters) is scanned in parallel


class BlankChineseNlpEngine(SpacyNlpEngine):
    """A presidio NLP engine on ``spacy.blank("zh")``: nothing to download, ever.

    The screener never runs it on the hot path (it passes its own :class:`ScanContext` as
    ``nlp_artifacts``); it exists so that presidio has a valid engine for ``zh``.
    """

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": "blank:zh"}])

    def load(self) -> None:
        self.nlp = {LANGUAGE: spacy.blank(LANGUAGE)}  # type: ignore[assignment]  # presidio types it None


class _ChineseAnalyzerEngine(AnalyzerEngine):
    """Presidio's engine with its context step done in one pass, and its result bookkeeping without
    per-result Python detours.

    Presidio filters all results once per recognizer before calling each recognizer's own
    ``enhance_using_context`` hook (O(results x recognizers)); ours do not override that hook, so
    results are grouped once and only recognizers that do override it are called.

    :meth:`analyze` is presidio's own ``AnalyzerEngine.analyze`` for the call the screener makes
    (entities given, precomputed ``nlp_artifacts``, no threshold, allow list, ad-hoc recognizers or
    decision process), step for step: recognizers, ids, context, score thresholds, duplicates;
    every other call goes to presidio. A big sheet yields millions of results: presidio hashes each
    one through an f-string to drop duplicates, which its containment check drops anyway.
    """

    def analyze(self, text: str, language: str, entities: list[str] | None = None,  # type: ignore[override]
                correlation_id: str | None = None, score_threshold: float | None = None,
                return_decision_process: bool | None = False,
                ad_hoc_recognizers: list[EntityRecognizer] | None = None, context: list[str] | None = None,
                allow_list: list[str] | None = None, allow_list_match: str | None = "exact",
                regex_flags: int | None = None, nlp_artifacts: Any = None) -> list[RecognizerResult]:
        if (not entities or score_threshold is not None or return_decision_process or ad_hoc_recognizers
                or allow_list or nlp_artifacts is None or self.log_decision_process):
            kwargs: dict[str, Any] = {} if regex_flags is None else {"regex_flags": regex_flags}
            return super().analyze(text, language, entities=entities, correlation_id=correlation_id,
                                   score_threshold=score_threshold,
                                   return_decision_process=return_decision_process,
                                   ad_hoc_recognizers=ad_hoc_recognizers, context=context, allow_list=allow_list,
                                   allow_list_match=allow_list_match, nlp_artifacts=nlp_artifacts, **kwargs)
        recognizers = self.registry.get_recognizers(language=language, entities=entities, all_fields=False)
        id_key, name_key = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, RecognizerResult.RECOGNIZER_NAME_KEY
        results: list[RecognizerResult] = []
        for recognizer in recognizers:
            if not recognizer.is_loaded:
                recognizer.load()
                recognizer.is_loaded = True
            current = recognizer.analyze(text=text, entities=entities, nlp_artifacts=nlp_artifacts)
            if current:
                rid: str | None = None
                for r in current:  # presidio's __add_recognizer_id_if_not_exists
                    meta = r.recognition_metadata
                    if not meta:
                        meta = r.recognition_metadata = {}
                    if id_key not in meta:
                        meta[id_key] = rid = rid or recognizer.id  # presidio formats the id per call
                    if name_key not in meta:
                        meta[name_key] = recognizer.name  # type: ignore[has-type]
                results.extend(current)
        results = self._enhance_using_context(text, results, nlp_artifacts, recognizers, context)
        results = self._above_thresholds(results, recognizers)
        results = _remove_duplicates(results)
        for r in results:  # presidio's __remove_decision_process
            r.analysis_explanation = None  # type: ignore[assignment]
        return results

    def _above_thresholds(self, results: list[RecognizerResult],
                          recognizers: list[EntityRecognizer]) -> list[RecognizerResult]:
        """Presidio's ``__remove_low_scores`` without a request threshold: a result stays when its
        score reaches its recognizer's threshold for its entity type, else its recognizer's
        default, else the engine's default (also for a result of no selected recognizer)."""
        by_id = {rec.id: rec.score_thresholds for rec in recognizers}
        default = self.default_score_threshold
        id_key = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
        memo: dict[tuple[Any, str], float] = {}
        out = []
        for r in results:
            rid = (r.recognition_metadata or {}).get(id_key)
            threshold = memo.get((rid, r.entity_type))
            if threshold is None:
                thresholds = by_id.get(rid) if rid is not None else None
                if thresholds is None:
                    threshold = default
                else:
                    threshold = thresholds.get(r.entity_type)
                    if threshold is None:
                        threshold = thresholds.get("default")
                    if threshold is None:
                        threshold = default
                memo[(rid, r.entity_type)] = threshold
            if r.score >= threshold:
                out.append(r)
        return out

    def _enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):  # type: ignore[no-untyped-def]
        hooked = {r.id: r for r in recognizers
                  if type(r).enhance_using_context is not EntityRecognizer.enhance_using_context}
        if hooked:
            results = []
            for rid, rec in hooked.items():
                mine = [r for r in raw_results if r.recognition_metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY) == rid]
                others = [r for r in raw_results if r.recognition_metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY) != rid]
                results.extend(rec.enhance_using_context(text=text, raw_recognizer_results=mine,
                                                         other_raw_recognizer_results=others,
                                                         nlp_artifacts=nlp_artifacts, context=context))
            results.extend(r for r in raw_results
                           if r.recognition_metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY) not in hooked)
            raw_results = results
        return self.context_aware_enhancer.enhance_using_context(
            text=text, raw_results=raw_results, nlp_artifacts=nlp_artifacts, recognizers=recognizers, context=context
        )


def _dedup_order(r: RecognizerResult) -> tuple[str, int, int, float]:
    return (str(r.entity_type), r.start, -(r.end - r.start), -r.score)


def _result_order(r: RecognizerResult) -> tuple[float, int, int]:
    return (-r.score, r.start, -(r.end - r.start))


def _remove_duplicates(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Presidio's ``EntityRecognizer.remove_duplicates``: zero scores dropped, and a result dropped
    when an earlier-kept one of its entity type contains it with an equal or higher score; returned
    score first. Presidio first puts the results through a set; an exact duplicate (same type, span
    and score) is contained in the first of its kind and dropped by the same check, so the set only
    costs a hash per result (and which duplicate stays is the same: the first)."""
    filtered: list[RecognizerResult] = []
    active: list[RecognizerResult] = []
    current = None
    for r in sorted(results, key=_dedup_order):
        if r.entity_type != current:
            current, active = r.entity_type, []
        if r.score == 0:
            continue
        start, end, score = r.start, r.end, r.score
        active = [f for f in active if f.end >= start]
        for f in active:
            if start >= f.start and end <= f.end and score <= f.score:
                break
        else:
            filtered.append(r)
            active.append(r)
    filtered.sort(key=_result_order)
    return filtered


class Screener:
    """Finds personal information and secrecy markings in Chinese text and documents.

    Build once and reuse: construction loads every recognizer; :meth:`scan_text` and
    :meth:`scan_document` are safe to call from several threads at once.

    :param recognizers: recognizers to use instead of the defaults.
    :param extra_recognizers: recognizers added to the defaults (e.g. custom word lists).
    :param entities: only report these entity types (default: all).
    :param exclude_entities: never report these entity types.
    :param min_score: drop findings scoring below this.
    :param allowlist: terms never reported by any recognizer (the organisation's own public names,
        public officials): a finding equal to or inside an occurrence of one is dropped.
    :param genres: the document-genre table (:mod:`screening.genres`): ``None`` the built-in one, a path
        to an office's YAML laid over it, ``False`` to switch genres off. A genre whose rule publishes
        the listed people (任前公示, 表彰名单 ...) makes them ``role: public_by_rule`` (low).
    :param fingerprint_key: key for the keyed-HMAC fingerprints; defaults to the
        ``SCREENING_FINGERPRINT_KEY`` environment variable, else a random per-process key
        (fingerprints are then stable only within this process).
    :param scan_jobs: processes that scan the chunks of one big document (a 100,000-row sheet):
        ``None`` the ``SCREENING_SCAN_JOBS`` environment variable, else every usable core; ``1``
        never forks. Findings are identical whatever the number. Only a single-threaded main
        process forks (a batch or service worker scans its chunks itself).
    """

    def __init__(
        self,
        *,
        recognizers: Sequence[CnRecognizer] | None = None,
        extra_recognizers: Iterable[CnRecognizer] = (),
        entities: Iterable[str] | None = None,
        exclude_entities: Iterable[str] = (),
        min_score: float = 0.0,
        fingerprint_key: bytes | str | None = None,
        allowlist: Iterable[str] = (),
        options: dict[str, Any] | None = None,
        genres: str | os.PathLike[str] | bool | None = None,
        scan_jobs: int | None = None,
    ) -> None:
        recs = list(recognizers) if recognizers is not None else default_recognizers()
        recs.extend(extra_recognizers)
        self.recognizers: list[CnRecognizer] = recs
        for name in [*(entities or ()), *exclude_entities]:
            entity_type(name)  # KeyError with the known names for a typo
        wanted = set(entities) if entities else set(ENTITY_TYPES)
        self.entities: frozenset[str] = frozenset(wanted - set(exclude_entities))
        self.min_score = float(min_score)
        self.options = dict(options or {})
        #: processes for the chunks of one big document (None: the ``SCREENING_SCAN_JOBS``
        #: environment variable, else every core this process may use); 1 scans in this process
        self.scan_jobs = scan_jobs
        from screening.genres import default_genres, load_genres

        #: the genre table (None: genres switched off); an office's file is laid over the built-in one
        if genres is False:
            self.genres = None
        elif genres is None or genres is True:
            self.genres = default_genres()
        else:
            self.genres = load_genres(genres)
        from recognizers.custom_terms import Allowlist

        self.allowlist = Allowlist(allowlist)
        key = fingerprint_key if fingerprint_key is not None else os.environ.get(FINGERPRINT_KEY_ENV)
        if key is None:
            key = os.urandom(32)
            self.fingerprint_scope = "process"
        else:
            self.fingerprint_scope = "key"
        self._key = key.encode("utf-8") if isinstance(key, str) else bytes(key)
        self._inner, self._outer = _hmac_sha256_states(self._key)

        nlp_engine = BlankChineseNlpEngine()
        nlp_engine.load()
        registry = RecognizerRegistry(recognizers=list(recs), supported_languages=[LANGUAGE])
        self.analyzer = _ChineseAnalyzerEngine(
            registry=registry,
            nlp_engine=nlp_engine,
            supported_languages=[LANGUAGE],
            context_aware_enhancer=CharWindowContextEnhancer(),
        )
        self._supported = set(self.analyzer.get_supported_entities(LANGUAGE))

    # -- public ---------------------------------------------------------------------------------
    def scan_text(self, text: str, *, context: list[str] | None = None) -> list[Finding]:
        """Scan one text; offsets of the findings are offsets into ``text``.

        >>> Screener().scan_text("身份证号：11010519491231002X")[0].attributes["checksum_ok"]
        True
        """
        doc = Document(path=None, format="text", segments=[Segment(text, {"part": "body"})])
        return self.scan_document(doc, context=context)

    def scan_document(self, doc: Document, *, context: list[str] | None = None) -> list[Finding]:
        """Scan every segment of a read document; hygiene findings from the reader are included.

        Long documents are analysed in chunks of about ``CHUNK_CHARS`` characters cut at segment or
        line boundaries, so memory stays bounded; offsets are always into the whole document text.
        The findings derive their text, location, context and fingerprint from ``doc`` on access
        (:mod:`screening.scanned`), so they keep it alive; ``f.eager()`` gives a detached copy.
        """
        with _collector_paused(doc):
            return self._scan_document(doc, context)

    def _scan_document(self, doc: Document, context: list[str] | None) -> list[Finding]:
        text = doc.text
        segments, starts = _scannable_segments(doc)
        lines = LineIndex(text) if doc.format == "text" and len(doc.segments) == 1 else None
        source = ScanSource(doc, lines, self.fingerprint)
        findings: list[Finding] = []
        cache: dict[Any, Any] = {}
        hygiene = [self._with_fingerprint(f) for f in doc.hygiene if f.entity_type in self.entities]
        genre = None
        if self.genres is not None:
            genre = self.genres.detect(text, (s.column_header or "" for s in doc.segments[:_HEADER_SEGMENTS]))
        # nothing after the chunks drops or changes a finding (no allowlist, no genre rule) and every
        # hygiene finding is positionless: overlaps are resolved in each chunk, where it was scanned
        # (in the chunk workers), with the same outcome (a run of overlapping spans stays in its chunk)
        resolve = not self.allowlist and genre is None and all(f.start < 0 for f in hygiene)
        chunks = _chunks(text, CHUNK_CHARS)
        jobs = self._chunk_jobs(len(chunks))
        if jobs > 1:
            listener = CHUNK_FINDINGS.get() if resolve else None  # resolve: these findings are the result's
            for rows in _scan_chunks_forked(self, doc, segments, starts, chunks, context, jobs, resolve):
                n = len(findings)
                _add_findings(findings, rows, source, cache)
                if listener is not None:
                    listener(findings, n)
        else:
            for i in range(len(chunks)):
                _add_findings(findings, self._chunk_rows(doc, segments, starts, chunks, i, context, resolve),
                              source, cache)
        if self.genres is not None:
            doc.facts["genre"] = genre.to_dict() if genre is not None else None
        if resolve:
            return hygiene + findings  # == resolve_overlaps(hygiene + findings)
        if self.allowlist:
            findings = self.allowlist.filter_findings(findings, text)
        if self.genres is not None:
            findings = self.genres.apply(genre, findings, text)
        return resolve_overlaps(hygiene + findings)

    # -- internals ------------------------------------------------------------------------------
    def _chunk_jobs(self, n_chunks: int) -> int:
        """How many processes scan the chunks of one document: the cores this process may use, when
        the document has several chunks and this is a single-threaded main process (a batch, service
        or Dask worker already is one of several processes; forking a threaded process is unsafe), and
        not inside :func:`screening.memory.single_process`."""
        if n_chunks < _PARALLEL_CHUNKS or not forking_allowed():
            return 1
        jobs = self.scan_jobs
        if jobs is None:
            env = os.environ.get(SCAN_JOBS_ENV, "").strip()
            jobs = int(env) if env.isdigit() else _available_cores()
        jobs = min(jobs, n_chunks)
        if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            return 1
        if multiprocessing.parent_process() is not None or threading.active_count() > 1:
            return 1
        return jobs

    def _chunk_rows(self, doc: Document, segments: Sequence[Segment | CellSegment], starts: Sequence[int],
                    chunks: list[tuple[int, int]], i: int, context: list[str] | None,
                    resolve: bool = False) -> list[tuple[Any, ...]]:
        """The findings of chunk ``i`` as plain tuples (document offsets, no source): the same in
        this process and in a worker process (see :func:`_scan_chunks_forked`). Findings that join
        two records (cells) are dropped; with ``resolve``, overlaps are resolved too."""
        text = doc.text
        cstart, cend = chunks[i]
        norm = normalize(text[cstart:cend])
        i0 = max(0, bisect.bisect_right(starts, cstart) - 1) if starts else 0
        i1 = bisect.bisect_left(starts, cend) if starts else 0
        ctx = ScanContext(
            norm,
            segments[i0:i1],
            starts[i0:i1],
            base=cstart,
            facts=doc.facts,
            options=self.options,
            at_document_start=cstart == 0,
            at_document_end=cend == len(text),
        )
        cache: dict[Any, Any] = {}
        rows = _to_rows(self._analyze(norm.text, ctx, context), norm, cstart, cache)
        if len(doc.segments) > 1:
            rows = [row for row in rows if not _crosses_record(doc, row[1], row[2])]
        return resolve_overlap_rows(rows) if resolve else rows

    def _analyze(self, text: str, ctx: ScanContext, context: list[str] | None) -> list[RecognizerResult]:
        if not text.strip():
            return []
        entities = sorted(self.entities & self._supported)
        if not entities:
            return []
        results = self.analyzer.analyze(
            text=text,
            language=LANGUAGE,
            entities=entities,
            nlp_artifacts=ctx,
            context=context,
            return_decision_process=False,
        )
        extra: list[RecognizerResult] = []
        for rec in self.recognizers:
            if type(rec).document_pass is CnRecognizer.document_pass:
                continue
            if not self.entities.intersection(rec.supported_entities):
                continue
            extra.extend(rec.document_pass(text, results, ctx))
        if extra:
            extra = [r for r in extra if r.entity_type in self.entities and r.score > 0]
            results = results + extra
        return [r for r in results if r.score >= self.min_score and r.score > 0]

    def fingerprint(self, entity_type_name: str, value: str, role: str = "") -> str:
        """Keyed HMAC-SHA256 of the entity type and the folded value (never a plain hash)."""
        material = "\x1f".join((entity_type_name, fold(value).replace(" ", "").replace("\n", ""), role))
        inner = self._inner.copy()  # the keyed states are prepared once; copying them is cheap
        inner.update(material.encode("utf-8"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()[:24]

    def _with_fingerprint(self, f: Finding) -> Finding:
        if f.fingerprint:
            return f
        value = f.text or f.explanation
        fp = self.fingerprint(f.entity_type, value, str(f.attributes.get("role", "")))
        return Finding(**{**_fields(f), "fingerprint": fp})


_IPAD = bytes(x ^ 0x36 for x in range(256))
_OPAD = bytes(x ^ 0x5C for x in range(256))


def _hmac_sha256_states(key: bytes) -> tuple[Any, Any]:
    """The keyed inner and outer SHA-256 states of HMAC-SHA256 (RFC 2104, as :mod:`hmac` prepares
    them): ``HMAC(key, m) = outer(inner(m))``. Copying the two hash states costs half of what copying
    an ``hmac`` object (Python code around them) does: the fingerprint of each of half a million
    findings copies them (tests/test_fingerprint_hmac.py: the same digests as :func:`hmac.new`).

    >>> import hmac
    >>> inner, outer = _hmac_sha256_states(b"k")
    >>> inner.update(b"m"); outer.update(inner.digest())
    >>> outer.hexdigest() == hmac.new(b"k", b"m", hashlib.sha256).hexdigest()
    True
    """
    if len(key) > 64:  # the block size: longer keys are hashed first
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    return hashlib.sha256(key.translate(_IPAD)), hashlib.sha256(key.translate(_OPAD))


def _to_rows(results: Iterable[RecognizerResult], norm: Any, base: int, cache: dict[Any, Any]) -> list[tuple[Any, ...]]:
    """Results as the arguments of their :class:`ScannedFinding` (document offsets), without the
    source: small to pickle back from a worker (values shared by many findings -- scores,
    explanations, packed attributes and explanation items -- are built once per chunk, so pickled
    once)."""
    rows: list[tuple[Any, ...]] = []
    append, get, to_original, to_original_end = rows.append, cache.get, norm.to_original, norm.to_original_end
    name_key, severity_type, parse = RecognizerResult.RECOGNIZER_NAME_KEY, Severity, Severity.parse
    for r in results:
        meta = r.recognition_metadata or {}
        sev = meta.get(META_SEVERITY)
        severity = sev if type(sev) is severity_type else parse(sev) if sev is not None else \
            ENTITY_TYPES[r.entity_type].severity
        score = round(float(r.score), 4)
        score = cache.setdefault(score, score)  # type: ignore[call-overload]  # a few distinct floats
        reasons = tuple(meta.get(META_EXPLANATION) or ())
        explanation = get(reasons)
        if explanation is None:  # many findings share an explanation: build (and store) it once
            explanation = cache[reasons] = "；".join(dict.fromkeys(reasons))
        features = meta.get(META_FEATURES)
        if features:
            key = ("features", *features)
            items = get(key)
            if items is None:
                items = cache[key] = _interned(tuple([pack(f.to_dict()) for f in features]), cache, items=True)
        else:
            items = ()
        attributes = meta.get(META_ATTRIBUTES)
        append((r.entity_type, base + to_original(r.start), base + to_original_end(r.end), score, severity,
                meta.get(name_key, ""), explanation, _packed(attributes, cache) if attributes else (), items))
    return rows


def _add_findings(out: list[Finding], rows: Iterable[tuple[Any, ...]], source: ScanSource,
                  cache: dict[Any, Any]) -> None:
    """The findings (document offsets) of rows from :func:`_to_rows`, appended to ``out``;
    location, context and fingerprint are derived on use (see :mod:`screening.scanned`): half a
    million findings of a big sheet stay small. One loop: this runs in the parent for every finding
    of a big sheet while the chunk workers scan. The rows of one chunk already share their
    explanations, attributes and explanation items (built once per chunk, pickled once); ``cache``
    (one per scan) shares them across chunks too -- each distinct object of a chunk is looked up
    once (``seen``, by identity: the rows hold them alive)."""
    append, setdefault, new = out.append, cache.setdefault, ScannedFinding.packed
    seen: dict[int, Any] = {}
    for et, start, end, score, severity, recognizer, explanation, attributes, items in rows:
        if attributes:
            a = seen.get(id(attributes))
            if a is None:
                a = seen[id(attributes)] = _interned(attributes, cache)
            attributes = a
        if items:
            i = seen.get(id(items))
            if i is None:  # a tuple of the chunk's own (shared) packed items: each looked up once
                shared = []
                for item in items:
                    c = seen.get(id(item))
                    if c is None:
                        c = seen[id(item)] = _interned(item, cache)
                    shared.append(c)
                i = seen[id(items)] = tuple(shared)
            items = i
        append(new(et, start, end, setdefault(score, score), severity, recognizer, setdefault(explanation, explanation),
                   attributes, source, items))


def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


#: the state forked chunk workers scan (set in the parent just before the fork, never pickled)
_FORK_STATE: tuple[Any, ...] | None = None


def _fork_chunk(i: int) -> list[tuple[Any, ...]]:
    screener, doc, segments, starts, chunks, context, resolve = _FORK_STATE  # type: ignore[misc]
    return screener._chunk_rows(doc, segments, starts, chunks, i, context, resolve)  # type: ignore[no-any-return]


def _scan_chunks_forked(screener: Screener, doc: Document, segments: Sequence[Segment | CellSegment],
                        starts: Sequence[int], chunks: list[tuple[int, int]], context: list[str] | None,
                        jobs: int, resolve: bool = False) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of every chunk, in chunk order, scanned by ``jobs`` forked processes.

    The workers are forked after the document was read, so they share it (and the recognizers)
    with this process copy-on-write: only chunk numbers go to them and plain tuples come back.
    Each chunk is scanned exactly as in one process (its own :class:`ScanContext`), so the
    findings are identical whatever the number of processes. A worker that dies raises
    ``BrokenProcessPool`` -- never a partial result.
    """
    global _FORK_STATE
    from concurrent.futures import ProcessPoolExecutor

    _FORK_STATE = (screener, doc, segments, starts, chunks, context, resolve)
    trim_heap()  # the read's freed memory goes back to the system before the workers share this process's
    try:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=ctx) as pool:
            # a window of chunks in flight keeps memory bounded (results wait in order)
            pending = [pool.submit(_fork_chunk, i) for i in range(min(len(chunks), jobs * 3))]
            nxt = len(pending)
            while pending:
                rows = pending.pop(0).result()
                if nxt < len(chunks):
                    pending.append(pool.submit(_fork_chunk, nxt))
                    nxt += 1
                yield rows
    finally:
        _FORK_STATE = None


def _packed(attributes: dict[str, Any], cache: dict[Any, Any]) -> tuple[Any, ...]:
    """The attributes packed (:func:`screening.scanned.pack`), one shared tuple per distinct set of
    attributes in a chunk (findings never mutate them; a landline column of 100,000 rows then holds
    a few packed attributes, not 100,000 dicts)."""
    key: tuple[Any, ...] = (_PACKED, *attributes.items())
    for v in attributes.values():
        if type(v) is list:  # a person's cues: hash it as a tuple (checked: an exception costs more)
            key = (_PACKED, *[(k, tuple(v) if type(v) is list else v) for k, v in attributes.items()])
            break
    try:
        shared = cache.get(key)
    except TypeError:  # an unhashable value (a dict): a packed tuple of its own, its short strings shared
        return _interned(pack(attributes), cache)
    if shared is None:
        shared = cache[key] = _interned(pack(attributes), cache)
    return shared  # type: ignore[no-any-return]


_PACKED = object()  # marks the cache keys of packed attributes
_INTERNED = object()  # the cache key of the dict that shares equal strings, keys and packed values
_SHARED_STR = 32  # strings in packed values up to this length are shared (town names, dates, cues)


def _interned(packed: tuple[Any, ...], cache: dict[Any, Any], items: bool = False) -> tuple[Any, ...]:
    """A packed dict (``(keys, *values)``), or with ``items`` each packed item of a tuple of them,
    with its keys, its short strings and, when hashable, itself replaced by the equal objects already
    met in this cache's scan or chunk (added when new): equal values of findings of different chunks
    (unpickled separately) are then one object. Only which of equal objects holds a value changes
    (findings never change them; they give out fresh dicts)."""
    table = cache.get(_INTERNED)
    if table is None:
        table = cache[_INTERNED] = {}
    if not items:
        return _interned_one(packed, table)
    # each packed item is shared; the tuples of them are mostly distinct (a person's name is one)
    return tuple([_interned_one(p, table) for p in packed])


def _interned_one(packed: tuple[Any, ...], table: dict[Any, Any]) -> tuple[Any, ...]:
    if not packed:
        return packed
    out = [table.setdefault(("keys", packed[0]), packed[0])]
    for v in packed[1:]:
        if type(v) is str and len(v) <= _SHARED_STR:
            v = table.setdefault(v, v)
        out.append(v)
    shared = tuple(out)
    try:
        return table.setdefault(shared, shared)  # type: ignore[no-any-return]  # (keys, ...): no other key is
    except TypeError:  # holds a list or a dict: not shared (its strings are)
        return shared


#: Told of each chunk's findings in the process that scans, as soon as they are made while the
#: chunk workers scan the rest of the document: ``listener(findings, start)``, the document's findings
#: so far (a list the scan goes on appending to; never to be changed) and the index of the first new
#: one. Only when the scan's result will be these findings in this order after the reader's hygiene
#: findings (nothing after the chunks drops or changes one), and only with chunk workers: the work
#: a listener does then runs beside theirs. ``screening scan --format json`` encodes the findings
#: there (:class:`screening.reports.json_report.Prerender`) instead of after the scan.
CHUNK_FINDINGS: ContextVar[Callable[[list[Finding], int], None] | None] = ContextVar("chunk_findings", default=None)

_HEADER_SEGMENTS = 2_000  # the segments whose column headers count as genre evidence
_BIG_SEGMENTS = 20_000  # a document with this many segments (a big sheet) ...
_BIG_CHARS = 1_000_000  # ... or this many characters pauses the cyclic collector while it is scanned
_gc_lock = threading.Lock()
_gc_pausers = 0  # scans (in any thread) currently holding the collector paused


@contextmanager
def _collector_paused(doc: Document) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a big document is scanned.

    A 100,000-row sheet is a million segment objects, and its scan allocates half a million
    findings and millions of short-lived results: the collections those allocations trigger cost
    more than a third of the scan (16 of 53 s measured) and free nothing -- scanning creates no
    reference cycles. The read document is also frozen (``gc.freeze``) so the first collection
    after the scan does not walk it. Nested or concurrent scans are counted: the collector
    resumes when the last big scan ends, in the state it was in before.
    """
    global _gc_pausers
    if len(doc.segments) < _BIG_SEGMENTS and len(doc.text) < _BIG_CHARS:
        yield
        return
    with _gc_lock:
        if _gc_pausers == 0:
            _paused_state[0] = gc.isenabled()
            gc.freeze()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0:
                if _paused_state[0]:
                    gc.enable()
                gc.unfreeze()


_paused_state = [True]  # was the collector enabled when the first big scan paused it?


_RECORD_KINDS = frozenset({"table_cell", "residue"})


def _crosses_record(doc: Document, start: int, end: int) -> bool:
    """Does ``[start, end)`` join two different records (spreadsheet cells, table cells, residue
    values)? Recognizers accept a number broken over a line break (a paragraph wrapped by hand), and
    segments are joined with one; but adjacent cells of a 16,384-column row, or two attribute values
    of a theme, are never one number."""
    if end - start < 2 or doc.text.find(SEPARATOR, start, end - 1) < 0:
        return False  # two segments are joined by one separator: a span without one is in one segment
    i = doc.segment_index_at(start)
    j = doc.segment_index_at(end - 1)
    if i == j:
        return False
    a, b = doc.segments[i], doc.segments[j]
    if a.kind not in _RECORD_KINDS and b.kind not in _RECORD_KINDS:
        return False
    if a.kind == "table_cell" and b.kind == "table_cell" and not hasattr(a, "sheet"):
        la, lb = a.location, b.location
        keys = ("xml_part", "table", "row", "col", "nesting")
        return any(la.get(k) != lb.get(k) for k in keys)  # two paragraphs of one Word table cell may join
    return True


def _scannable_segments(doc: Document) -> tuple[Sequence[Segment | CellSegment], Sequence[int]]:
    """Segments recognizers may ask about, with their start offsets; a plain one-segment text
    needs none (recognizers then work from the text alone)."""
    if len(doc.segments) == 1:
        seg = doc.segments[0]
        if not (seg.column_header or seg.first_page_top or seg.kind != "text"):
            return [], []
    return doc.segments, doc.starts


def _chunks(text: str, size: int) -> list[tuple[int, int]]:
    """``(start, end)`` ranges of about ``size`` characters, cut after a line break when one is near."""
    if len(text) <= size * 1.5:
        return [(0, len(text))]
    out, pos, n = [], 0, len(text)
    while pos < n:
        end = min(n, pos + size)
        if end < n:
            cut = text.find("\n", end, min(n, end + size // 2))
            if cut < 0:
                cut = text.rfind("\n", pos + size // 2, end)
            end = cut + 1 if cut >= 0 else end
        out.append((pos, end))
        pos = end
    return out


def _fields(f: Finding) -> dict[str, Any]:
    return {k: getattr(f, k) for k in f.__dataclass_fields__}
