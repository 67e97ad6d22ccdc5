"""Custom word lists (敏感词/涉密词/内部代号) and allowlists, loaded from txt, CSV or YAML files.

Formats (UTF-8, UTF-8 with BOM or GB18030):

- ``.txt``: one term per line; blank lines and lines starting with ``#`` are skipped. The
  category is the file name (``内部代号.txt`` → ``内部代号``), the severity ``medium``.
- ``.csv``: a header row with ``term`` (or 词条/词语/敏感词) and optional ``category`` (类别/分类)
  and ``severity`` (级别/严重程度: blocking/high/medium/low/info).
- ``.yaml``/``.yml``: a list of terms or of ``{term, category, severity}`` mappings, or a mapping
  ``{category: ..., severity: ..., terms: [...]}``.

``builtin:NAME`` names a list shipped in ``screening/data/wordlists/NAME.txt``. Every problem
raises :class:`~screening.errors.WordListError` naming the file and line. Terms are matched
case- and width-insensitively (:func:`term_key`) by :mod:`recognizers.custom_terms`.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "代号.txt"
>>> _ = p.write_text("# 内部项目代号\\n长风工程\\nＸＪ－７\\n", encoding="utf-8")
>>> [(t.term, t.key, t.category, t.severity.label) for t in load_wordlist(p)]
[('长风工程', '长风工程', '代号', 'medium'), ('ＸＪ－７', 'xj-7', '代号', 'medium')]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from screening.errors import WordListError
from screening.findings import Severity
from screening.normalize import fold

BUILTIN_DIR = Path(__file__).resolve().parent / "data" / "wordlists"
BUILTIN_PREFIX = "builtin:"
DEFAULT_SEVERITY = Severity.MEDIUM

_DROP_ZERO_WIDTH = str.maketrans(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad")))
_TERM_COLUMNS = ("term", "词条", "词语", "敏感词", "word")
_CATEGORY_COLUMNS = ("category", "类别", "分类")
_SEVERITY_COLUMNS = ("severity", "级别", "严重程度")


class Term(NamedTuple):
    """One word-list entry. ``key`` is the matching form (width-folded, lower-cased).

    A named tuple rather than a dataclass: 100,000 of them must load in well under a second."""

    term: str
    key: str
    category: str
    severity: Severity
    source: str  # "path:line"


def term_key(term: str) -> str:
    """The matching form of a term: full-width folded, zero-width dropped, lower-cased, trimmed.

    >>> term_key(" ＡＢＣ\\u200b项目 ")
    'abc项目'
    """
    return lower_same_length(fold(term).translate(_DROP_ZERO_WIDTH).strip())


def lower_same_length(text: str) -> str:
    """``text.lower()`` when that keeps every offset (almost always); otherwise per character,
    keeping characters whose lower case form is longer (``İ``) unchanged.

    >>> lower_same_length("İstanbul ABC")
    'İstanbul abc'
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def resolve_path(path: str | Path) -> Path:
    """A file path, or ``builtin:NAME`` for a shipped list.

    >>> resolve_path("builtin:secrecy_terms").name
    'secrecy_terms.txt'
    """
    s = str(path)
    if s.startswith(BUILTIN_PREFIX):
        name = s[len(BUILTIN_PREFIX) :]
        p = BUILTIN_DIR / (name if name.endswith(".txt") else f"{name}.txt")
        if not p.is_file():
            known = ", ".join(sorted(x.stem for x in BUILTIN_DIR.glob("*.txt")))
            raise WordListError(f"no built-in word list {name!r} (built-in: {known})", path=s)
        return p
    return Path(path)


def builtin_wordlists() -> list[str]:
    """Names of the shipped lists, usable as ``builtin:NAME``."""
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.txt"))


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WordListError(f"cannot read the word list: {exc.strerror or exc}", path=str(path)) from None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise WordListError("not UTF-8 or GB18030 text", path=str(path))


def _severity(value: Any, where: str, path: Path) -> Severity:
    if value is None or str(value).strip() == "":
        return DEFAULT_SEVERITY
    try:
        return Severity.parse(str(value))
    except ValueError as exc:
        raise WordListError(f"{where}: {exc}", path=str(path)) from None


def _term(raw: Any, category: Any, severity: Any, path: Path, line: int, default_category: str) -> Term:
    where = f"line {line}"
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        raise WordListError(f"{where}: a term must be text, got {type(raw).__name__}", path=str(path))
    term = str(raw).strip()
    key = term_key(term)
    if not key:
        raise WordListError(f"{where}: empty term", path=str(path))
    if "\n" in term or "\t" in term:
        raise WordListError(f"{where}: a term may not contain a tab or a line break", path=str(path))
    cat = str(category).strip() if category not in (None, "") else default_category
    return Term(term, key, cat, _severity(severity, where, path), f"{path}:{line}")


