"""Issue 15 item 4: what a big redaction holds, phase by phase (the roster's redaction went from ~1,060
to ~600 MB). The findings are gone once the plan is made (a leak kept the last list alive through
writing and verifying), the plan keeps its replacements column-wise, the verification's expectations
are a list and two arrays, the glibc heap is trimmed between phases, and the output is re-read in
this process. The outputs and logs are those of the plain structures."""

from __future__ import annotations

import dataclasses
import gc
import pickle
import weakref
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from reader_fixtures import make_id

from screening import memory
from screening.documents import read_document
from screening.findings import Finding, Severity
from screening.redaction import load_policy, redact_files
from screening.redaction.plan import DocumentPlan, PlanInput, Planner, Replacement, _merge
from screening.redaction.replacements import ReplacementList
from screening.redaction.writers.changelog import ChangeLog
from screening.redaction.writers.slots import ValueSweep
from screening.redaction.writers.xlsx import PlannedCells

FIELDS = [f.name for f in dataclasses.fields(Finding)]


class Tracked(Finding):
    """A finding that can be watched with a weak reference (``Finding`` has slots without one)."""


def tracked(f: Finding) -> Tracked:
    return Tracked(*(getattr(f, n) for n in FIELDS))


class WatchingScreener:
    """The session's screener; the findings of its first scan are returned as watched copies."""

    def __init__(self, screener: Any) -> None:
        self._screener = screener
        self.refs: list[weakref.ref[Tracked]] = []

    def scan_document(self, doc: Any, **kwargs: Any) -> list[Finding]:
        found = self._screener.scan_document(doc, **kwargs)
        if self.refs:  # the verification's re-scan: as it is
            return found
        out = [tracked(f) for f in found]
        self.refs.extend(weakref.ref(f) for f in out)
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._screener, name)

    def alive(self) -> list[Tracked]:
        gc.collect()
        return [f for f in (r() for r in self.refs) if f is not None]


def _roster(path: Path, rows: int = 30) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["序号", "姓名", "身份证号", "联系电话"])
    for i in range(rows):
        ws.append([i + 1, "王" + "伟芳娜秀英"[i % 5] + "敏静丽"[i % 3], make_id(300 + i), f"139{i:08d}"])
    ws.append([rows + 1, "审核人：局长李建华", "", "0931-8123456"])
    wb.save(path)
    return path


# -- the findings are released once planned -------------------------------------------------------
def test_no_finding_outlives_the_plan_but_the_kept_ones(tmp_path: Path, screener, monkeypatch) -> None:
    from screening.redaction import run

    watching = WatchingScreener(screener)
    seen: dict[str, Any] = {}
    real = run._write_verified

    def write_verified(src: Path, dst: Path, fmt: str, plan: DocumentPlan, *args: Any) -> DocumentPlan:
        alive = watching.alive()
        seen["alive"], seen["kept"] = len(alive), {id(f) for f in plan.kept}
        seen["not_kept"] = [f for f in alive if id(f) not in seen["kept"]]
        return real(src, dst, fmt, plan, *args)

    monkeypatch.setattr(run, "_write_verified", write_verified)
    src = _roster(tmp_path / "in.xlsx")
    rep = redact_files([(src, tmp_path / "out.xlsx")], "publication", watching)[0]
    assert rep.ok and rep.verification.ok and len(rep.changes) >= 90
    assert len(watching.refs) > len(rep.changes) // 2  # the first scan was watched
    assert seen["not_kept"] == []  # only the findings the plan keeps are alive while writing
    assert seen["alive"] <= len(seen["kept"])
    seen.clear()  # (the kept ones go with the plan)
    assert watching.alive() == []


def test_plan_release_empties_the_inputs_and_frees_the_findings(screener) -> None:
    text = "申请人张伟，电话13912345678，身份证号11010519491231002X。张伟同意。"
    found = [tracked(f) for f in screener.scan_text(text)]
    refs = [weakref.ref(f) for f in found]
    item = PlanInput("a", text, found)
    del found
    plan = Planner(load_policy("publication")).plan([item], release=True)[0]
    assert item.findings == []
    gc.collect()
    alive = [f for f in (r() for r in refs) if f is not None]
    assert all(any(f is k for k in plan.kept) for f in alive)
    assert plan.apply() == "申请人张某，电话139****5678，身份证号110105********002X。张某同意。"


def test_plan_without_release_leaves_the_inputs(screener) -> None:
    text = "申请人张伟，电话13912345678。"
    item = PlanInput("a", text, screener.scan_text(text))
    n = len(item.findings)
    Planner(load_policy("publication")).plan([item])
    assert len(item.findings) == n and n >= 2


