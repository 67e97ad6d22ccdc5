"""Built-in verification: re-read the output, re-scan it, and search every part of the file for
every original redacted value.

Three checks, each naming the place of a residue (never the value itself):

1. **re-read**: the output is read with the normal reader; a redacted value may occur in its
   text only as often as it occurs in the planned redacted text (where it can legitimately
   remain inside a kept value, e.g. 张伟 inside an official's 张伟华);
2. **re-scan**: any finding the policy would redact, other than our own replacement strings,
   and any hygiene item the writers are meant to remove (comments, tracked changes, metadata ...);
3. **every part**: each part of the file (zip members, PDF streams and strings, the raw file)
   decoded in several ways (:mod:`screening.redaction.parts`).

>>> v = Verification()
>>> v.ok
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick

from screening.errors import DocumentError
from screening.findings import Finding
from screening.redaction.parts import iter_parts
from screening.redaction.plan import DocumentPlan, squeeze
from screening.redaction.policy import Policy
from screening.redaction.search import ValueIndex, substrings_of_any

#: hygiene types the writers remove; finding one in the output is a failure
SANITISED_TYPES = {"TRACKED_CHANGES", "COMMENTS", "DOCUMENT_METADATA"}


@dataclass
class Residue:
    """Something that should be gone but is still in the output."""

    place: str
    check: str  # "re-read", "re-scan", "part"
    entity_type: str
    fingerprint: str = ""
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"place": self.place, "check": self.check, "entity_type": self.entity_type,
                "fingerprint": self.fingerprint, "detail": self.detail}

    def __str__(self) -> str:
        return f"{self.place}: {self.entity_type} {self.detail} ({self.check})".strip()


@dataclass
class Verification:
    residues: list[Residue] = field(default_factory=list)
    parts_checked: int = 0
    values_checked: int = 0
    rescan_findings: int = 0
    notes: list[str] = field(default_factory=list)
    #: re-scan findings the policy removes (not serialised: they hold values); a second pass uses them
    leaks: list[Finding] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.residues

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "residues": [r.to_dict() for r in self.residues],
                "parts_checked": self.parts_checked, "values_checked": self.values_checked,
                "rescan_findings": self.rescan_findings, "notes": list(self.notes)}


def verify_output(
    path: str | Path,
    fmt: str,
    plan: DocumentPlan,
    policy: Policy,
    screener: Any,
    *,
    sanitised: set[str] | None = None,
) -> Verification:
    """Run the three checks on a written output (usually the temp file before it is renamed)."""
    v = Verification()
    values, allowed, outputs, index = _expectations(plan)
    v.values_checked = len(values)
    # 3 runs in a forked process meanwhile when the output is big (it reads only the file)
    parts = _PartsCheck(path, fmt, values, allowed)
    try:
        # 1 + 2: re-read and re-scan with the normal reader
        doc = None
        try:
            from screening.documents import read_document

            doc = read_document(path)
        except DocumentError as exc:
            v.residues.append(Residue("output", "re-read", "-", detail=f"unreadable: {exc.message}"))
        if doc is not None:
            _check_document(doc, values, allowed, outputs, policy, screener, sanitised, v, index)
        del doc, index
    except BaseException:
        parts.cancel()
        raise
    found, v.parts_checked = parts.result()
    v.residues.extend(Residue(place, "part", et, fp, "original value found in this part") for place, et, fp in found)
    return v


def check_parts(path: str | Path, fmt: str, values: dict[str, tuple[str, str]], allowed: dict[str, int]
                ) -> tuple[list[tuple[str, str, str]], int]:
    """Check 3: every part of the file, decoded (values legitimately inside a kept value were
    counted at text level), searched for every value at once (one Aho-Corasick pass per view).
    ``([(place, entity type, fingerprint), ...], views checked)``, each value once per place.

    A view identical to the one before it of the same part (the entity-decoded markup of a part
    without any ``&``) is counted but not searched again: the same characters give the same hits.
    """
    automaton = ahocorasick.Automaton()
    for sv, meta in values.items():
        if not allowed[sv]:
            automaton.add_word(sv, (sv, *meta))
    searchable = len(automaton) > 0
    if searchable:
        automaton.make_automaton()
    found: list[tuple[str, str, str]] = []
    reported: set[tuple[str, str]] = set()
    checked = 0
    last: tuple[str, str] | None = None
    for place, view in iter_parts(path, fmt):
        checked += 1
        if not searchable:
            continue
        if last is not None and last[0] == place and last[1] == view:
            continue
        last = (place, view)
        for _end, (sv, et, fp) in automaton.iter(squeeze(view)):
            if (place, sv) not in reported:
                reported.add((place, sv))
                found.append((place, et, fp))
    return found, checked


#: outputs from this size (bytes) are searched part by part in a forked process while the output is
#: re-read and re-scanned here (the two use both cores); None: never. Off by default: on the 100,000-row
#: roster the child (its own automaton of the ~470k values, built while this process still holds the
#: re-read output) raised the peak PSS from ~1.05 GB to ~1.56 GB -- against the 800 MB target
PARALLEL_PARTS_BYTES: int | None = None


class _PartsCheck:
    """:func:`check_parts` in a forked process (a single-threaded main process, a big output), else
    here when :meth:`result` is asked. Fail closed: a child that dies, or whose answer does not
    arrive whole, is not trusted -- the check is then done again here."""

    def __init__(self, path: str | Path, fmt: str, values: dict[str, tuple[str, str]], allowed: dict[str, int]) -> None:
        self.args = (path, fmt, values, allowed)
        self.proc: Any = None
        self.conn: Any = None
        if PARALLEL_PARTS_BYTES is not None and _can_fork() and _size(path) >= PARALLEL_PARTS_BYTES:
            import multiprocessing

            ctx = multiprocessing.get_context("fork")
            recv, send = ctx.Pipe(duplex=False)
            try:
                self.proc = ctx.Process(target=_parts_child, args=(send, self.args), daemon=True)
                self.proc.start()
            except OSError:  # no process to be had: done here
                self.proc = None
                recv.close()
            else:
                self.conn = recv
            send.close()

    def result(self) -> tuple[list[tuple[str, str, str]], int]:
        if self.proc is not None:
            answer = None
            try:
                answer = self.conn.recv()
            except (EOFError, OSError):
                answer = None
            finally:
                self.conn.close()
                self.proc.join()
            if self.proc.exitcode == 0 and isinstance(answer, tuple) and len(answer) == 3 and answer[0] == "ok":
                return answer[1], answer[2]
        return check_parts(*self.args)


    def cancel(self) -> None:
        """Stop the child (the verification was abandoned)."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.join()
            self.conn.close()
            self.proc = None