def _txt(text: str, path: Path, category: str) -> Iterator[Term]:
    source = str(path)
    keys = lower_same_length(fold(text).translate(_DROP_ZERO_WIDTH)).splitlines()
    lines = text.splitlines()
    if len(keys) != len(lines):  # a zero-width or folded line break changed the line count
        keys = [term_key(x) for x in lines]
    for i, (line, key) in enumerate(zip(lines, keys, strict=True), 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if "\t" in s:
            raise WordListError(
                f"line {i}: a tab in a .txt list (use a .csv with term,category,severity columns)", path=source
            )
        key = key.strip()
        if not key:
            raise WordListError(f"line {i}: empty term", path=source)
        yield Term(s, key, category, DEFAULT_SEVERITY, f"{source}:{i}")


def _pick(row: dict[str, Any], names: tuple[str, ...]) -> Any:
    for n in names:
        if n in row:
            return row[n]
    return None


def _csv(text: str, path: Path, category: str) -> Iterator[Term]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not any(h in _TERM_COLUMNS for h in header):
        raise WordListError(
            f"line 1: no 'term' column in the header (found: {', '.join(header) or 'nothing'})", path=str(path)
        )
    reader.fieldnames = header
    for row in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        yield _term(_pick(row, _TERM_COLUMNS) or "", _pick(row, _CATEGORY_COLUMNS), _pick(row, _SEVERITY_COLUMNS),
                    path, line, category)


def _yaml(text: str, path: Path, category: str) -> Iterator[Term]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise WordListError(f"{where}invalid YAML: {getattr(exc, 'problem', exc)}", path=str(path)) from None
    default_sev: Any = None
    items, nodes = data, getattr(root, "value", [])
    if isinstance(data, dict):
        unknown = set(data) - {"category", "severity", "terms"}
        if unknown or "terms" not in data:
            raise WordListError(
                "line 1: expected a list of terms or a mapping with 'terms' (and optional 'category', 'severity')",
                path=str(path),
            )
        category = str(data.get("category") or category)
        default_sev = data.get("severity")
        items = data["terms"]
        nodes = next((v.value for k, v in root.value if k.value == "terms"), [])
    if not isinstance(items, list):
        raise WordListError("line 1: 'terms' must be a list", path=str(path))
    for item, node in zip(items, nodes, strict=False):
        line = node.start_mark.line + 1
        if isinstance(item, dict):
            extra = set(item) - {"term", "category", "severity"}
            if extra or "term" not in item:
                raise WordListError(
                    f"line {line}: an entry needs 'term' (and optional 'category', 'severity'), got {sorted(item)}",
                    path=str(path),
                )
            yield _term(item["term"], item.get("category"), item.get("severity", default_sev), path, line, category)
        else:
            yield _term(item, None, default_sev, path, line, category)


def load_wordlist(path: str | Path) -> list[Term]:
    """Load one word list (see the module docstring); duplicates keep the most severe entry."""
    p = resolve_path(path)
    text = _read(p)
    suffix = p.suffix.lower()
    category = p.stem
    if suffix == ".csv":
        terms = list(_csv(text, p, category))
    elif suffix in (".yaml", ".yml"):
        terms = list(_yaml(text, p, category))
    elif suffix in (".txt", ".text", ".lst", ""):
        terms = list(_txt(text, p, category))
    else:
        raise WordListError(f"unknown word-list format {suffix!r} (use .txt, .csv or .yaml)", path=str(p))
    if not terms:
        raise WordListError("the word list has no terms", path=str(p))
    return dedupe(terms)


def dedupe(terms: Iterable[Term]) -> list[Term]:
    """One entry per key; the most severe wins, then the first."""
    best: dict[str, Term] = {}
    for t in terms:
        old = best.get(t.key)
        if old is None or t.severity > old.severity:
            best[t.key] = t
    return list(best.values())


def load_wordlists(paths: Iterable[str | Path]) -> list[Term]:
    """Load and merge several lists."""
    return dedupe(t for p in paths for t in load_wordlist(p))


def load_allowlist(paths: Iterable[str | Path]) -> frozenset[str]:
    """Matching keys of the terms never to flag (any format above; categories are ignored)."""
    return frozenset(t.key for t in load_wordlists(paths))


def load_wordlist_recognizer(paths: Iterable[str | Path], allowlist_paths: Iterable[str | Path] = ()) -> Any:
    """A :class:`recognizers.custom_terms.CustomTermRecognizer` for ``Screener(extra_recognizers=[...])``."""
    from recognizers.custom_terms import load_wordlist_recognizer as _load

    return _load(paths, allowlist_paths)
