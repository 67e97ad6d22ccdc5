"""The redaction pipeline: read → scan → plan (run-wide) → write a temp file → verify → rename.

Safety rules: an input is never overwritten and an output path equal to an input is refused;
the output is written to a temporary file in the target directory, verified there, and only then
moved into place with :func:`os.replace` (atomic); a failed verification leaves no output, and the
temp files of a run that was killed are removed by the next one (:mod:`screening.paths`). A FIFO,
device or unreadable input is that input's error; the batch goes on.
``dry_run`` reads and plans but writes nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from screening.documents import read_document, sniff_format
from screening.documents.model import Document
from screening.errors import DocumentError, RedactionError, ScreeningError
from screening.findings import SCHEMA_VERSION, Finding
from screening.memory import trim_heap
from screening.paths import atomic_write, clean_stale_temps, same_file, side_file_conflict, temp_file
from screening.redaction.plan import DocumentPlan, Override, PlanInput, Planner, log_location
from screening.redaction.policy import Policy, load_policy
from screening.redaction.report import RedactionReport
from screening.redaction.verify import verify_output, verify_text
from screening.redaction.writers import WriteResult, get_writer

PSEUDONYM_KEY_ENV = "SCREENING_PSEUDONYM_KEY"
MAX_PASSES = 3  # write + verify passes per output


def resolve_key(key: bytes | str | None) -> bytes | None:
    if key is None:
        key = os.environ.get(PSEUDONYM_KEY_ENV)
    if key is None or key == "":
        return None
    return key.encode("utf-8") if isinstance(key, str) else bytes(key)


def _screener(screener: Any) -> Any:
    if screener is not None:
        return screener
    from screening.engine import Screener

    return Screener()


def _prepare(policy: Any, key: bytes | str | None) -> tuple[Policy, bytes | None]:
    pol = load_policy(policy)
    k = resolve_key(key)
    if pol.uses_pseudonym and not k:
        raise RedactionError(f"policy {pol.name!r} uses the pseudonym operator: give a key (--key/--key-file "
                             f"or {PSEUDONYM_KEY_ENV}); pseudonyms are keyed HMACs, never plain hashes")
    return pol, k


def redact_text(text: str, policy: Any = None, screener: Any = None, *, key: bytes | str | None = None
                ) -> tuple[str, dict[str, Any]]:
    """Redact a string; return ``(redacted_text, log)``. Raises :class:`RedactionError` if the
    re-scan still finds something the policy removes.

    >>> out, log = redact_text("申请人身份证号：11010519491231002X")
    >>> out
    '申请人身份证号：110105********002X'
    >>> log["verification"]["ok"], log["changes"][0]["operator"]
    (True, 'mask')
    """
    pol, k = _prepare(policy, key)
    scr = _screener(screener)
    findings = scr.scan_text(text)
    planner = Planner(pol, k)
    plan = planner.plan([PlanInput("<text>", text, findings)])[0]
    for _ in range(MAX_PASSES):
        redacted = plan.apply()
        v = verify_text(redacted, plan, pol, scr)
        extended = None if v.ok else planner.extend(plan, v.leaks)
        if extended is None:
            break
        plan = extended
    log = {"policy": pol.name, "changes": _change_log(plan),
           "kept_flagged": _kept_flagged(plan), "verification": v.to_dict()}
    if not v.ok:
        raise RedactionError("verification failed: " + "; ".join(map(str, v.residues[:5])))
    return redacted, log


def _change_log(plan: DocumentPlan) -> list[dict[str, Any]]:
    """The log entry of every planned replacement (``r.to_log()``, built from the plan's columns)."""
    reps = plan.replacements
    return [reps.log_entry(i) for i in range(len(reps))]


def _kept_flagged(plan: DocumentPlan) -> list[dict[str, Any]]:
    """Flagged findings the policy keeps (officials are low; a secrecy marking is not)."""
    return [{"entity_type": f.entity_type, "severity": f.severity.label, "location": log_location(f.location),
             "fingerprint": f.fingerprint} for f in plan.kept if f.is_flagged]


def output_path_for(in_path: Path, out: str | os.PathLike[str], many: bool) -> Path:
    """``out`` is a file for one input, else (or when it is a directory, or ends with ``/``) the
    folder for all."""
    folder = many or Path(out).is_dir() or str(out).endswith(("/", os.sep))
    return Path(out) / in_path.name if folder else Path(out)


def output_pairs(args: Sequence[Path], out: str | os.PathLike[str],
                 errors: list[DocumentError] | None = None) -> list[tuple[Path, Path]]:
    """``(input, output)`` for the CLI's ``IN... --out DIR|FILE``: a directory argument is walked
    recursively (:func:`screening.documents.walk.iter_inputs`: hidden files skipped) and mirrored
    under ``out``; several inputs need ``out`` to be a directory.

    A file argument always becomes a pair (:func:`redact_files` reports it if it cannot be read). A
    problem found while walking a directory (an entry that is not a regular file, a broken link, a
    folder that cannot be listed) is appended to ``errors`` so the batch goes on; without an
    ``errors`` list it is raised (never silently skipped).
    """
    from screening.documents.walk import iter_inputs

    files: list[tuple[Path, Path]] = []
    out_root = Path(out).resolve()
    for arg in args:
        if _is_dir(arg):
            for child in iter_inputs([arg]):
                if isinstance(child, DocumentError):
                    if errors is None:
                        raise child
                    errors.append(child)
                    continue
                if child.is_symlink() or child.resolve().is_relative_to(out_root):
                    continue  # a link (its target is not mirrored), or earlier outputs inside the input folder
                files.append((child, child.relative_to(arg)))
        else:
            files.append((arg, Path(arg.name)))
    many = len(files) > 1 or any(_is_dir(a) for a in args)
    if not many and files:
        return [(files[0][0], output_path_for(files[0][0], out, False))]
    return [(src, Path(out) / rel) for src, rel in files]


def _is_dir(p: Path) -> bool:
    """``p.is_dir()``, False when even that cannot be asked (EACCES on a parent: the file's own error
    is reported when it is read)."""
    try:
        return p.is_dir()
    except OSError:
        return False


def _same(a: Path, b: Path) -> bool:
    return same_file(a, b)


def redact_files(
    pairs: Sequence[tuple[str | os.PathLike[str], str | os.PathLike[str]]],
    policy: Any = None,
    screener: Any = None,
    *,
    dry_run: bool = False,
    keep_originals: str | os.PathLike[str] | None = None,
    key: bytes | str | None = None,
    raise_on_failure: bool = False,
    override: Override | None = None,
    jobs: int = 1,
    progress: Any = None,
) -> list[RedactionReport]:
    """Redact several ``(input, output)`` pairs under one policy, consistently (the same value
    gets the same replacement in every output). Bad inputs get ``status="error"``; the rest go on.
    ``override``: per finding keep/redact/None (the reviewer's decisions, see
    :func:`screening.review.decisions_override`).

    ``jobs > 1`` reads and scans the inputs, then writes and verifies the outputs, in that many
    forked processes (the plan stays run-wide, made in this process between the two phases); the
    reports, logs and outputs are the same as with ``jobs=1``. A single-threaded main process only
    (else, and for one input, everything runs here; one big input then uses the engine's chunk
    workers). ``progress``: True draws a progress line per phase on stderr when it is a terminal.
    """
    pol, k = _prepare(policy, key)
    scr = _screener(screener)
    ins = [Path(i) for i, _ in pairs]
    _refuse_private_path(keep_originals, pairs, dry_run)
    conversions = ExitStack()  # converted copies of old formats (issue 16), removed at the end
    try:
        reports, todo = _start(pairs, pol.name, ins, conversions, dry_run)
        planner = Planner(pol, k, override)
        jobs_, plans = _scan_and_plan(scr, planner, todo, reports, _pool_size(jobs, len(todo)), progress)
        trim_heap()  # the findings, planned and dropped: their pages go back before the outputs are written
        want = keep_originals is not None
        if dry_run:
            originals = _dry_run(jobs_, plans, reports, want)
        else:
            originals = _write_all(jobs_, plans, reports, planner, scr, want, jobs, progress)
        del plans
        if keep_originals is not None and not dry_run:
            _write_private(Path(keep_originals), originals, ins)
    finally:
        conversions.close()
    if raise_on_failure:
        bad = [r for r in reports if not r.ok]
        if bad:
            err = RedactionError(bad[0].error or "redaction failed", path=bad[0].input)
            err.reports = reports  # type: ignore[attr-defined]
            raise err
    return reports


Todo = tuple[int, Path, Path, Path]  # (report index, file to read, input, output)
Job = tuple[int, Path, Path, str]  # (report index, file to read and write from, output, format)


def _start(pairs: Sequence[tuple[str | os.PathLike[str], str | os.PathLike[str]]], policy_name: str,
           ins: list[Path], conversions: ExitStack, dry_run: bool) -> tuple[list[RedactionReport], list[Todo]]:
    """A report per pair, and the pairs to read (an unconvertible input, or an output over an
    input, is its report's error already)."""
    reports: list[RedactionReport] = []
    todo: list[Todo] = []
    for i_path, o_path in pairs:
        src, dst = Path(i_path), Path(o_path)
        rep = RedactionReport(str(src), None if dry_run else str(dst), policy=policy_name)
        reports.append(rep)
        try:
            read_from, dst = _converted_input(src, dst, conversions, rep, dry_run)
        except DocumentError as exc:
            rep.status, rep.error = "error", str(exc)
            continue
        if any(_same(dst, other) for other in ins):
            rep.status, rep.error = "error", f"{dst}: refusing to write over an input file"
            continue
        todo.append((len(reports) - 1, read_from, src, dst))
    return reports, todo


def _scan_and_plan(scr: Any, planner: Planner, todo: list[Todo], reports: list[RedactionReport], workers: int,
                   progress: Any) -> tuple[list[Job], list[DocumentPlan]]:
    """Read and scan every input, then plan the run. The findings are released by the planner as it
    goes (a roster's half a million findings, ~120 MB, are not held through writing): nothing here
    keeps a reference to them once :meth:`Planner.plan` returns."""
    jobs_, inputs = _scanned_inputs(scr, todo, reports, workers, progress)
    with _collector_paused([i.text for i in inputs]):
        plans = planner.plan(inputs, release=True)
    return jobs_, plans


def _scanned_inputs(scr: Any, todo: list[Todo], reports: list[RedactionReport], workers: int,
                    progress: Any) -> tuple[list[Job], list[PlanInput]]:
    """The plan inputs of the inputs read and scanned (an unreadable one is its report's error)."""
    scanned = _run_phase(workers, len(todo), progress, "scan",
                         lambda i: _read_scan(scr, todo[i][1], todo[i][2], reports[todo[i][0]].format))
    jobs_: list[Job] = []
    inputs: list[PlanInput] = []
    for k, (idx, read_from, src, dst) in enumerate(todo):
        outcome, scanned[k] = scanned[k], None  # the plan input holds the findings, nothing else
        rep = reports[idx]
        if outcome[0] == "error":
            rep.status, rep.error = "error", outcome[1]
            continue
        _status, doc, findings, rep.format = outcome
        jobs_.append((idx, read_from, dst, rep.format))
        inputs.append(PlanInput(str(src), doc, findings))
    return jobs_, inputs


def _dry_run(jobs_: list[Job], plans: list[DocumentPlan], reports: list[RedactionReport], want_originals: bool
             ) -> list[dict[str, Any]]:
    """The reports of a dry run (the planned changes, nothing written); the originals when kept."""
    originals: list[dict[str, Any]] = []
    for (idx, _src, _dst, _fmt), plan in zip(jobs_, plans, strict=True):
        rep = reports[idx]
        rep.kept_flagged = _kept_flagged(plan)
        rep.status, rep.changes = "dry-run", _change_log(plan)
        if want_originals:
            originals.extend(_originals(Path(rep.input), plan))
    return originals


def _write_all(jobs_: list[Job], plans: list[DocumentPlan], reports: list[RedactionReport], planner: Planner,
               scr: Any, want_originals: bool, jobs: int, progress: Any) -> list[dict[str, Any]]:
    """Write and verify every planned output (the reports replaced by the written ones); the
    originals when kept."""

    def write_one(i: int) -> tuple[RedactionReport, list[dict[str, Any]]]:
        idx, src, dst, fmt = jobs_[i]
        return _write_one(reports[idx], src, dst, fmt, plans[i], planner, scr, want_originals)

    written = _run_phase(_pool_size(jobs, len(jobs_)), len(jobs_), progress, "write", write_one)
    originals: list[dict[str, Any]] = []
    for (idx, _src, _dst, _fmt), (rep, kept) in zip(jobs_, written, strict=True):
        reports[idx] = rep
        originals.extend(kept)
    return originals


def _read_scan(scr: Any, read_from: Path, src: Path, fmt: str | None) -> tuple[Any, ...]:
    """``("ok", document, findings, format)`` or ``("error", message)`` for one input."""
    try:
        doc = read_document(read_from)
        if read_from != src:
            _mark_converted(doc, src, fmt)
        fmt = _format_of(read_from, doc.format)
        findings: list[Finding] = scr.scan_document(doc)
    except Exception as exc:  # noqa: BLE001 - unreadable, out of memory, a parser's surprise: this file's error
        return ("error", _input_error(src, exc))
    return ("ok", doc, findings, fmt)


def _write_one(rep: RedactionReport, src: Path, dst: Path, fmt: str, plan: DocumentPlan, planner: Planner,
               scr: Any, want_originals: bool) -> tuple[RedactionReport, list[dict[str, Any]]]:
    """Write and verify one planned output; the report, and the originals when they are kept."""
    rep.kept_flagged = _kept_flagged(plan)
    notes = list(rep.notes)
    try:
        with _collector_paused([plan.document]):
            plan = _write_verified(src, dst, fmt, plan, planner, scr, rep)
    except ScreeningError as exc:
        rep.status = "failed" if rep.verification and not rep.verification.ok else "error"
        rep.error = str(exc)
    except OSError as exc:
        rep.status, rep.error = "error", f"{dst}: cannot write: {exc.strerror or exc}"
    except (MemoryError, RecursionError) as exc:
        rep.status, rep.error = "error", _input_error(src, exc)
    rep.notes[:0] = notes
    return rep, _originals(Path(rep.input), plan) if want_originals else []


def _pool_size(jobs: int, items: int) -> int:
    """Processes for a phase: 1 (this process) unless several items, several jobs, and forking is
    safe (a single-threaded main process on a system with fork)."""
    import multiprocessing
    import threading

    n = min(max(1, int(jobs)), items)
    if n <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if multiprocessing.parent_process() is not None or threading.active_count() > 1:
        return 1
    return n


#: the phase function forked workers call (set just before the fork, never pickled)
_PHASE: list[Any] = [None]


def _phase_item(i: int) -> Any:
    out = _PHASE[0](i)
    if isinstance(out, tuple) and out and isinstance(out[0], RedactionReport):
        rep = out[0]
        rep.changes = list(rep.changes)  # a lazy change log is sent as its entries
        if rep.verification is not None:
            rep.verification.leaks = []
    return out


def _run_phase(workers: int, n: int, progress: Any, label: str, fn: Any) -> list[Any]:
    """``[fn(0), ..., fn(n-1)]``, in order: here, or in ``workers`` forked processes (they inherit
    the run's documents, plans and screener; only the index goes out, the result comes back). An
    item whose result cannot be sent back, or whose worker died, is done again here -- the outcome
    is what ``jobs=1`` gives."""
    from screening.batch import Progress

    bar = Progress.for_stderr(n) if progress is True else None
    out: list[Any] = []
    try:
        if workers <= 1:
            for i in range(n):
                out.append(fn(i))
                if bar is not None:
                    bar.update(_count(out[-1]))
            return out
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        _PHASE[0] = fn
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                futures = [pool.submit(_phase_item, i) for i in range(n)]
                for i, fut in enumerate(futures):
                    try:
                        out.append(fut.result())
                    except Exception:  # noqa: BLE001 - not picklable, or the worker died: do it here
                        out.append(fn(i))
                    if bar is not None:
                        bar.update(_count(out[-1]))
        finally:
            _PHASE[0] = None
        return out
    finally:
        if bar is not None:
            bar.close()


def _count(outcome: Any) -> int:
    """Findings (scan phase) or changes (write phase) of one outcome, for the progress line."""
    if isinstance(outcome, tuple) and outcome:
        if outcome[0] == "ok" and len(outcome) > 2:
            return len(outcome[2])
        if isinstance(outcome[0], RedactionReport):
            return len(outcome[0].changes)
    return 0


def redact_file(
    in_path: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    policy: Any = None,
    screener: Any = None,
    dry_run: bool = False,
    keep_originals: str | os.PathLike[str] | None = None,
    *,
    key: bytes | str | None = None,
    override: Override | None = None,
) -> RedactionReport:
    """Redact one file into ``out_path`` (a file, or an existing directory). Raises
    :class:`RedactionError` naming the place when verification finds a residue (no output is
    left behind) and :class:`DocumentError` when the input cannot be read."""
    src = Path(in_path)
    dst = output_path_for(src, out_path, many=False)
    rep = redact_files([(src, dst)], policy, screener, dry_run=dry_run, keep_originals=keep_originals,
                       key=key, override=override)[0]
    if rep.status == "error" and rep.format is None and "refusing" not in (rep.error or ""):
        raise DocumentError(rep.error or "cannot read", path=str(src))
    if not rep.ok:
        err = RedactionError(rep.error or "redaction failed")
        err.report = rep  # type: ignore[attr-defined]
        raise err
    return rep


def _converted_input(src: Path, dst: Path, conversions: ExitStack, rep: RedactionReport, dry_run: bool
                     ) -> tuple[Path, Path]:
    """``(file to read and write from, output path)``: an old format (.doc .wps .xls .et .rtf .odt
    .ods) is converted by LibreOffice into a temporary .docx/.xlsx first, and its output gets that
    extension (:mod:`screening.documents.convert`); other files are themselves."""
    from screening.documents import convert

    try:
        with open(src, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return src, dst  # the reader names the problem
    ext = src.suffix.lower()
    fmt = sniff_format(head, ext)
    if fmt == "zip" and ext in (".odt", ".ods", ".ott", ".ots"):
        fmt = "odf"
    if fmt == "ole":
        head = convert.ole_head(src)
    target = convert.conversion_target(head, ext, fmt) if fmt in ("ole", "odf", "unknown") else None
    if target is None:
        return src, dst
    converted = conversions.enter_context(convert.converted_copy(src, target))
    dst = dst.with_suffix(f".{target}")
    if not dry_run:
        rep.output = str(dst)
    rep.notes.append(f"converted from {ext} to .{target} with LibreOffice: the redacted output is a .{target} "
                     f"file ({dst.name})")
    return converted, dst


def _mark_converted(doc: Document, src: Path, target: str | None) -> None:
    from screening.documents.convert import mark_converted

    doc.path = str(src)
    mark_converted(doc, src.suffix.lower(), doc.format if target is None else target)


def _collector_paused(docs: list[Any]) -> ExitStack:
    """The cyclic garbage collector paused while big documents are planned, written and verified,
    as during their scan (:func:`screening.engine._collector_paused`: a roster's hundred thousand
    replacements and cells trigger collections that walk millions of objects and free nothing)."""
    from screening.engine import _collector_paused as paused

    stack = ExitStack()
    for doc in docs:
        if isinstance(doc, Document):
            stack.enter_context(paused(doc))
    return stack


def _format_of(src: Path, reader_format: str) -> str:
    with open(src, "rb") as fh:
        head = fh.read(4096)
    fmt = sniff_format(head, src.suffix.lower())
    return fmt if fmt in ("docx", "xlsx", "pdf", "html", "text", "image") else reader_format


def _originals(src: Path, plan: DocumentPlan) -> list[dict[str, Any]]:
    return [{"input": str(src), "fingerprint": r.fingerprint, "entity_type": r.entity_type, "location": dict(r.location),
             "original": r.original, "replacement": r.replacement} for r in plan.replacements]


def _write_verified(src: Path, dst: Path, fmt: str, plan: DocumentPlan, planner: Planner, screener: Any,
                    rep: RedactionReport) -> DocumentPlan:
    """Write to a temp file, verify, rename. When the re-scan of the output finds something the
    input scan missed (a number whose context changed), the plan is extended and the input written
    again (at most :data:`MAX_PASSES` times); a residue after that fails, leaving no output.

    The temp file is named by :func:`screening.paths.temp_file` (prefix, host, process id): one a
    killed run left behind is removed by the next run (:func:`screening.paths.clean_stale_temps`).
    Content the re-scan of the output still cannot read (images, embedded objects, image-only
    pages: ``UNSCANNED_CONTENT``) is listed in ``rep.unscanned``: the output is written, but it is
    not cleared for publication (the CLI exits 1), like a kept secrecy mark."""
    writer = get_writer(fmt)
    policy = planner.policy
    dst.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(dst.parent)
    tmp = temp_file(dst.parent, suffix=dst.suffix)
    try:
        for attempt in range(1, MAX_PASSES + 1):
            try:
                result: WriteResult = writer(src, tmp, plan, policy)
            except (ScreeningError, OSError, MemoryError):
                raise
            except Exception as exc:  # noqa: BLE001 - a parser's surprise must not stop the batch
                raise RedactionError(f"the {fmt} writer failed ({type(exc).__name__}: {str(exc)[:200]})",
                                     path=str(src)) from None
            rep.changes, rep.sanitised = result.changes, result.sanitised
            rep.rasterised_pages, rep.notes = result.rasterised_pages, list(result.notes)
            del result
            trim_heap()  # the writer's tables (a roster's cell positions) go back before the verification
            recorder = _UnreadRecorder(screener)
            rep.verification = verify_output(tmp, fmt, plan, policy, recorder)
            rep.unscanned = recorder.places()
            rep.notes.extend(rep.verification.notes)
            if rep.verification.ok:
                break
            extended = planner.extend(plan, rep.verification.leaks) if attempt < MAX_PASSES else None
            if extended is None:
                places = "; ".join(map(str, rep.verification.residues[:5]))
                raise RedactionError(f"verification failed, no output written: {places}", path=str(src))
            plan = extended
        if attempt > 1:
            rep.notes.append(f"written {attempt} times: the re-scan of the output found values the first scan "
                             "missed; they were added to the plan")
        os.chmod(tmp, src.stat().st_mode & 0o777)  # mkstemp made it 0600; match the input
        os.replace(tmp, dst)
        return plan
    finally:
        if tmp.exists():
            tmp.unlink()


#: hygiene findings that mean "bytes nobody read" (an image, an embedded object, a page without text)
UNREAD_TYPES = frozenset({"UNSCANNED_CONTENT"})


class _UnreadRecorder:
    """The screener, passed to :func:`verify_output`, that also keeps the output's re-scan findings
    of :data:`UNREAD_TYPES` (the verification itself only notes them)."""

    def __init__(self, screener: Any) -> None:
        self._screener = screener
        self.unread: list[Finding] = []

    def scan_document(self, doc: Any, *args: Any, **kwargs: Any) -> list[Finding]:
        findings = self._screener.scan_document(doc, *args, **kwargs)
        self.unread.extend(f for f in findings if f.entity_type in UNREAD_TYPES)
        return findings

    def __getattr__(self, name: str) -> Any:
        return getattr(self._screener, name)

    def places(self) -> list[str]:
        out: list[str] = []
        for f in self.unread:
            loc = f.location or {}
            where = ", ".join(f"{k}={loc[k]}" for k in ("part", "xml_part", "sheet", "page") if k in loc) or "document"
            line = f"{where}: {f.explanation[:100]}" if f.explanation else where
            if line not in out:
                out.append(line)
        return out


def _input_error(src: Path, exc: BaseException) -> str:
    """One line naming the file and why it was not redacted."""
    if isinstance(exc, MemoryError):
        return f"{src}: out of memory while reading, scanning or writing this file (too large or hostile)"
    if isinstance(exc, RecursionError):
        return f"{src}: structure nested too deeply to read"
    if isinstance(exc, OSError):
        return f"{src}: cannot read: {exc.strerror or exc}"
    if isinstance(exc, ScreeningError):
        return str(exc)
    return f"{src}: internal error while reading or scanning ({type(exc).__name__}: {exc})"[:300]


def _refuse_private_path(keep_originals: str | os.PathLike[str] | None,
                         pairs: Sequence[tuple[str | os.PathLike[str], str | os.PathLike[str]]],
                         dry_run: bool) -> None:
    """Before anything is read or written: the originals file may be neither an input nor an output."""
    if keep_originals is None or dry_run:
        return
    why = side_file_conflict(keep_originals, [i for i, _ in pairs], [o for _, o in pairs])
    if why:
        raise RedactionError(f"--keep-originals {keep_originals}: {why}; refusing to write the original values there")


def _write_private(path: Path, originals: list[dict[str, Any]], inputs: list[Path]) -> None:
    """The originals file for the responsible unit: owner-only permissions (0600 from its first
    byte: a temp file made 0600, renamed into place), never an input."""
    if any(_same(path, i) for i in inputs):
        raise RedactionError(f"{path}: refusing to write the originals over an input file")
    data = json.dumps({"schema_version": SCHEMA_VERSION, "originals": originals}, ensure_ascii=False, indent=1)
    try:
        atomic_write(path, data.encode("utf-8"), mode=0o600)
    except OSError as exc:
        raise RedactionError(f"{path}: cannot write the originals file: {exc.strerror or exc}") from None