# -- the heap trim and single_process -----------------------------------------------------------------
def test_trim_heap_is_safe_with_or_without_glibc(monkeypatch) -> None:
    assert memory.trim_heap() in (True, False)
    monkeypatch.setattr(memory, "_MALLOC_TRIM", False)  # a C library without malloc_trim (musl, macOS)
    assert memory.trim_heap() is False
    import ctypes

    def no_libc(*_a: Any, **_k: Any) -> Any:
        raise OSError("no C library")

    monkeypatch.setattr(memory, "_MALLOC_TRIM", None)
    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    assert memory.trim_heap() is False  # looked up once, found missing: a no-op from then on
    assert memory._MALLOC_TRIM is False

    def failing(_pad: int) -> int:
        raise OSError("trim failed")

    monkeypatch.setattr(memory, "_MALLOC_TRIM", failing)
    assert memory.trim_heap() is False


def test_single_process_stops_the_forks_and_nests() -> None:
    from screening import Screener
    from screening.documents import xlsx

    s = Screener(fingerprint_key="k", scan_jobs=2)
    assert memory.forking_allowed()
    with memory.single_process():
        assert not memory.forking_allowed() and s._chunk_jobs(1000) == 1 and not xlsx._may_fork()
        with memory.single_process():
            assert not memory.forking_allowed()
        assert not memory.forking_allowed()
    assert memory.forking_allowed()


def test_the_verification_re_reads_in_this_process(tmp_path: Path, screener, monkeypatch) -> None:
    import screening.documents as documents

    real = documents.read_document
    calls: list[bool] = []

    def read(path: Any, *a: Any, **k: Any) -> Any:
        calls.append(memory.forking_allowed())
        return real(path, *a, **k)

    monkeypatch.setattr(documents, "read_document", read)
    src = _roster(tmp_path / "in.xlsx", 5)
    rep = redact_files([(src, tmp_path / "out.xlsx")], "publication", screener)[0]
    assert rep.ok and rep.verification.ok
    assert calls == [False]  # (the input is read by the run's own import; the output's re-read here)


# -- the column-wise plan -----------------------------------------------------------------------------
def test_a_scanned_plan_stores_nothing_per_replacement_aside(tmp_path: Path, screener) -> None:
    src = _roster(tmp_path / "in.xlsx")
    doc = read_document(src)
    plan = Planner(load_policy("publication")).plan([PlanInput(str(src), doc, screener.scan_document(doc))])[0]
    reps = plan.replacements
    assert isinstance(reps, ReplacementList) and len(reps) >= 90
    assert reps._aside == {}  # originals in the text, lazy locations, engine fingerprints: all in the columns
    first = reps[0]
    assert first.original == plan.text[first.start:first.end] and first.location["sheet"] == "名单"
    assert all(reps.log_entry(i) == r.to_log() for i, r in enumerate(reps))
    assert list(reps.edits()) == [(r.start, r.end, r.replacement) for r in reps]


def test_replacement_list_is_the_list_it_was_given() -> None:
    text = "张伟的电话是13912345678，李四的是13800001111。"
    items = [Replacement(0, 2, "张伟", "张某", "PERSON", "surname", {"part": "body"}, "ab" * 12),
             Replacement(6, 17, "13912345678", "139****5678", "PHONE_NUMBER", "mask", {}, "x", True),
             Replacement(18, 20, "王五", "王某", "PERSON", "surname")]  # an original not in the text: kept aside
    reps = ReplacementList(text, items)
    assert reps == items and list(reps) == items and reps[1:] == items[1:] and reps[-1] == items[-1]
    assert [r.location for r in reps] == [r.location for r in items]
    assert [r.propagated for r in reps] == [False, True, False]
    assert pickle.loads(pickle.dumps(reps)) == items
    assert reps.copy(locations=False)[0].location == {} and reps.copy() == items
    assert (reps + [items[0]])[-1] == items[0] and len(reps) == 3
    with pytest.raises(IndexError):
        reps[3]  # noqa: B018
    plan = DocumentPlan("a", text, items, [])
    assert isinstance(plan.replacements, ReplacementList) and plan.replacements == items


def ref_merge(text: str, reps: list[Replacement]) -> list[Replacement]:
    """The merge of replacement objects (the code the column-wise one replaced)."""
    out: list[Replacement] = []
    for r in sorted(reps, key=lambda r: (r.start, -(r.end - r.start))):
        if out and r.start < out[-1].end:
            prev = out[-1]
            if r.end <= prev.end:
                continue
            longer = prev if prev.end - prev.start >= r.end - r.start else r
            out[-1] = Replacement(prev.start, r.end, text[prev.start:r.end], longer.replacement, longer.entity_type,
                                  longer.operator, prev.location, longer.fingerprint, prev.propagated and r.propagated)
            continue
        out.append(r)
    return out


def test_merge_of_columns_is_the_merge_of_objects() -> None:
    import random

    rnd = random.Random(5)
    text = "0123456789" * 4
    for _ in range(300):
        items = []
        for _ in range(rnd.randrange(0, 8)):
            s = rnd.randrange(0, 30)
            e = s + rnd.randrange(1, 6)
            items.append(Replacement(s, e, text[s:e], rnd.choice("ABC"), rnd.choice("TU"), "label",
                                     {"k": s} if rnd.random() < 0.5 else {}, rnd.choice(["", "ab" * 12]),
                                     rnd.random() < 0.3))
        merged = _merge(text, items)
        want = ref_merge(text, items)
        assert merged == want and [r.location for r in merged] == [r.location for r in want]
        assert [r.propagated for r in merged] == [r.propagated for r in want]
    already = ReplacementList(text, [Replacement(0, 3, "012", "B", "T", "label"), Replacement(5, 6, "5", "C", "T", "label")])
    assert _merge(text, already) is already  # sorted without overlaps: the list itself


