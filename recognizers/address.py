"""CN_ADDRESS (a detailed address that locates a person or household) and LOCATION (a place name).

A detailed address is a chain of parts: an optional division chain (甘肃省武威市凉州区, levels may be missing),
then a road + house number (东大街12号), perhaps with a compound, building, unit, room (丰泽小区9幢1单元1102室);
or a compound + building (梧桐岭社区8号楼2单元502室); or a village + group (兴盛村五组) or + house number
(杨庄村72号); or a relative form (同楼3单元201室). The chains are rows of ``recognizers/data/address_chains.tsv``,
what each part looks like rows of ``address_grammar.tsv``, the words ending a part rows of
``address_parts.tsv``, the label, lead and veto words cue rows (``cues.tsv``). A cell under an address column
header that ends in a house, group or room number is an address in any shape. Parsed levels go into
``attributes`` (province ... room) so redaction can keep an address down to 乡镇/街道. An organisation's address
(单位地址：, 办公地址：, 位于 ...) is LOW with the reason; a place name alone (武威市, 东大街) is ``LOCATION`` (INFO).

>>> from screening.scan_context import ScanContext
>>> t = "住址：甘肃省武威市凉州区东大街12号3单元201室。"
>>> found = CnAddressRecognizer().find(t, ScanContext.for_text(t))
>>> c = next(c for c in found if c.entity_type == "CN_ADDRESS")
>>> t[c.start:c.end], c.attributes["county"], c.attributes["room"]
('甘肃省武威市凉州区东大街12号3单元201室', '凉州区', '201室')
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from recognizers import cues
from recognizers.address_data import divisions, parts, rows
from recognizers.base import Candidate, CnRecognizer
from recognizers.scorer import Score
from screening.findings import Severity
from screening.scan_context import ScanContext

C = "\u4e00-\u9fff"
N = "0-9一二三四五六七八九十百零〇两"
#: the parts kept in ``attributes`` (named groups of their chain; admin is the division chain)
_PARTS = ("road", "number", "compound", "building", "unit", "room", "village", "hamlet", "group")
_DIVISION_ENDS = parts("upper_end", "county_end", "town_end")
_GRAMMAR = {name: pattern for name, pattern, _note in rows("address_grammar.tsv", "name\tpattern\tnote")}


def _words(kind: str, of_parts: bool = False) -> str:
    """A regex group of a cue kind's words, or of the words ending the address parts ``kind`` (a,b)."""
    return f"(?:{cues.alternation(parts(*kind.split(',')) if of_parts else cues.words(kind))})"


def _expand(pattern: str) -> str:
    """A grammar pattern with its placeholders filled in: {C}, {N}, {ends:part,...}, {cue:kind}, {row}.

    >>> _expand("[{N}]{1,3}{ends:building}")
    '[0-9一二三四五六七八九十百零〇两]{1,3}(?:号楼|幢|座|栋)'
    """

    def fill(m: re.Match[str]) -> str:
        key, _, arg = m.group(1).partition(":")
        if key in ("ends", "cue"):
            return _words(arg, of_parts=key == "ends")
        return {"C": C, "N": N}.get(key) or f"(?:{_expand(_GRAMMAR[m.group(1)])})"

    return re.sub(r"\{([A-Za-z][^{}]*)\}", fill, pattern)


def _chain(chain: str) -> re.Pattern[str]:
    """One regex for a chain of parts (``part?`` is optional), each kept part a named group.

    >>> _chain("building:unit unit:numbered room:unit?").fullmatch("9号楼1单元302室").group("room")
    '302室'
    """
    out = []
    for item in chain.split():
        name = item.split(":")[0].rstrip("?")
        body = _expand(_GRAMMAR[item.rstrip("?")])
        out.append(f"(?P<{name}>{body})" if name in ("admin", *_PARTS) else f"(?:{body})")
        out[-1] += "?" if item.endswith("?") else ""
    return re.compile("".join(out))


class _Kind(NamedTuple):
    """A row of ``recognizers/data/address_chains.tsv``."""

    needs: tuple[str, ...]  # one of these is in every anchor match: without one the kind is not searched
    anchor: re.Pattern[str]  # in every match of the chain: only the lines around anchors are searched
    chain: re.Pattern[str]
    name: str  # the part whose front running text is cut off (家住|团结社区11组), "" none
    structure: str