def _parts_child(conn: Any, args: tuple[Any, ...]) -> None:
    try:
        found, checked = check_parts(*args)
        conn.send(("ok", found, checked))
    except BaseException as exc:  # noqa: BLE001 - anything: the parent does the check itself
        conn.send(("error", f"{type(exc).__name__}", 0))
    finally:
        conn.close()
        import os

        os._exit(0)  # no atexit handlers or finalizers of the parent's state in the child


def _can_fork() -> bool:
    import multiprocessing
    import threading

    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    return multiprocessing.parent_process() is None and threading.active_count() == 1


def _size(path: str | Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


def verify_text(redacted: str, plan: DocumentPlan, policy: Policy, screener: Any) -> Verification:
    """Checks 1 and 2 for :func:`screening.redaction.redact_text` (there is no file)."""
    from screening.documents.model import Document, Segment

    v = Verification()
    values, allowed, outputs, index = _expectations(plan)
    v.values_checked = len(values)
    doc = Document(path=None, format="text", segments=[Segment(redacted, {"part": "body"})])
    _check_document(doc, values, allowed, outputs, policy, screener, None, v, index)
    return v


def _expectations(plan: DocumentPlan) -> tuple[dict[str, tuple[str, str]], dict[str, int], set[str], ValueIndex]:
    expected = squeeze(plan.apply())
    outputs = {squeeze(r.replacement) for r in plan.replacements if squeeze(r.replacement)}
    # values the run decided to keep (an official everywhere, the penalised party everywhere)
    outputs |= {squeeze(f.text) for f in plan.kept if squeeze(f.text)}
    values: dict[str, tuple[str, str]] = {}
    for r in plan.replacements:
        sv = squeeze(r.original)
        if len(sv) >= 2:
            values.setdefault(sv, (r.entity_type, r.fingerprint))
    index = ValueIndex(values)  # built once: the re-read counts with the same automaton
    allowed = index.counts(expected)  # text.count(sv) for every value, one pass
    return values, allowed, outputs, index


def _check_document(doc: Any, values: dict[str, tuple[str, str]], allowed: dict[str, int], outputs: set[str],
                    policy: Policy, screener: Any, sanitised: set[str] | None, v: Verification,
                    index: ValueIndex | None = None) -> None:
    counts = (index or ValueIndex(values)).counts(squeeze(doc.text))  # counted as the expectations were
    for sv, (et, fp) in values.items():
        if counts[sv] > allowed[sv]:
            v.residues.append(Residue("text", "re-read", et, fp, "original value still in the text"))
    findings = screener.scan_document(doc)
    v.rescan_findings = len(findings)
    # which re-scan values read back inside one of our outputs: one pass over all of them
    removed = {squeeze(f.text) for f in findings if f.start >= 0 and policy.must_remove(f)}
    own = substrings_of_any(removed, sorted(outputs))
    for f in findings:
        _check_rescan(f, policy, own, sanitised or SANITISED_TYPES, v)


def _check_rescan(f: Finding, policy: Policy, own: set[str], sanitised: set[str], v: Verification) -> None:
    place = _place(f.location)
    if f.start < 0:
        if f.entity_type in sanitised:
            v.residues.append(Residue(place, "re-scan", f.entity_type, f.fingerprint, f.explanation[:80]))
        elif f.is_flagged:
            v.notes.append(f"{f.entity_type} at {place}: {f.explanation[:80]}")
        return
    if not policy.must_remove(f):
        return
    if squeeze(f.text) in own:  # (an empty value is in no output)
        return  # our own replacement (张某, 139****5678, [姓名]) or a value the run kept, read back
    v.residues.append(Residue(place, "re-scan", f.entity_type, f.fingerprint,
                              f"{f.severity.label} finding the policy removes"))
    v.leaks.append(f)


def _place(location: dict[str, Any]) -> str:
    if not location:
        return "text"
    keys = [k for k in ("part", "xml_part", "sheet", "cell", "page", "paragraph", "path", "line") if k in location]
    return ", ".join(f"{k}={location[k]}" for k in keys) or "text"
