"""Document genres (任前公示, 表彰名单, 信息公开答复 ...) and what each may lawfully publish.

The genres, their evidence words and their rules are data (``screening/data/genres.yaml``, the
sources in its comments and ``rule`` fields); this module only reads them, detects a document's
genre from its opening text and table headers, and applies the genre's ``persons`` rule to PERSON
findings. Nothing else changes: identifiers, addresses and health information are never made public
by a genre.

>>> table = default_genres()
>>> g = table.detect("关于王某某等同志任前公示的公告\\n现将拟任职人员予以公示：")
>>> g.id, g.name, g.persons
('pre_appointment', '任前公示', 'public')
>>> g.evidence[0]
'标题含“任前公示”'
>>> table.detect("关于做好汛期值班工作的通知\\n各乡镇人民政府：") is None
True
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from screening.errors import ScreeningError
from screening.findings import ENTITY_TYPES, Finding, Severity

DEFAULT_PATH = Path(__file__).with_name("data") / "genres.yaml"
PERSONS_RULES = ("public", "official", "policy", "private")
#: lines at the top of a document that count as its title area
TITLE_LINES = 8
#: characters of the opening text searched for body and header evidence
OPENING_CHARS = 4000
_KEYS = {"id", "name", "title", "headers", "docno", "body", "persons", "public", "never", "rule", "min_score"}
#: a 文号 (发文字号, GB/T 9704): the issuer's short name and kind, 〔year〕, the number, 号 --
#: ``某市监罚〔2025〕12号``, ``某政信复[2024]第3号``; its prefix is evidence of the genre
DOCNO = re.compile(r"(?P<prefix>[\u4e00-\u9fff]{1,12})\s*[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*第?\s*\d{1,6}\s*号")


class GenreError(ScreeningError):
    """A genre table that cannot be used (bad YAML, unknown key, unknown persons rule)."""


@dataclass(frozen=True)
class Genre:
    """One genre: its evidence words, its ``persons`` rule and the legal rule it rests on."""

    id: str
    name: str
    persons: str
    rule: str
    title: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    #: words of the 文号 prefix that say the genre (罚 in ``某市监罚〔2025〕12号``)
    docno: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    public: tuple[str, ...] = ()
    never: frozenset[str] = frozenset()
    min_score: int = 3
    #: why this document was taken for this genre (filled in by :meth:`GenreTable.detect`)
    evidence: tuple[str, ...] = ()
    score: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The ``genre`` object of a document in the findings contract."""
        return {"id": self.id, "name": self.name, "persons": self.persons, "rule": self.rule,
                "public": list(self.public), "evidence": list(self.evidence), "score": self.score}


@dataclass(frozen=True)
class GenreTable:
    genres: tuple[Genre, ...]
    never_public_roles: tuple[str, ...] = ()
    source: str = ""
    _title_lines: int = field(default=TITLE_LINES, repr=False)

    def detect(self, text: str, headers: Iterable[str] = ()) -> Genre | None:
        """The best-supported genre of a document (its text and its table column headers), or None."""
        opening = text[:OPENING_CHARS]
        lines = [ln.strip() for ln in opening.splitlines() if ln.strip()][: self._title_lines]
        title = "\n".join(lines)
        head_text = "\n".join(dict.fromkeys(h for h in headers if h))
        docnos = [(m.group(), m.group("prefix")) for m in DOCNO.finditer(opening[:1000])]
        best: Genre | None = None
        for g in self.genres:
            evidence: list[str] = []
            score = 0
            t_hits = [w for w in g.title if w in title]
            if t_hits:
                score += 3 + min(len(t_hits) - 1, 2)
                evidence += [f"标题含“{w}”" for w in t_hits]
            h_hits = [w for w in g.headers if w in head_text or _label_in(w, opening)]
            if h_hits:
                score += 2
                evidence += [f"表头/标签含“{w}”" for w in h_hits[:3]]
            d_hits = [(d, w) for d, prefix in docnos for w in g.docno if w in prefix]
            if d_hits:
                score += 2
                evidence.append(f"文号“{d_hits[0][0]}”含“{d_hits[0][1]}”")
            b_hits = [w for w in g.body if w in opening and w not in t_hits]
            score += min(len(b_hits), 2)
            evidence += [f"正文含“{w}”" for w in b_hits[:3]]
            if score >= g.min_score and (best is None or score > best.score):
                best = replace(g, evidence=tuple(evidence), score=score)
        return best

    def apply(self, genre: Genre | None, findings: Sequence[Finding], text: str) -> list[Finding]:
        """PERSON findings changed by ``genre``'s ``persons`` rule (``public``/``official``); any other
        finding, and any person with a private role word of their own, is returned unchanged."""
        if genre is None or genre.persons not in ("public", "official") or "PERSON" in genre.never:
            return list(findings)
        out: list[Finding] = []
        for f in findings:
            if f.entity_type != "PERSON" or f.attributes.get("role") == "official" or self._private(f, text):
                out.append(f)
                continue
            if genre.persons == "public":
                role, why = "public_by_rule", f"依规公开（{genre.name}）：{genre.rule}"
            else:
                role, why = "official", f"{genre.name}中依职责出现的人员（公职人员履职，低）"
            out.append(_changed(f, role, why, genre.id))
        return out

    def _private(self, f: Finding, text: str) -> bool:
        cues = " ".join(map(str, f.attributes.get("cues") or ()))
        if f.start >= 0:
            ls = max(text.rfind("\n", 0, f.start), text.rfind("。", 0, f.start)) + 1
            before = text[max(ls, f.start - 8) : f.start]
        else:
            before = ""
        return any(w in cues or w in before for w in self.never_public_roles)


