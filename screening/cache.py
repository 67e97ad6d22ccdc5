"""A result cache for re-audits (读网检查): an unchanged file costs a hash and a lookup.

Key: sha256 of the file's bytes + the *engine version* (the package version, every source and data
file of ``screening`` and ``recognizers``, the word lists and allow lists by content, the options
and reader limits, and a keyed identifier of the fingerprint key) — any change to the engine or the
options is a miss. Value: the document's record (:func:`screening.batch.record_of`), i.e. its
findings **with their values**, as the JSON report holds them: the directory is created ``0700``
and entries ``0600``; keep it where the reports are kept. Writes are atomic (temp file + rename);
an unreadable or corrupt entry is a miss and is rewritten. Results with ``status="error"`` are
never cached (an unreadable file is read again next time: fail closed).

>>> import tempfile
>>> c = ResultCache(tempfile.mkdtemp() + "/c", engine_version("x"))
>>> oct(c.root.stat().st_mode & 0o777)
'0o700'
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from screening.batch import ScreenerSpec
    from screening.results import DocumentResult

_PACKAGES = ("screening", "recognizers")
_KEY_FILE = "fingerprint.key"


def _code_digest() -> str:
    """sha256 over every .py and data file of the engine (about 2 MB: a few ms)."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for pkg in _PACKAGES:
        base = root / pkg
        for p in sorted(base.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo"):
                h.update(str(p.relative_to(root)).encode("utf-8") + b"\0")
                h.update(p.read_bytes())
    return h.hexdigest()


def _file_digest(name: str) -> str:
    if name.startswith("builtin:"):
        return name
    try:
        return hashlib.sha256(Path(name).read_bytes()).hexdigest()
    except OSError:
        return f"unreadable:{name}"


def engine_version(options: Any, spec: ScreenerSpec | None = None) -> str:
    """The version part of every key: engine code and data, options, word lists, fingerprint key."""
    from screening import __version__

    h = hashlib.sha256()
    h.update(f"gongkai-screening {__version__}\0{_code_digest()}\0".encode())
    h.update(json.dumps(options, sort_keys=True, default=str).encode("utf-8"))
    if spec is not None:
        h.update(json.dumps({"min_score": spec.min_score, "entities": sorted(spec.entities),
                             "exclude": sorted(spec.exclude_entities),
                             "wordlists": [_file_digest(w) for w in spec.wordlists],
                             "allowlists": [_file_digest(a) for a in spec.allowlists]}).encode("utf-8"))
        if spec.fingerprint_key is not None:  # fingerprints depend on it; never store the key itself
            h.update(hmac.new(spec.fingerprint_key, b"screening-cache-key-id", hashlib.sha256).digest())
    return h.hexdigest()


def cache_fingerprint_key(root: str | os.PathLike[str]) -> bytes:
    """The cache's own fingerprint key (``DIR/fingerprint.key``, 0600, created on first use), for runs
    without ``SCREENING_FINGERPRINT_KEY``: fingerprints then agree across runs sharing the cache."""
    root = Path(root)
    _private_dir(root)
    path = root / _KEY_FILE
    try:
        key = path.read_bytes()
        if len(key) >= 16:
            return key
    except OSError:
        pass
    key = os.urandom(32).hex().encode("ascii")
    _atomic_write(path, key)
    return key


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
    """Records keyed by (file sha256, engine version), one JSON file each under ``root``."""

    def __init__(self, root: str | os.PathLike[str], version: str) -> None:
        self.root = Path(root)
        self.version = version
        self.hits = 0
        self.misses = 0
        _private_dir(self.root)

    def _entry(self, digest: str) -> Path:
        key = hashlib.sha256(f"{self.version}\0{digest}".encode("ascii")).hexdigest()
        return self.root / key[:2] / f"{key}.json"

    def lookup(self, path: str | os.PathLike[str]) -> tuple[DocumentResult | None, str | None]:
        """``(result, sha256)``: the cached result of this file (None on a miss) and its digest (None
        when the file cannot be read: the scan reports that)."""
        from screening.batch import result_from_record
        from screening.results import sha256_file

        try:
            digest = sha256_file(path)
        except OSError:
            self.misses += 1
            return None, None
        try:
            record = json.loads(self._entry(digest).read_bytes())
            if record.get("sha256") != digest or record.get("status") != "ok":
                raise ValueError("stale entry")
            result = result_from_record(record, path=str(path))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.misses += 1
            return None, digest
        self.hits += 1
        return result, digest

    def store(self, digest: str, result: DocumentResult) -> None:
        """Keep an ``ok`` result of the file whose sha256 is ``digest`` (errors are never kept)."""
        from screening.batch import record_of

        if result.status != "ok" or result.sha256 != digest:
            return
        entry = self._entry(digest)
        entry.parent.mkdir(mode=0o700, exist_ok=True)
        data = json.dumps(record_of(result), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            _atomic_write(entry, data)
        except OSError:  # a full disk must not fail the scan: the next run scans again
            pass