def test_change_log_keeps_planned_entries_as_numbers() -> None:
    text = "张伟和李四"
    reps = ReplacementList(text, [Replacement(0, 2, "张伟", "张某", "PERSON", "surname"),
                                  Replacement(3, 5, "李四", "李某", "PERSON", "surname")])
    log = ChangeLog(planned=reps)
    log.append_planned(1)
    log.append({"entity_type": "X", "operator": "sweep", "replacement": "y", "location": {}})
    log.append_planned(0)
    assert list(log) == [reps[1].to_log(), {"entity_type": "X", "operator": "sweep", "replacement": "y",
                                            "location": {}}, reps[0].to_log()]
    assert log._items == [log[1]]  # the planned ones are numbers
    copy = pickle.loads(pickle.dumps(log))
    assert list(copy) == list(log) and copy._planned is None
    with pytest.raises(ValueError):
        ChangeLog().append_planned(0)


def test_planned_cells_by_reference() -> None:
    cells = PlannedCells()
    cells.add("S", 3, 2, 5, 0, 2)
    cells.add("S", 2, 2, 4, 1, 3)
    cells.add("S", 3, 2, 6, 3, 4)
    cells.add_ref("S", "AA10", 7, 0, 1)
    cells.add_ref("S", "$B$2", 8, 0, 1)  # not the canonical form: found by its own string only
    cells.finish()
    sheet = cells.sheet("S")
    assert sheet.get("B3") == [(5, 0, 2), (6, 3, 4)] and sheet.get("B2") == [(4, 1, 3)]
    assert sheet.get("AA10") == [(7, 0, 1)] and sheet.get("$B$2") == [(8, 0, 1)]
    assert sheet.get("B02") is None and sheet.get("C3") is None and cells.sheet("T").get("B3") is None


def test_sweep_from_a_plan_finds_what_the_value_map_finds() -> None:
    text = "张伟华说张伟的电话13912345678"
    plan = DocumentPlan("a", text, [Replacement(4, 6, "张伟", "张某", "PERSON", "surname"),
                                    Replacement(9, 20, "13912345678", "[电话]", "PHONE_NUMBER", "label")],
                        [Finding("PERSON", 0, 3, "张伟华", 0.9, Severity.LOW, "r")])
    hits = {r.original: r for r in plan.replacements}
    old = ValueSweep(plan.value_map, hits)  # type: ignore[arg-type]  # replacements as their own hits
    new = ValueSweep.from_plan(plan)
    probe = "张伟华和张伟，电话 139 1234 5678"
    assert [(s, e, n, (h.entity_type, h.operator, h.replacement)) for s, e, n, h in new.find(probe)] == \
        [(s, e, n, (h.entity_type, h.operator, h.replacement)) for s, e, n, h in old.find(probe)]
    assert new.sub(probe)[0] == "张伟华和张某，电话 [电话]"


# -- the verification's expectations ---------------------------------------------------------------------
def test_expectations_are_a_list_and_arrays(tmp_path: Path, screener) -> None:
    from screening.redaction.verify import _expectations

    src = _roster(tmp_path / "in.xlsx")
    doc = read_document(src)
    plan = Planner(load_policy("publication")).plan([PlanInput(str(src), doc, screener.scan_document(doc))])[0]
    exp = _expectations(plan)
    assert len(exp.values) == len(exp.allowed) == len(exp.origin) == len(exp.index)
    assert all(type(v) is str for v in exp.values) and exp.index.values is exp.values
    reps = plan.replacements
    for k, sv in enumerate(exp.values):
        i = exp.origin[k]
        assert reps.original_of(i) == sv and exp.describe(k) == (reps[i].entity_type, reps[i].fingerprint)
        assert exp.allowed[k] == exp.text.count(sv)
    assert exp.outputs() >= {r.replacement for r in reps}


# -- the reader's texts, joined a batch at a time ---------------------------------------------------------
def test_segment_texts_read_back_while_they_are_joined(monkeypatch) -> None:
    from screening.documents import cells
    from screening.documents.model import Segment

    monkeypatch.setattr(cells, "PIECE", 3)
    segs = cells.SegmentList()
    texts = []
    for i in range(11):
        if i % 4 == 0:
            segs.append(Segment(f"段{i}", {"part": "body"}))
            texts.append(f"段{i}")
        else:
            segs.add_row("S", i, [(1, f"a{i}"), (2, "")], [0, 0])
            texts += [f"a{i}", ""]
        assert [s.text for s in segs] == texts  # (before finish: from the joined batches and the rest)
    text = segs.finish()
    assert text == "\n".join(texts) and [s.text for s in segs] == texts
    assert list(segs.starts) == [sum(len(t) + 1 for t in texts[:k]) for k in range(len(texts))]
