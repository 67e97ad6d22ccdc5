"""The re-audit cache's key: the file's sha256 + the engine and its data + the options. A change in any of
them must be a miss (a stale hit would report yesterday's findings for today's engine or options)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from tests.identifier_helpers import make_id


@pytest.fixture(scope="module")
def engine_copy(tmp_path_factory):
    """A copy of the engine's packages (code and data) whose files a test may change."""
    from screening.cache import _PACKAGES, ENGINE_ROOT

    root = tmp_path_factory.mktemp("engine")
    for pkg in _PACKAGES:
        shutil.copytree(ENGINE_ROOT / pkg, root / pkg, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_the_data_files_the_engine_reads_are_inside_the_digested_packages():
    """If the cue table, the genre table or a word list moved outside screening/ or recognizers/, a change
    to it would no longer change the key."""
    from recognizers import cues
    from screening import genres, wordlists
    from screening.cache import _PACKAGES, ENGINE_ROOT

    data = [Path(cues.PATH), Path(genres.DEFAULT_PATH), wordlists.resolve_path("builtin:secrecy_terms"),
            ENGINE_ROOT / "recognizers" / "data" / "surnames.tsv"]
    for path in data:
        assert path.is_file(), path
        rel = path.resolve().relative_to(ENGINE_ROOT)
        assert rel.parts[0] in _PACKAGES, path


@pytest.mark.parametrize("rel", [
    "recognizers/data/cues.tsv",  # the cue table
    "screening/data/genres.yaml",  # the genres table
    "screening/data/wordlists/secrecy_terms.txt",  # a bundled word list
    "recognizers/data/surnames.tsv",  # recognizer data
    "recognizers/cn_resident_id.py",  # recognizer code
    "screening/engine.py",  # the engine
    "screening/policies/publication.yaml",  # a bundled policy
])
def test_a_change_to_any_engine_file_changes_the_code_digest(engine_copy, rel):
    from screening.cache import _code_digest

    before = _code_digest(engine_copy)
    path = engine_copy / rel
    original = path.read_bytes()
    try:
        path.write_bytes(original + b"\n# changed\n")
        assert _code_digest(engine_copy) != before
    finally:
        path.write_bytes(original)
    assert _code_digest(engine_copy) == before


def test_bytecode_does_not_change_the_code_digest(engine_copy):
    from screening.cache import _code_digest

    before = _code_digest(engine_copy)
    cache = engine_copy / "screening" / "__pycache__"
    cache.mkdir(exist_ok=True)
    (cache / "engine.cpython-311.pyc").write_bytes(b"\0" * 10)
    try:
        assert _code_digest(engine_copy) == before
    finally:
        shutil.rmtree(cache)


def _store_and_lookup(tmp_path, screener, version_a: str, version_b: str):
    """Store a scan under version ``a``; what a lookup under ``b`` answers."""
    from screening.batch import ScreenerSpec, scan_results
    from screening.cache import ResultCache

    f = tmp_path / "草稿.txt"
    f.write_text(f"联系人：李建国，身份证号：{make_id()}。\n", encoding="utf-8")
    cache_a = ResultCache(tmp_path / "c", version_a)
    (result,) = scan_results([f], ScreenerSpec(), cache=cache_a, screener=screener)
    assert result.status == "ok" and result.findings
    hit_a, _ = ResultCache(tmp_path / "c", version_a).lookup(f)
    assert hit_a is not None and hit_a.findings == result.findings
    hit_b, digest = ResultCache(tmp_path / "c", version_b).lookup(f)
    return hit_b, digest


def test_a_changed_engine_is_a_miss_end_to_end(tmp_path, screener, monkeypatch):
    from screening import cache

    v1 = cache.engine_version({"limits": {}})
    monkeypatch.setattr(cache, "_code_digest", lambda root=None: "another engine")
    v2 = cache.engine_version({"limits": {}})
    assert v1 != v2
    hit, digest = _store_and_lookup(tmp_path, screener, v1, v2)
    assert hit is None and digest


def _base():
    from screening.batch import ScreenerSpec

    return ScreenerSpec(fingerprint_key=b"k")


@pytest.mark.parametrize("change", [
    {"entities": ("CN_RESIDENT_ID",)},
    {"exclude_entities": ("PHONE_NUMBER",)},
    {"min_score": 0.5},
    {"fingerprint_key": b"another key"},
    {"genres": False},  # --no-genres
    {"wordlists": ("builtin:secrecy_terms",)},
])
def test_each_screener_option_is_part_of_the_key(change):
    from screening.cache import engine_version

    base = _base()
    assert engine_version({"limits": {}}, base) == engine_version({"limits": {}}, _base())
    assert engine_version({"limits": {}}, base) != engine_version({"limits": {}}, dataclasses.replace(base, **change))


@pytest.mark.parametrize("limit", [{"max_total_size": 10}, {"max_parts": 5}, {"max_part_size": 7}, {"max_pages": 3}])
def test_each_reader_limit_is_part_of_the_key(limit):
    from screening.cache import engine_version

    assert engine_version({"limits": {}}, _base()) != engine_version({"limits": limit}, _base())


@pytest.mark.parametrize("field", ["wordlists", "allowlists", "genres"])
def test_option_files_count_by_content_not_by_name(tmp_path, field):
    from screening.cache import engine_version

    path = tmp_path / ("g.yaml" if field == "genres" else "w.txt")
    path.write_text("甲项目\n", encoding="utf-8")
    value = str(path) if field == "genres" else (str(path),)
    spec = dataclasses.replace(_base(), **{field: value})
    v1 = engine_version({"limits": {}}, spec)
    assert v1 != engine_version({"limits": {}}, _base())
    path.write_text("乙项目\n", encoding="utf-8")  # same name, another content
    assert engine_version({"limits": {}}, spec) != v1


def test_ocr_on_or_off_is_part_of_the_key(monkeypatch):
    """Without OCR a scanned page is UNSCANNED_CONTENT; with it, its text is scanned: two results."""
    from screening.cache import engine_version
    from screening.documents import ocr

    monkeypatch.setattr(ocr, "available", lambda: True)
    on = engine_version({"limits": {}}, _base())
    monkeypatch.setattr(ocr, "available", lambda: False)
    assert engine_version({"limits": {}}, _base()) != on
    monkeypatch.undo()
    monkeypatch.setenv("SCREENING_OCR", "off")  # the real switch
    off = engine_version({"limits": {}}, _base())
    monkeypatch.setenv("SCREENING_OCR", "on")
    assert (engine_version({"limits": {}}, _base()) != off) == ocr.available()


def test_libreoffice_and_reader_library_versions_are_part_of_the_key(monkeypatch, tmp_path):
    import importlib.metadata

    from screening import cache

    base = cache.engine_version({"limits": {}}, _base())
    monkeypatch.setenv("SCREENING_SOFFICE", str(tmp_path / "no-soffice-here"))  # LibreOffice missing
    assert cache.engine_version({"limits": {}}, _base()) != base or cache._environment()["soffice"] is None
    monkeypatch.delenv("SCREENING_SOFFICE")
    real = importlib.metadata.version
    monkeypatch.setattr(cache.importlib.metadata, "version",
                        lambda d: "99.0" if d == "openpyxl" else real(d))
    assert cache.engine_version({"limits": {}}, _base()) != base


def test_a_changed_option_is_a_miss_through_open_cache(tmp_path, screener, monkeypatch):
    """The CLI's way in: open_cache(DIR, spec, limits). Another option set reads none of the entries."""
    from screening.batch import ScreenerSpec, scan_results
    from screening.cache import open_cache

    monkeypatch.setenv("SCREENING_FINGERPRINT_KEY", "test-key")  # the session screener's key
    f = tmp_path / "a.txt"
    f.write_text(f"身份证号：{make_id()}\n", encoding="utf-8")
    cache, spec = open_cache(tmp_path / "c", ScreenerSpec(), {})
    list(scan_results([f], spec, cache=cache, screener=screener))
    again, _ = open_cache(tmp_path / "c", ScreenerSpec(), {})
    assert again.lookup(f)[0] is not None
    for other, limits in ((ScreenerSpec(entities=("PHONE_NUMBER",)), {}), (ScreenerSpec(), {"max_pages": 2}),
                          (ScreenerSpec(genres=False), {})):
        c, _ = open_cache(tmp_path / "c", other, limits)
        assert c.lookup(f)[0] is None, (other, limits)
