"""Cache entries on disk: a damaged entry (truncated, corrupt, from another version) is a miss — the file is
scanned again, never reported clean — and concurrent writers cannot leave a torn entry."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import time
from pathlib import Path

import pytest

from tests.identifier_helpers import make_id

VERSION = "test-version"


def _scan(paths, cache, screener):
    from screening.batch import ScreenerSpec, scan_results
    from screening.reports import render_json

    return render_json(scan_results(paths, ScreenerSpec(), cache=cache, screener=screener))


@pytest.fixture
def stored(tmp_path, screener):
    """A draft with findings, scanned once through the cache: (file, entry path, report, entry bytes)."""
    from screening.cache import ResultCache

    f = tmp_path / "公示.txt"
    f.write_text(f"经审核，李建国（身份证号{make_id()}，电话13912345678）符合条件。\n", encoding="utf-8")
    report = _scan([f], ResultCache(tmp_path / "c", VERSION), screener)
    assert json.loads(report)["documents"][0]["findings"]
    (entry,) = (tmp_path / "c").rglob("*.entry")
    return f, entry, report, entry.read_bytes()


def _damaged(good: bytes) -> list[tuple[str, bytes]]:
    head, _, body = good.partition(b"\n")
    header = json.loads(head)
    record = json.loads(body)
    clean = dict(record, findings=[], column_summary=[])
    clean_body = json.dumps(clean, ensure_ascii=False).encode()
    cases = [("empty", b""), ("header only", head), ("header and newline", head + b"\n"),
             ("no header", body), ("garbage", b"\x00\xff" * 50), ("not an object", b"[]\n[]"),
             # the old format: a bare record saying ok with no findings must not read as clean
             ("bare clean record", clean_body),
             # a body swapped for a clean one under the old header: length/sha256 disagree
             ("clean body, old header", head + b"\n" + clean_body),
             ("another version", json.dumps(dict(header, version="other")).encode() + b"\n" + body),
             ("another format", json.dumps(dict(header, format=1)).encode() + b"\n" + body),
             ("flipped digit", good.replace(b'"start":', b'"start":1', 1))]
    cuts = sorted({1, len(head) // 2, len(head) + 1, len(head) + len(body) // 3, len(good) - 2, len(good) - 1})
    cases += [(f"truncated at {n}", good[:n]) for n in cuts]
    # a body with a matching checksum but a record that is not a valid result
    for bad in ({"status": "ok"}, dict(record, findings="x"), dict(record, sha256="0" * 64),
                dict(record, status="error")):
        b = json.dumps(bad).encode()
        h = dict(header, length=len(b), record_sha256=hashlib.sha256(b).hexdigest())
        cases.append((f"bad record {sorted(bad)[:2]}", json.dumps(h).encode() + b"\n" + b))
    return cases


def test_a_damaged_entry_is_a_miss_and_is_rewritten(tmp_path, screener, stored):
    from screening.cache import ResultCache

    f, entry, report, good = stored
    for label, data in _damaged(good):
        entry.write_bytes(data)
        c = ResultCache(tmp_path / "c", VERSION)
        hit, digest = c.lookup(f)
        assert hit is None and digest, label
        again = ResultCache(tmp_path / "c", VERSION)
        assert _scan([f], again, screener) == report, label  # scanned again: the same findings, never clean
        assert again.hits == 0 and again.misses == 1, label
        assert entry.read_bytes() == good, label  # rewritten
    assert ResultCache(tmp_path / "c", VERSION).lookup(f)[0] is not None


def test_an_entry_that_is_a_directory_or_unreadable_is_a_miss(tmp_path, screener, stored):
    from screening.cache import ResultCache

    f, entry, report, good = stored
    entry.unlink()
    entry.mkdir()
    c = ResultCache(tmp_path / "c", VERSION)
    assert c.lookup(f)[0] is None
    assert _scan([f], c, screener) == report  # and the store's failure does not fail the scan
    entry.rmdir()


def test_errors_are_never_cached(tmp_path, screener):
    from screening.cache import ResultCache

    bad = tmp_path / "坏的.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    c = ResultCache(tmp_path / "c", VERSION)
    out = json.loads(_scan([bad], c, screener))
    assert out["documents"][0]["status"] == "error"
    assert not list((tmp_path / "c").rglob("*.entry"))


# -- concurrent writers --------------------------------------------------------------------------------------
def _record(digest: str, n: int, tag: str) -> dict:
    """A big ok record with ``n`` findings (about 400 bytes each)."""
    finding = {"entity_type": "PERSON", "start": 0, "end": 3, "text": "李建国", "score": 0.9, "severity": "high",
               "recognizer": "CnPersonRecognizer", "explanation": tag * 40, "context": "联系人：李建国" * 10}
    return {"path": "a.txt", "status": "ok", "error": None, "sha256": digest, "format": "text", "facts": {},
            "column_summary": [], "findings": [dict(finding, start=i, end=i + 3) for i in range(n)]}


def _writer(root: str, digest: str, n: int, tag: str, rounds: int, go) -> None:
    from screening.batch import result_from_record
    from screening.cache import ResultCache

    cache = ResultCache(root, VERSION)
    result = result_from_record(_record(digest, n, tag))
    go.wait()
    for _ in range(rounds):
        cache.store(digest, result)


def _key_reader(root: str, go, out) -> None:
    from screening.cache import cache_fingerprint_key

    go.wait()
    out.put(cache_fingerprint_key(root))


@pytest.mark.slow
def test_two_processes_writing_one_entry_never_leave_it_torn(tmp_path):
    """Two writer processes store different ~1 MB records for one key as fast as they can while this process
    reads: every read is a miss or one of the two whole records, never a mix or a truncated one."""
    from screening.cache import ResultCache

    digest = "ab" * 32
    sizes = {"A": 2500, "B": 700}
    ctx = multiprocessing.get_context("spawn")
    go = ctx.Event()
    writers = [ctx.Process(target=_writer, args=(str(tmp_path / "c"), digest, n, tag, 60, go))
               for tag, n in sizes.items()]
    for w in writers:
        w.start()
    reader = ResultCache(tmp_path / "c", VERSION)
    seen: dict[str, int] = {}
    go.set()
    deadline = time.monotonic() + 300
    entry = reader._entry(digest)
    while any(w.is_alive() for w in writers) and time.monotonic() < deadline:
        try:
            raw = entry.read_bytes()
        except FileNotFoundError:
            raw = None
        if raw is not None:  # on disk, the entry is always whole (temp file + rename)
            head, _, body = raw.partition(b"\n")
            assert head and json.loads(head)["length"] == len(body), "a torn entry on disk"
        result = reader._read(digest, "a.txt")
        if result is None:
            seen["miss"] = seen.get("miss", 0) + 1
            continue
        tags = {f.explanation[:1] for f in result.findings}
        assert len(tags) == 1, "a record mixed from two writers"
        (tag,) = tags
        assert len(result.findings) == sizes[tag], "a truncated record"
        seen[tag] = seen.get(tag, 0) + 1
    for w in writers:
        w.join(60)
        assert w.exitcode == 0
    assert seen.get("A", 0) + seen.get("B", 0) > 0, seen
    assert not [p for p in (tmp_path / "c").rglob(".tmp-*")], "temporary files left behind"
    final = reader._read(digest, "a.txt")
    assert final is not None and len(final.findings) in sizes.values()


@pytest.mark.slow
def test_runs_starting_at_once_agree_on_one_fingerprint_key(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    go, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_key_reader, args=(str(tmp_path / "c"), go, out)) for _ in range(4)]
    for p in procs:
        p.start()
    go.set()
    keys = {out.get(timeout=120) for _ in procs}
    for p in procs:
        p.join(60)
    assert len(keys) == 1 and len(next(iter(keys))) == 64
    assert (tmp_path / "c" / "fingerprint.key").read_bytes() == next(iter(keys))
    assert not [p for p in Path(tmp_path / "c").iterdir() if p.name.startswith(".tmp")]