_KINDS = {
    kind: _Kind(tuple(needs.split()), re.compile(_expand(anchor)), _chain(chain), name.strip("-"), structure)
    for kind, needs, anchor, chain, name, structure in rows(
        "address_chains.tsv", "kind\tneeds\tanchor\tchain\tname\tstructure"
    )
}
_KIND_PARTS = {kind: tuple(p for p in _PARTS if p in k.chain.groupindex) for kind, k in _KINDS.items()}
_ADMIN_CHAIN = _chain("admin")
#: the rules of the grammar (its rows that are no variant of a part), by name
_RX = {name: re.compile(_expand(pattern)) for name, pattern in _GRAMMAR.items() if ":" not in name}
# A place name alone (a road, community or village without a number) is LOCATION. Each suffix opens with its
# first character and looks back over it and the two before (a pattern opening with literals skips ahead).
PLACE_END = re.compile(
    "(?:" + "|".join(f"{w[0]}(?<=[{C}]{{3}}){w[1:]}" for w in cues.words("place_suffix")) + ")"
    + f"(?!{_words('place_suffix_veto')})"
)
_NOT_PLACE = re.compile(_words("place_negative"))
_PERSONAL, _ORG_LABEL = cues.words("address_personal_label"), cues.words("address_org_label")
_ID_ON_LINE = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
_PERSON_ON_LINE = re.compile(_words("address_person_word"))  # makes an organisation label (地址：) a person's
_ADDRESS_HEADER = re.compile(_words("address_header"))
_PERSONAL_HEADER = re.compile(_words("address_personal_header"))  # 家庭住址: the cells are a person's
_ORG_HEADER = re.compile(_words("address_org_header"))  # 单位地址: the cells are an organisation's
#: LibreOffice's text export puts a space between Chinese and digits (东大街 88 号): no separator in an address
_CJK_DIGIT_SPACE = re.compile(rf" (?:(?<=[{C}] )(?=[0-9A-Za-z])|(?<=[0-9A-Za-z] )(?=[{C}]))")

HeaderAt = Callable[[int], "str | None"]
Owner = tuple[Severity | None, str, str, str]  # severity, reason, feature, value