def _label_in(word: str, text: str) -> bool:
    """``word`` used as a label (``项目负责人：``) in ``text``."""
    i = text.find(word)
    while i >= 0:
        nxt = text[i + len(word) : i + len(word) + 1]
        if nxt in (":", "：", "\t", "|", "｜", " ", "　"):
            return True
        i = text.find(word, i + 1)
    return False


#: the clauses of a PERSON explanation that state its role and severity (replaced by a genre's rule)
_VERDICTS = ("角色不明", "私人个人信息", "按私人处理")


def _changed(f: Finding, role: str, why: str, genre_id: str) -> Finding:
    from screening.scanned import ScannedFinding

    attributes = {**f.attributes, "role": role, "genre": genre_id}
    # the recognizer's own verdict (角色不明，按私人处理（高）) no longer holds: the genre's rule replaces it
    kept = [p for p in f.explanation.split("；") if p and not p.startswith(_VERDICTS)] if f.explanation else []
    explanation = "；".join([*kept, why])
    # the genre rule is one more named feature of the finding (it sets the role, not the score)
    items = (*f.explanation_items, {"feature": "genre_rule", "value": f"{genre_id}:{role}", "weight": 0.0})
    source = getattr(f, "_source", None)
    if isinstance(f, ScannedFinding) and source is not None:
        return ScannedFinding(f.entity_type, f.start, f.end, f.score, Severity.LOW, f.recognizer, explanation,
                              attributes, source, items)
    return replace(f, severity=Severity.LOW, explanation=explanation, attributes=attributes, fingerprint="",
                   explanation_items=items)


def load_genres(path: str | os.PathLike[str] | None = None) -> GenreTable:
    """The built-in genre table, with an office's own file (same shape) laid over it.

    >>> t = load_genres()
    >>> [g.id for g in t.genres][:3]
    ['pre_appointment', 'recruitment', 'candidates']
    """
    base = _read(DEFAULT_PATH)
    if path is None:
        return base
    extra = _read(Path(path))
    by_id = {g.id: g for g in base.genres}
    for g in extra.genres:
        by_id[g.id] = g
    roles = tuple(dict.fromkeys(base.never_public_roles + extra.never_public_roles))
    return GenreTable(tuple(by_id.values()), roles, source=f"{DEFAULT_PATH.name}+{Path(path).name}")


@lru_cache(maxsize=1)
def default_genres() -> GenreTable:
    return load_genres()


def _read(path: Path) -> GenreTable:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GenreError(f"cannot read genre table ({exc})"[:300], path=str(path)) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("genres", []), list):
        raise GenreError("a genre table is a mapping with a list `genres`", path=str(path))
    never_default = frozenset(_words(raw.get("never_default"), path, "never_default"))
    genres = []
    for i, g in enumerate(raw.get("genres") or []):
        where = f"genres[{i}]"
        if not isinstance(g, dict):
            raise GenreError(f"{where}: expected a mapping", path=str(path))
        unknown = set(g) - _KEYS
        if unknown:
            raise GenreError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}", path=str(path))
        for key in ("id", "name", "persons", "rule"):
            if not isinstance(g.get(key), str) or not g[key]:
                raise GenreError(f"{where}.{key}: required text", path=str(path))
        if g["persons"] not in PERSONS_RULES:
            raise GenreError(f"{where}.persons: {g['persons']!r} is not one of {', '.join(PERSONS_RULES)}",
                             path=str(path))
        never = frozenset(_words(g.get("never"), path, f"{where}.never")) | never_default
        bad = sorted(never - set(ENTITY_TYPES))
        if bad:
            raise GenreError(f"{where}.never: unknown entity type(s) {', '.join(bad)}", path=str(path))
        genres.append(Genre(
            id=g["id"], name=g["name"], persons=g["persons"], rule=g["rule"],
            title=tuple(_words(g.get("title"), path, f"{where}.title")),
            headers=tuple(_words(g.get("headers"), path, f"{where}.headers")),
            docno=tuple(_words(g.get("docno"), path, f"{where}.docno")),
            body=tuple(_words(g.get("body"), path, f"{where}.body")),
            public=tuple(_words(g.get("public"), path, f"{where}.public")),
            never=never, min_score=int(g.get("min_score", 3)),
        ))
    roles = tuple(_words(raw.get("never_public_roles"), path, "never_public_roles"))
    return GenreTable(tuple(genres), roles, source=path.name)


def _words(value: Any, path: Path, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise GenreError(f"{where}: expected a list of words", path=str(path))
    return [re.sub(r"\s+", "", w) for w in value]
