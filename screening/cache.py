"""A result cache for re-audits (读网检查): an unchanged file costs a hash and a lookup.

Key: sha256 of the file's bytes + the *engine version* (:func:`engine_version`): the package version,
every source and data file of ``screening`` and ``recognizers`` (the recognizers, ``cues.tsv``, the
genre table, the bundled word lists and policies), the versions of the reader libraries, whether OCR
and LibreOffice are there, the options (entities, ``--min-score``, word lists, allow lists and an
office's genre table by content, reader limits) and a keyed identifier of the fingerprint key — any
change to the engine, its environment or the options is a miss. (A redaction policy does not change
a scan's result: ``scan --format html --policy`` applies it to the cached result afresh.)

Value: the document's record (:func:`screening.batch.record_of`), i.e. its findings **with their
values**, as the JSON report holds them: the directory is created ``0700`` and entries ``0600``; keep
it where the reports are kept. An entry is a header line (format, engine version, the file's sha256,
the record's length and sha256) and the record; anything that does not check out — unreadable,
truncated, corrupt, another version — is a miss (scanned again and rewritten), never a result. Writes
are atomic (temp file + rename), so concurrent runs sharing a cache never see a torn entry. Results
with ``status="error"`` are never cached (an unreadable file is read again next time: fail closed).

>>> import tempfile
>>> c = ResultCache(tempfile.mkdtemp() + "/c", engine_version("x"))
>>> oct(c.root.stat().st_mode & 0o777)
'0o700'
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import importlib.metadata
import importlib.util
import json
import os
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from screening.batch import ScreenerSpec
    from screening.results import DocumentResult

_PACKAGES = ("screening", "recognizers")
_KEY_FILE = "fingerprint.key"
#: the entry layout; a change makes every older entry a miss
ENTRY_FORMAT = 2
#: distributions whose version can change what a scan reads or finds
_LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "pikepdf", "python-docx", "openpyxl", "lxml", "olefile",
              "presidio-analyzer", "spacy", "phonenumbers", "python-stdnum", "jieba", "pyahocorasick", "PyYAML",
              "rapidocr-onnxruntime", "onnxruntime", "Pillow")


#: the folder holding the engine's packages (their code and data files are part of every key)
ENGINE_ROOT = Path(__file__).resolve().parent.parent


def _code_digest(root: Path = ENGINE_ROOT) -> str:
    """sha256 over every .py and data file of the engine (about 2 MB: a few ms)."""
    h = hashlib.sha256()
    for pkg in _PACKAGES:
        base = root / pkg
        for p in sorted(base.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo"):
                h.update(str(p.relative_to(root)).encode("utf-8") + b"\0")
                h.update(p.read_bytes())
    return h.hexdigest()


def _file_digest(name: str) -> str:
    if name.startswith("builtin:"):
        return name  # a bundled list: its content is in the code digest
    try:
        return hashlib.sha256(Path(name).read_bytes()).hexdigest()
    except OSError:
        return f"unreadable:{name}"


def _environment() -> dict[str, Any]:
    """What outside the package changes a result: Python and Unicode data, reader libraries, OCR and
    LibreOffice (without them a scanned page or a .doc is UNSCANNED_CONTENT, with them it is read)."""
    from screening.documents import ocr
    from screening.documents.convert import find_soffice

    libs: dict[str, str | None] = {}
    for dist in _LIBRARIES:
        try:
            libs[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            libs[dist] = None
    soffice = find_soffice()
    try:
        soffice_id = f"{soffice}:{os.stat(soffice).st_mtime_ns}" if soffice else None
    except OSError:
        soffice_id = f"{soffice}:?"
    return {"python": list(sys.version_info[:2]), "unicode": unicodedata.unidata_version, "libraries": libs,
            "ocr": ocr.available(), "rapidocr": importlib.util.find_spec("rapidocr_onnxruntime") is not None,
            "soffice": soffice_id}


def _genres_id(genres: Any) -> Any:
    if genres is None or genres is True:
        return "builtin"  # the built-in table is in the code digest
    if genres is False:
        return "off"
    return {"file": _file_digest(str(genres))}


def engine_version(options: Any, spec: ScreenerSpec | None = None) -> str:
    """The version part of every key: engine code and data, its environment, options, word lists,
    genre table, fingerprint key (never the key itself).

    >>> engine_version({"limits": {}}) == engine_version({"limits": {"max_pages": 3}})
    False
    """
    from screening import __version__

    h = hashlib.sha256()
    h.update(f"gongkai-screening {__version__}\0{_code_digest()}\0".encode())
    h.update(json.dumps(_environment(), sort_keys=True).encode("utf-8") + b"\0")
    h.update(json.dumps(options, sort_keys=True, default=str).encode("utf-8"))
    if spec is not None:
        h.update(json.dumps({"min_score": spec.min_score, "entities": sorted(spec.entities),
                             "exclude": sorted(spec.exclude_entities),
                             "wordlists": [_file_digest(w) for w in spec.wordlists],
                             "allowlists": [_file_digest(a) for a in spec.allowlists],
                             "genres": _genres_id(spec.genres)}, sort_keys=True).encode("utf-8"))
        if spec.fingerprint_key is not None:  # fingerprints depend on it; never store the key itself
            h.update(hmac.new(spec.fingerprint_key, b"screening-cache-key-id", hashlib.sha256).digest())
    return h.hexdigest()


def open_cache(root: str | os.PathLike[str], spec: ScreenerSpec,
               limits: dict[str, int] | None = None) -> tuple[ResultCache, ScreenerSpec]:
    """The cache at ``root`` for a run with ``spec`` and reader ``limits``, and the spec to run with
    (its fingerprint key: ``SCREENING_FINGERPRINT_KEY``, else the cache's own, so fingerprints agree
    across re-audits). The one place the key of a run is made (the CLI and the bench use it).

    Raises ``OSError`` when the directory cannot be made or read.
    """
    from screening.engine import FINGERPRINT_KEY_ENV

    if spec.fingerprint_key is None and FINGERPRINT_KEY_ENV not in os.environ:
        spec = dataclasses.replace(spec, fingerprint_key=cache_fingerprint_key(root))
    spec = spec.for_run()
    return ResultCache(root, engine_version({"limits": dict(limits or {})}, spec)), spec


def cache_fingerprint_key(root: str | os.PathLike[str]) -> bytes:
    """The cache's own fingerprint key (``DIR/fingerprint.key``, 0600, created on first use), for runs
    without ``SCREENING_FINGERPRINT_KEY``: fingerprints then agree across runs sharing the cache.
    Two runs starting at once agree on one key (the first to create the file wins)."""
    root = Path(root)
    _private_dir(root)
    path = root / _KEY_FILE
    for _ in range(3):
        try:
            key = path.read_bytes()
            if len(key) >= 16:
                return key
            path.unlink()  # a short key is not one we wrote: replace it
        except FileNotFoundError:
            pass
        fd, tmp = tempfile.mkstemp(dir=root, prefix=".tmp-key-")  # 0600, complete before it has its name
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(os.urandom(32).hex().encode("ascii"))
            os.link(tmp, path)  # fails if another run made the key first: then read theirs
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    raise OSError(f"{path}: cannot create the cache's fingerprint key")


def _private_dir(root: Path) -> None:
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(root, 0o700)


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")  # 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class ResultCache:
    """Records keyed by (file sha256, engine version), one file each under ``root``."""

    def __init__(self, root: str | os.PathLike[str], version: str) -> None:
        self.root = Path(root)
        self.version = version
        self.hits = 0
        self.misses = 0
        _private_dir(self.root)

    def _entry(self, digest: str) -> Path:
        key = hashlib.sha256(f"{self.version}\0{digest}".encode("ascii")).hexdigest()
        return self.root / key[:2] / f"{key}.entry"

    def lookup(self, path: str | os.PathLike[str]) -> tuple[DocumentResult | None, str | None]:
        """``(result, sha256)``: the cached result of this file (None on a miss) and its digest (None
        when the file cannot be read: the scan reports that)."""
        from screening.results import sha256_file

        try:
            digest = sha256_file(path)
        except OSError:
            self.misses += 1
            return None, None
        result = self._read(digest, str(path))
        if result is None:
            self.misses += 1
        else:
            self.hits += 1
        return result, digest

    def _read(self, digest: str, path: str) -> DocumentResult | None:
        """The entry's result, or None unless every check passes (a damaged entry is never a result)."""
        from screening.batch import result_from_record

        try:
            data = self._entry(digest).read_bytes()
        except OSError:
            return None
        try:
            head, sep, body = data.partition(b"\n")
            header = json.loads(head)
            if (not sep or not isinstance(header, dict) or header.get("format") != ENTRY_FORMAT
                    or header.get("version") != self.version or header.get("sha256") != digest
                    or header.get("length") != len(body)
                    or header.get("record_sha256") != hashlib.sha256(body).hexdigest()):
                return None
            record = json.loads(body)
            if not isinstance(record, dict) or record.get("sha256") != digest or record.get("status") != "ok":
                return None
            return result_from_record(record, path=path)
        except Exception:  # noqa: BLE001 - whatever is wrong with an entry, it is a miss
            return None

    def store(self, digest: str, result: DocumentResult) -> None:
        """Keep an ``ok`` result of the file whose sha256 is ``digest`` (errors are never kept)."""
        from screening.batch import record_of

        if result.status != "ok" or result.sha256 != digest:
            return
        entry = self._entry(digest)
        body = json.dumps(record_of(result), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        header = json.dumps({"format": ENTRY_FORMAT, "version": self.version, "sha256": digest,
                             "length": len(body), "record_sha256": hashlib.sha256(body).hexdigest()})
        try:
            entry.parent.mkdir(mode=0o700, exist_ok=True)
            _atomic_write(entry, header.encode("ascii") + b"\n" + body)
        except OSError:  # a full disk must not fail the scan: the next run scans again
            pass