def _near(
    pattern: re.Pattern[str], anchor: re.Pattern[str], text: str, back: int, anchors_in: str | None = None
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches end with an ``anchor`` match (searched in
    ``anchors_in``, default ``text``) and start at most ``back`` characters before it.

    >>> t = "东大街12号，西河沿甲215号"
    >>> [m.group() for m in _near(_RX["place_number"], _RX["digit_hao"], t, 10, _mask(t, [(0, 6)]))]
    ['西河沿甲215号']
    """
    last = 0
    for a in anchor.finditer(text if anchors_in is None else anchors_in):
        if a.end() > last:
            for m in pattern.finditer(text, max(last, a.start() - back), a.end() + 4):
                last = m.end()
                yield m


@functools.lru_cache(maxsize=4096)
def _village_ok(village: str, group: str) -> bool:
    """A village (community) and group that is an address, not a task group or running text.

    >>> _village_ok("团结社区", "11组"), _village_ok("团结社区", "网格组"), _village_ok("各村", "第2组")
    (True, False, False)
    """
    if _RX["bad_group"].search(group) or _RX["bad_village"].search(village):
        return False
    return not village.endswith(("社区", "居委会")) or bool(
        _RX["urban_village"].search(village) and _RX["numbered_group"].fullmatch(group)
    )


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the (sorted, non-overlapping) ``spans`` blanked out by NUL characters, same offsets.

    >>> _mask("住址：东大街12号。", [(3, 9)])
    '住址：\\x00\\x00\\x00\\x00\\x00\\x00。'
    """
    out, pos = [], 0
    for s, e in spans:
        out += [text[pos:s], "\0" * (e - s)]
        pos = e
    return "".join([*out, text[pos:]])


def _overlaps_any(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """``spans`` is sorted and non-overlapping."""
    i = bisect.bisect_left(spans, (s, s))
    return (i > 0 and spans[i - 1][1] > s) or (i < len(spans) and spans[i][0] < e)


@functools.lru_cache(maxsize=4096)
def _admin_start(admin: str) -> int:
    """Offset of the first known division in ``admin`` when the text before it is not a division unit
    (家庭住址为修水县... -> the chain starts at 修水县)."""
    hits = divisions().find(admin)
    if hits and hits[0][0] > 0 and not admin[: hits[0][0]].endswith(_DIVISION_ENDS):
        return hits[0][0]
    return 0


@functools.lru_cache(maxsize=4096)
def _levels(admin: str) -> tuple[tuple[tuple[str, str], ...], str | None, str | None]:
    """``(levels, "行政区划：…" or None, a leading unknown unit to cut or None)`` of a division chain; a unit not
    in the division table is keyed by its suffix (town, county) or as ``area``.

    >>> _levels("武威市凉州区东关街道")[:2]
    ((('city', '武威市'), ('county', '凉州区'), ('town', '东关街道')), '行政区划：武威市凉州区东关街道')
    >>> _levels("申请人现住")[2]
    '申请人现住'
    """
    out: dict[str, str] = {}
    pos = 0
    for s, e, name, level in divisions().find(admin):
        if s > pos and not admin[pos:s].endswith(_DIVISION_ENDS):
            name = admin[pos:e]  # 解放西路街道: the known tail 西路街道 belongs to a longer unknown name
        elif s > pos:
            out.setdefault("area", admin[pos:s])
        out.setdefault(level, name)
        pos = e
    if pos < len(admin):
        rest = admin[pos:]
        key = next((k for k in ("town", "county") if rest.endswith(parts(f"{k}_end"))), "area")
        out.setdefault(key, rest)
    known = [out[k] for k in ("province", "city", "county", "town") if k in out]
    region = "行政区划：" + "".join(known) if out.keys() & {"province", "city", "county"} else None
    return tuple(out.items()), region, None if known else out.get("area")


def _squeeze(text: str) -> tuple[str, Callable[[int], int]] | None:
    """``text`` without the spaces of :data:`_CJK_DIGIT_SPACE`, and the map of its offsets back to ``text``'s
    (None: no such space).

    >>> short, back = _squeeze("家住和平路 12 号")
    >>> short, back(short.index("12")), back(len(short) - 1) + 1
    ('家住和平路12号', 6, 10)
    """
    # where each dropped space's successor lands in the short text
    moved = [m.start() - i for i, m in enumerate(_CJK_DIGIT_SPACE.finditer(text))]
    if not moved:
        return None
    return _CJK_DIGIT_SPACE.sub("", text), lambda pos: pos + bisect.bisect_right(moved, pos)


class CnAddressRecognizer(CnRecognizer):
    """Detailed personal addresses (HIGH), organisation addresses (LOW), place names (LOCATION, INFO)."""

    ENABLED = True
    ENTITIES = ("CN_ADDRESS", "LOCATION")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        divisions()  # loaded with the screener, not in its first scan

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        """Addresses and place names, found on the text without the spaces LibreOffice puts between Chinese
        and digits (offsets mapped back)."""
        squeezed = _squeeze(text)
        if squeezed is None:
            return _find(text, ctx.column_header_at)
        short, back = squeezed
        out = _find(short, lambda p: ctx.column_header_at(back(p)))
        for c in out:
            c.start, c.end = back(c.start), back(c.end - 1) + 1
        return out


def _find(text: str, header_at: HeaderAt) -> list[Candidate]:
    """Detailed addresses (longest first), a town + village after a residence word, cells under an address
    header, then place names: each pass on the text outside the addresses found so far (a roster's address
    column is mostly covered: its town/community names need no LOCATION lookups)."""
    out = _addresses(text, header_at)
    taken = sorted([(c.start, c.end) for c in out])
    for more in (_home_villages, _cells):
        found = list(more(text, _mask(text, taken), header_at))
        out.extend(found)
        taken = sorted([*taken, *((c.start, c.end) for c in found)])
    out.extend(_places(text, _mask(text, taken), taken))
    return out


def _addresses(text: str, header_at: HeaderAt) -> list[Candidate]:
    """The chain matches as addresses, longest first, none overlapping another."""
    found = sorted(_matches(text), key=lambda f: (f[0] - f[1], f[0]))
    by_start = sorted(f[:2] for f in found)
    if all(a[1] <= b[0] for a, b in zip(by_start, by_start[1:], strict=False)):
        # no two matches overlap (a roster's address column): every one is looked at
        return [c for _s, _e, m, kind in found if (c := _candidate(text, m, kind, header_at)) is not None]
    out: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for s, e, m, kind in found:
        c = None if _overlaps_any(taken, s, e) else _candidate(text, m, kind, header_at)
        if c is not None:
            bisect.insort(taken, (c.start, c.end))
            out.append(c)
    return out


def _matches(text: str) -> Iterator[tuple[int, int, re.Match[str], str]]:
    """Every match of each kind's chain, searched only in the lines around that kind's anchors."""
    for kind, (needs, anchor, chain, _name, _structure) in _KINDS.items():
        if not any(w in text for w in needs):
            continue  # the anchor's fixed part is absent: skip a whole-text pass
        last = -1
        for a in anchor.finditer(text):
            a0, a1 = a.span()
            if a0 < last:
                continue
            le = text.find("\n", a1, a1 + 30)
            ws, last = max(text.rfind("\n", 0, a0) + 1, a0 - 45), min(len(text), a1 + 30) if le < 0 else le
            for m in chain.finditer(text, ws, last):
                if m.end() - m.start() >= 3:
                    yield m.start(), m.end(), m, kind


def _candidate(text: str, m: re.Match[str], kind: str, header_at: HeaderAt) -> Candidate | None:
    """A chain match as an address: running text cut off its front, its parts, whose it is (None: none)."""
    groups = m.groupdict()  # unmatched groups are None, an empty division chain is ""
    if _vetoed(kind, groups):
        return None
    s, admin = _start(text, m, kind, groups)
    levels, region, area = _levels(admin)
    attrs: dict[str, object] = dict(levels)
    if area is not None:  # an unknown leading unit is probably running text (申请人现住...): drop it
        del attrs["area"]
        s += len(area) if text.startswith(area, s) else 0
    for key in _KIND_PARTS[kind]:
        if groups[key] and m.end(key) > s:  # without running text cut off the front (家住|和平社区)
            attrs[key] = groups[key] if m.start(key) >= s else text[s : m.end(key)]
    if m.end() - s < 4 and kind != "relative":
        return None
    attrs["kind"] = kind
    score = Score().add("structure", kind, 0.85)
    if region:
        score.add("division", region.split("：", 1)[1], 0.0)
    owner = _kind_owner(text, m, kind, _owner(text, s, m.end(), header_at(s)))
    if kind in _CONTEXT_KINDS and owner[2] != "personal_label" and not text[:s].rstrip(" ").endswith(("|", "\t", "\n", "。", ";", "；")):
        return None  # 2单元101室 opens a row of a household table or follows 租住在; 会议在3单元2室 is no one's home
    return _address(s, m.end(), f"地址结构：{_KINDS[kind].structure}", region, attrs, score, owner)


#: kinds whose building is named elsewhere (a unit's room, a floor's room): an address only in a table cell or
#: after a residence word
_CONTEXT_KINDS = frozenset({"unit_room", "floor_room"})


def _kind_owner(text: str, m: re.Match[str], kind: str, owner: Owner) -> Owner:
    """Whose address it is once its structure is weighed: a village group's door plate (东壁村3组17号) is a
    household's, also under 生产经营地址 (a 个体工商户 or farmer works from home); a compound's building or
    stairwell without a room (…家园5号楼2单元) holds many households: nobody's own."""
    if kind in ("village", "hamlet") and m.group("number") and owner[2] == "column_header":
        return None, f"列标题“{owner[3]}”，但为村组门牌（住户）：个人住址", "household_plate", owner[3]
    if kind == "building" and not m.groupdict().get("room") and owner[0] is None:
        return Severity.LOW, "楼栋/单元，未到户（无室号），低", "no_room", text[m.start("building") : m.end()]
    return owner


def _vetoed(kind: str, groups: dict[str, str | None]) -> bool:
    """A match that is running text or a task group, not an address (各村第2组, 会议在社区2号)."""
    if kind in ("village", "hamlet"):
        return not _village_ok(groups["village"] or "", groups.get("group") or "")
    if kind == "relative":
        return not any(groups.values())
    return kind == "community" and bool(_RX["running_in_name"].search((groups["compound"] or "")[:-2]))


def _start(text: str, m: re.Match[str], kind: str, groups: dict[str, str | None]) -> tuple[int, str]:
    """Where the address starts once running text is cut off its front, and its division chain from there."""
    s, admin = _admin_from(text, m, groups.get("admin") or "")
    if groups.get("road") and not admin and m.start("road") >= s:
        s = max(s, _cut_lead(text, m.start("road"), m.end("road")))
    name = _KINDS[kind].name
    named = groups.get(name) if name else None
    if name and named and not admin and m.start(name) == m.start():  # 申请人家住|团结社区11组
        tail = _RX["name_end"].search(named)  # the name keeps two characters before its suffix
        s = _cut_lead(text, m.start(name), m.end(name), 2 + (len(tail[0]) if tail else 1), _RX["lead_name"])
    return s, admin


def _admin_from(text: str, m: re.Match[str], admin: str) -> tuple[int, str]:
    """The start after the lead words at the text's start (``lead_start``) or an unknown unit before the first
    known division, and what remains of the division chain."""
    s = s0 = m.start()
    lead = _RX["lead_start"].match(text, s, m.end()) if s == 0 else None
    if lead and lead.end() < m.end():
        s = lead.end()
    if admin:
        s = max(s, s0 + _admin_start(admin))
        admin = admin[s - s0 :] if s - s0 < len(admin) else ""
    return s, admin


def _cut_lead(text: str, rs: int, re_: int, rest: int = 3, leads: re.Pattern[str] = _RX["lead_road"]) -> int:
    """Cut running text off the front of a road, village or compound name (反映其青柳街 -> 青柳街, 和平路 stays):
    the end of the last lead word in ``text[rs:re_]`` that leaves at least ``rest`` characters, or ``rs``."""
    return max((m.end() for m in leads.finditer(text, rs, re_) if re_ - m.end() >= rest), default=rs)


def _cells(text: str, masked: str, header_at: HeaderAt) -> Iterator[Candidate]:
    """Whole cells under an address header that end in a number (杨庄72号, 前进村8-72)."""
    for m in _RX["cell_address"].finditer("\n" + masked):  # the separator opens the pattern: it skips ahead
        s, e = m.start("cell") - 1, m.end("cell") - 1
        header = header_at(s) if not _RX["not_cell_address"].search(text, s, e) else None
        if header and _ADDRESS_HEADER.search(header):
            admin = _ADMIN_CHAIN.match(text, s, e)
            attrs: dict[str, object] = {**dict(_levels(admin[0])[0] if admin else ()), "kind": "cell"}
            yield _address(s, e, "地址结构：地址列单元格，以门牌/组/室号结尾", None, attrs,
                           Score().add("structure", "cell", 0.85), _owner(text, s, e, header))


def _home_villages(text: str, masked: str, _header_at: HeaderAt) -> Iterator[Candidate]:
    """A town + village right after a residence word (居住于X镇Y村; the word is not part of the address)."""
    for m in _RX["home_village"].finditer(masked):
        if _village_ok(m["village"], ""):
            attrs: dict[str, object] = {**dict(_levels(m["admin"])[0]), "village": m["village"]}
            attrs["kind"] = "home_village"
            label = text[m.start() : m.start("admin")].rstrip(":：为是于在地 ")
            yield _address(m.start("admin"), m.end(), "地址结构：居住/户籍表述后的乡镇+村", None, attrs,
                           Score().add("structure", "home_village", 0.85),
                           (None, "个人住址关键词", "personal_label", label))


def _address(s: int, e: int, structure: str, region: str | None, attrs: dict[str, object], score: Score,
             owner: Owner) -> Candidate:
    severity, why, feature, value = owner
    attrs["owner"] = "organisation" if severity == Severity.LOW else "person"
    score.add(feature, value, 0.0)
    explanation = [structure, region, why] if region else [structure, why]
    return Candidate(
        "CN_ADDRESS", s, e, score.total, explanation, attrs, severity=severity, features=score.items
    )


def _header_owner(text: str, s: int, header: str) -> Owner | None:
    """Whose address a cell under an address ``header`` is: 单位地址 an organisation's, 家庭住址 a person's; under
    单位或住址 the cell decides (an organisation named in it before the address), else None (read on)."""
    org, personal = _ORG_HEADER.search(header), _PERSONAL_HEADER.search(header)
    if org and not personal:
        return Severity.LOW, f"列标题“{header}”：机构地址，低", "column_header", header
    if personal and not org:
        return None, f"列标题“{header}”：个人住址", "column_header", header
    cs = max(text.rfind("\t", 0, s), text.rfind("\n", 0, s), text.rfind("  ", 0, s)) + 1
    if org and (named := _RX["org_in_address"].search(text, cs, s)) is not None:
        return Severity.LOW, f"列标题“{header}”，格内为机构“{named[0]}”：机构地址，低", "organisation_name", named[0]
    return None


def _owner(text: str, s: int, e: int, header: str | None) -> Owner:
    """Whose address it is, from the column header (家庭住址 a person's, 单位地址 an organisation's; 单位或住址
    leaves it to the cell), the label before it (送达地址 a person's, 办公/注册 an organisation's) or an organisation named in or after it."""
    by_header = _header_owner(text, s, header) if header and _ADDRESS_HEADER.search(header) else None
    if by_header is not None:
        return by_header
    ls = text.rfind("\n", 0, s) + 1
    before = text[max(ls, s - 14) : s]
    label = next((w for w in _PERSONAL if w in before), None)
    if label is not None:
        return None, "个人住址关键词", "personal_label", label
    if _ID_ON_LINE.search(text, ls, s):
        return None, "同行在前有身份证号：个人地址", "personal_label", "身份证号"  # 身份证号码…；通讯地址：…
    label = next((w for w in _ORG_LABEL if w in before), None)
    if label is not None and not _PERSON_ON_LINE.search(text, ls, s):
        return Severity.LOW, f"机构地址（“{label}”），低", "organisation_label", label
    le = text.find("\n", e)
    org = _RX["org_in_address"].search(text, s, min(e + 12, len(text) if le < 0 else le))
    if org:
        return Severity.LOW, "地址含/后接机构名称，低", "organisation_name", org[0]
    return None, "未见机构标志，按个人地址处理", "no_organisation_sign", ""


def _places(text: str, masked: str, spans: list[tuple[int, int]]) -> Iterator[Candidate]:
    """Place names outside the addresses found (``masked``: ``text`` with those blanked out): division names,
    names before a place suffix, buildings and named places with a number."""
    busy = list(spans)
    numbered = (*_near(_RX["poi_number"], _RX["poi_anchor"], text, 12),
                *_near(_RX["place_number"], _RX["digit_hao"], text, 10, masked))
    for s, e, why, attrs in itertools.chain(
        ((s, e, f"行政区划名称（{lv}）", {"level": lv, lv: name}) for s, e, name, lv in divisions().find(masked)),
        ((s, e, "道路/社区/村名（无门牌，不构成个人地址）", {}) for s, e in _suffix_places(text, masked, busy)),
        ((_cut_lead(text, *m.span(), 4), m.end(), "建筑/场所+楼层/门号（不构成个人地址）", {}) for m in numbered),
    ):
        if not _overlaps_any(busy, s, e):
            bisect.insort(busy, (s, e))
            attrs = attrs or {"place": text[s:e]}
            yield Candidate("LOCATION", s, e, 0.3, [why], attrs, severity=Severity.INFO)


def _suffix_places(text: str, masked: str, busy: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Roads, communities and villages without a number (东大街, 西关社区): a name before a place suffix."""
    for m in PLACE_END.finditer(masked):
        s = m.start() - 2
        while s > 0 and m.start() - s < 6 and "\u4e00" <= text[s - 1] <= "\u9fff":
            s -= 1
        i = bisect.bisect_left(busy, (m.start(), m.start()))
        if i > 0 and busy[i - 1][1] > s:
            s = busy[i - 1][1]  # never reach back into a division name or an earlier place
        cut = _cut_lead(text, s, m.start(), 0)
        if cut > s and m.start() - cut < 2:
            continue  # only a function word before the suffix (各街道, 和街道): no name
        if m.end() - cut >= 3 and not _NOT_PLACE.search(text, max(0, cut), m.end()):
            yield cut, m.end()
