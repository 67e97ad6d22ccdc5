"""CN_ADDRESS (a detailed address that locates a person or household) and LOCATION (a place name).

A detailed address is a chain of parts: an optional admin-division chain (province/city/county/township, levels
may be missing), then one of
* road + house number (东大街12号, 青柳路36号附2号), optionally a compound, building, unit, room (丰泽小区9幢1单元1102室);
* compound/community + building + unit/room (梧桐岭社区8号楼2单元502室), or + house number (建设路社区23号5-1);
* village or urban community + group (兴盛村五组, 团结社区11组45号), or a village + house number (杨庄村72号);
* a relative form after an earlier address (同楼3单元201室, 同村五组).
The words that end each part are rows of ``recognizers/data/address_parts.tsv``; the label, lead and veto words are
cue rows (``recognizers/data/cues.tsv``). A cell under an address column header (家庭住址, 单位地址 ...) that ends
in a house, group or room number is an address in any shape; the header also says whose it is. Parsed levels go
into ``attributes`` (province, city, county, town, village, road, number, building, unit, room) so redaction can
keep the address down to 乡镇/街道. An organisation's address (办公地址：, 位于 ...) is LOW with the reason; a
place name alone (武威市, 东大街, 西关社区) is at most ``LOCATION`` (INFO).

>>> from screening.scan_context import ScanContext
>>> t = "住址：甘肃省武威市凉州区东大街12号3单元201室。"
>>> c = [c for c in CnAddressRecognizer().find(t, ScanContext.for_text(t)) if c.entity_type == "CN_ADDRESS"][0]
>>> t[c.start:c.end], c.attributes["county"], c.attributes["room"]
('甘肃省武威市凉州区东大街12号3单元201室', '凉州区', '201室')
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from recognizers import cues
from recognizers.address_data import divisions, parts
from recognizers.base import Candidate, CnRecognizer
from recognizers.scorer import Score
from screening.findings import Severity
from screening.scan_context import ScanContext

C = "\u4e00-\u9fff"
N = "0-9一二三四五六七八九十百零〇两"


def _ends(*names: str) -> str:
    """A regex group of the words ending the given parts (longest first)."""
    return f"(?:{cues.alternation(parts(*names))})"


def _cue(kind: str) -> str:
    return cues.alternation(cues.words(kind))


_DIVISION_ENDS, _COUNTY_ENDS, _TOWN_ENDS = parts("upper_end", "county_end", "town_end"), parts("county_end"), parts("town_end")
_ROOM = rf"[{N}]{{1,5}}(?:室|户|号)"
_DASH = r"[0-9]{1,3}-[0-9]{1,4}"  # building-room or unit-room (5-1)
#: the grammar of each part of an address; ``part:variant`` is a stricter form of the part for some chains
_GRAMMAR = {
    "admin": rf"(?:[{C}]{{1,8}}?{_ends('upper_end', 'county_end', 'town_end')})*",
    "community": rf"[{C}0-9]{{1,8}}?{_ends('community')}",
    "road": rf"[{C}0-9]{{1,10}}?{_ends('road_end')}(?:[东西南北中]段|[{N}]{{1,3}}[段巷弄条里])?",
    # 12号, 36号附2号, 18号之三, 5号甲, 45号院
    "number": rf"[{N}]{{1,5}}号(?:附[{N}]{{1,4}}号|之(?:[一二三四五六七八九十]{{1,3}}|[0-9]{{1,2}}(?![0-9]))"
    r"|[甲乙丙丁])?(?:院)?",
    "number:village": rf"[{N}]{{1,4}}号",
    # not a numbered document, building or plot (村委会3号文件, 本村5号地块)
    "number:hamlet": rf"(?<![第字发令期届批])[{N}]{{1,4}}号(?![楼院会文令线机井台站门]|{_cue('address_number_veto')})",
    "number:community": rf"[{N}]{{1,5}}号(?![楼院会文令])",
    "compound": rf"[{C}]{{2,10}}?{_ends('compound')}",
    "compound:estate": rf"[{C}0-9]{{2,12}}?{_ends('estate')}",
    "compound:block": rf"[{C}0-9]{{2,12}}?{_ends('block')}",
    "compound:neighbourhood": rf"[{C}0-9]{{2,12}}?{_ends('neighbourhood')}",
    "section": rf"[东西南北中]?[{N}]{{1,2}}区|[A-Za-z]区",  # a section of a compound (东二区, A区)
    "building": rf"(?:[{N}]{{1,4}}|[A-Za-z])(?:{_ends('building')}|号院|楼|号)",
    "building:strict": rf"(?:[{N}]{{1,4}}|[A-Za-z]){_ends('building')}",
    "building:unit": rf"[{N}A-Za-z]{{1,4}}{_ends('building')}",
    "building:relative": rf"[{N}]{{1,4}}(?:号楼|栋|幢)",
    "building:digits": "[0-9]{1,3}",
    "unit": rf"(?:[东西南北中]|[{N}]{{1,3}})单元|[{N}]{{1,2}}门(?=[0-9])",  # 门 in some cities (14号楼1门502)
    "unit:plain": rf"(?:[东西南北中]|[{N}]{{1,3}})单元",
    "unit:numbered": rf"[{N}]{{1,3}}单元",
    "unit:digits": "[0-9]{1,2}",
    "floor": rf"[{N}]{{1,3}}(?:楼|层)",
    "room": rf"{_ROOM}|[0-9]{{1,3}}-[0-9]{{1,2}}-[0-9]{{3,4}}(?![0-9\-])|{_DASH}室?|[0-9]{{3,4}}(?![0-9号])",
    "room:building": rf"{_ROOM}|{_DASH}|[0-9]{{3,4}}(?![0-9号])",
    "room:community": rf"[{N}]{{1,5}}(?:室|户)|{_DASH}室?",
    "room:unit": rf"{_ROOM}|[0-9]{{3,4}}(?![0-9])",
    "room:relative": _ROOM,
    "room:digits": r"[0-9]{3,4}(?![0-9\-])",
    "village": rf"(?:(?!第)[{C}]{{1,6}}?{_ends('village')}){{1,2}}",
    "village:committee": rf"[{C}]{{1,6}}?{_ends('committee')}",
    "hamlet": rf"[{C}]{{1,5}}?{_ends('hamlet')}?",
    "group": rf"(?:第?[{N}]{{1,3}}|[{C}]{{1,4}}?){_ends('group')}",
    "group:relative": rf"[{N}]{{1,3}}组",
    "same": rf"同{_ends('relative')}",
    "dash": "-",
}
#: the parts kept in ``attributes`` (each a named group of its chain; community, section and floor are not)
_PARTS = ("road", "number", "compound", "building", "unit", "room", "village", "hamlet", "group")


def _chain(chain: str) -> re.Pattern[str]:
    """One regex for a chain of parts (``part?`` is optional), each kept part a named group.

    >>> _chain("building:unit unit:numbered room:unit?").fullmatch("9号楼1单元302室").group("room")
    '302室'
    """
    out = []
    for item in chain.split():
        key = item.rstrip("?")
        name = key.split(":")[0]
        group = f"(?P<{name}>{_GRAMMAR[key]})" if name in ("admin", *_PARTS) else f"(?:{_GRAMMAR[key]})"
        out.append(group + ("?" if item.endswith("?") else ""))
    return re.compile("".join(out))


class _Kind(NamedTuple):
    needs: tuple[str, ...]  # one of these is in every anchor match: without one the kind is not searched
    anchor: re.Pattern[str]  # in every match of the chain: only the lines around anchors are searched
    chain: re.Pattern[str]
    structure: str
    name: str = ""  # the part whose front running text is cut off (家住|团结社区11组)


_KINDS = {
    "road": _Kind(("号",), re.compile(rf"[路街道巷弄同段条里][{N}]{{1,5}}号"),
                  _chain("admin community? road number compound? section? building? unit? room?"), "道路+门牌号"),
    "building": _Kind(("楼", "栋", "幢", "座"), re.compile(rf"[{N}A-Za-z](?:号楼|栋|幢|座)"),
                      _chain("admin compound:estate section? building:strict unit? room:building?"),
                      "小区/楼栋+单元/室", "compound"),
    "village": _Kind(("组", "社", "屯", "队"),
                     re.compile(rf"(?:村|屯|寨|会|嘎查|社区)(?:第?[{N}]{{1,3}}|[{C}]{{1,4}}?)(?:[村居]民小组|组|社|屯|队)"),
                     _chain("admin village group number:village?"), "村/社区+组/社", "village"),
    "relative": _Kind(("同",), re.compile(rf"同(?:楼|院|小区|单元|村|组|社区)[{N}]"),
                      _chain("same building:relative? unit:numbered? room:relative? group:relative?"),
                      "相对地址（同楼/同村）"),
    "unit": _Kind(("单元",), re.compile(rf"(?:号楼|栋|幢|座)[{N}]{{1,3}}单元"),
                  _chain("building:unit unit:numbered floor? room:unit?"), "楼栋+单元+室"),
    "hamlet": _Kind(("号",), re.compile(rf"(?:村|嘎查)[{C}]{{0,6}}?[{N}]{{1,4}}号"),
                    _chain("admin village:committee hamlet? number:hamlet"), "村（委会）+自然村+门牌号", "village"),
    "community": _Kind(("号",), re.compile(rf"(?:社区|小区|居委会|片区)[{N}]{{1,5}}号(?![楼院会文令])"),
                       _chain("admin compound:neighbourhood number:community unit:plain? room:community?"),
                       "社区/小区+门牌号", "compound"),
    "shorthand": _Kind(("-",), re.compile(r"(?:小区|花园|家园|新村|公寓|苑)[0-9]{1,3}-[0-9]{1,2}-[0-9]{3,4}(?![0-9\-])"),
                       _chain("admin compound:block building:digits dash unit:digits dash room:digits"),
                       "小区+楼-单元-室简写", "compound"),
}
_KIND_PARTS = {kind: tuple(p for p in _PARTS if p in k.chain.groupindex) for kind, k in _KINDS.items()}
_ADMIN_CHAIN = _chain("admin")
_NAME_END = re.compile(f"{_ends('name_end')}$")

# A place name alone (roads, communities, villages without a number) is LOCATION. Each suffix opens with its first
# character and looks back over it and the two before (a pattern opening with literals lets the engine skip ahead).
PLACE_END = re.compile(
    "(?:" + "|".join(f"{w[0]}(?<=[{C}]{{3}}){w[1:]}" for w in cues.words("place_suffix")) + ")"
    + f"(?!{_cue('place_suffix_veto')})"
)
_NOT_PLACE = re.compile(_cue("place_negative"))
# A named place + house number with no road suffix (西河沿甲215号): LOCATION; made of CJK characters and digits only
PLACE_NUMBER = re.compile(
    rf"[{C}]{{2,6}}(?<![第令字发期届批类级版年月日次条款章节号码])[甲乙丙丁]?[0-9]{{1,4}}号(?![线令文字楼栋])"
)
_DIGIT_HAO = re.compile("[0-9]号")
# A building or point of interest with a number or floor (理想国际大厦8层, 中国馆1号门): LOCATION. The anchor (what
# every match ends with) is searched first: a lazy name before each CJK character is slow.
_POI_ANCHOR = re.compile(
    _ends("poi") + rf"(?:[{N}]{{1,3}}(?:层|楼|号门|号口|号出口|号楼|号馆|号厅|栋|座|号)|[A-Za-z](?:座|栋|区|馆))"
)
POI_NUMBER = re.compile(rf"[{C}]{{2,10}}?{_POI_ANCHOR.pattern}")

_BAD_GROUP = re.compile(rf"[将向的在是了把被]|{_cue('address_group_veto')}|(?<![村居]民)小组")
_BAD_VILLAGE = re.compile(rf"(?:^|[的和与及在对各全本该每])(?:{_cue('address_village_veto')}|[各全本该每](?:社区|居委会))")
# a community/residents' committee as the village: a name of two characters or more and a numbered group only
_URBAN_VILLAGE = re.compile(rf"[{C}]{{2,}}(?:社区|居委会)$")
_NUMBERED_GROUP = re.compile(rf"第?[{N}]{{1,3}}(?:居民小组|村民小组|组|队)")
# 和/向 open common place names (和平, 向阳): a function word only before other characters
_AND_TOWARDS = "和(?![平谐睦美顺兴])|向(?![阳荣前东])"
_RUNNING_IN_NAME = re.compile(rf"[在的了是对与到]|{_AND_TOWARDS}|^[本该各全]")  # 会议在社区2号
# running text before an address: at the text's start (repeated), before a road, before a village/compound name
# (not 经/为 there: they open names, 经三路社区, 为民社区)
_LEAD = re.compile(rf"^(?:{_cue('address_lead')}|[住在于为是的至到从及与即系原其由经对将把]|{_AND_TOWARDS})+")
_ROAD_LEAD = re.compile(rf"{_cue('address_lead')}|[住的在于为是至到从与及对经其近将各]|{_AND_TOWARDS}")
_NAME_LEAD = re.compile(rf"{_cue('address_lead')}|[住的在是到从]")

_PERSONAL = cues.words("address_personal_label")
_ORG_LABEL = cues.words("address_org_label")
_PERSON_ON_LINE = re.compile(_cue("address_person_word"))  # makes an organisation label (地址：) a person's
_ORG_IN_ADDRESS = re.compile(rf"{_cue('address_org_name')}|[^小]大厦|局$")
# column headers: a personal one (家庭住址) makes the cells a person's, an organisation's (单位地址) an org's
_ADDRESS_HEADER = re.compile(_cue("address_header"))
_PERSONAL_HEADER = re.compile(_cue("address_personal_header"))
_ORG_HEADER = re.compile(_cue("address_org_header"))
# a whole cell that ends in a house/group/room number or a dash-number (杨庄72号, 前进村8-72), searched in
# "\n" + text (the cell separator opens the pattern: the engine skips ahead fast)
_CELL_ADDRESS = re.compile(
    rf"[\t|\n](?P<cell>[{C}][{C}0-9A-Za-z()#\-]{{1,40}}?"
    rf"(?:(?:[{N}]{{1,5}}|[A-Za-z])(?:号|组|室|户|栋|幢|单元|队|社|屯)|[0-9]{{1,4}}(?:-[0-9]{{1,4}}){{1,2}}))"
    r" *(?=[\t|\n]|$)"
)
_NOT_CELL_ADDRESS = re.compile(r"[〔\[【]|[发字令函]\d|第[0-9]+号")  # document numbers, ordinals
#: a town + village right after a word saying someone lives there (居住于X镇Y村): the household's address
_HOME_VILLAGE = re.compile(
    rf"(?:{_cue('residence_label')})(?:地|所在地)?(?:为|是|于|在)?\s*:?\s*"
    rf"(?P<admin>[{C}]{{1,8}}?(?:镇|乡))(?P<village>[{C}]{{2,5}}?村)(?![{C}0-9])"
)
#: LibreOffice's text export puts a space between Chinese and digits (东大街 88 号): no separator in an address
_CJK_DIGIT_SPACE = re.compile(rf" (?:(?<=[{C}] )(?=[0-9A-Za-z])|(?<=[0-9A-Za-z] )(?=[{C}]))")

HeaderAt = Callable[[int], "str | None"]
Owner = tuple[Severity | None, str, str, str]  # severity, reason, feature, value


def _near(
    pattern: re.Pattern[str], anchor: re.Pattern[str], text: str, back: int, anchors_in: str | None = None
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches end with an ``anchor`` match (searched in
    ``anchors_in``, default ``text``) and start at most ``back`` characters before it: only the text around
    anchors is searched.

    >>> t = "东大街12号，西河沿甲215号"
    >>> [m.group() for m in _near(PLACE_NUMBER, _DIGIT_HAO, t, 10, _mask(t, [(0, 6)]))]
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
    if _BAD_GROUP.search(group) or _BAD_VILLAGE.search(village):
        return False
    return not village.endswith(("社区", "居委会")) or bool(
        _URBAN_VILLAGE.search(village) and _NUMBERED_GROUP.fullmatch(group)
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
    """``(levels, "行政区划：…" or None, a leading unknown unit to cut or None)`` of an admin chain; a unit not in
    the division table is keyed by its suffix (town, county) or as ``area``.

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
        out.setdefault("town" if rest.endswith(_TOWN_ENDS) else "county" if rest.endswith(_COUNTY_ENDS) else "area", rest)
    known = [out[k] for k in ("province", "city", "county", "town") if k in out]
    region = "行政区划：" + "".join(known) if out.keys() & {"province", "city", "county"} else None
    return tuple(out.items()), region, None if known else out.get("area")


class _Squeezed:
    """``text`` without the spaces of :data:`_CJK_DIGIT_SPACE`, and the way back to ``text``'s offsets.

    >>> q = _Squeezed.of("家住和平路 12 号")
    >>> q.text, q.start(q.text.index("12")), q.end(len(q.text))
    ('家住和平路12号', 6, 10)
    """

    def __init__(self, text: str, spaces: list[int]) -> None:
        self.text = "".join(text[a + 1 : b] for a, b in zip([-1, *spaces], [*spaces, len(text)], strict=True))
        self.moved = [r - i for i, r in enumerate(spaces)]  # where each dropped space's successor lands

    @classmethod
    def of(cls, text: str) -> _Squeezed | None:
        spaces = [m.start() for m in _CJK_DIGIT_SPACE.finditer(text)]
        return cls(text, spaces) if spaces else None

    def start(self, pos: int) -> int:
        return pos + bisect.bisect_right(self.moved, pos)

    def end(self, pos: int) -> int:
        return self.start(pos - 1) + 1 if pos > 0 else 0


class CnAddressRecognizer(CnRecognizer):
    """Detailed personal addresses (HIGH), organisation addresses (LOW), place names (LOCATION, INFO)."""

    ENABLED = True
    ENTITIES = ("CN_ADDRESS", "LOCATION")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        divisions()  # loaded with the screener, not in its first scan

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        """Detailed addresses (longest first), a town + village after a residence word, cells under an address
        header, then place names outside them; on the text without the spaces LibreOffice puts between Chinese
        and digits (offsets mapped back)."""
        squeezed = _Squeezed.of(text)
        if squeezed is None:
            return _find(text, ctx.column_header_at)
        out = _find(squeezed.text, lambda p: ctx.column_header_at(squeezed.start(p)))
        for c in out:
            c.start, c.end = squeezed.start(c.start), squeezed.end(c.end)
        return out


def _find(text: str, header_at: HeaderAt) -> list[Candidate]:
    out = _addresses(text, header_at)
    taken = sorted([(c.start, c.end) for c in out])
    taken = _add(out, taken, [c for c in _home_villages(text) if not _overlaps_any(taken, c.start, c.end)])
    # the later passes look only at the text outside the addresses found (a roster's address column is mostly
    # covered: its town/community names need no LOCATION lookups)
    masked = _mask(text, taken)
    cells = list(_cells(text, masked, header_at))
    if cells:
        taken = _add(out, taken, cells)
        masked = _mask(text, taken)
    out.extend(_places(text, masked, taken))
    return out


def _add(out: list[Candidate], taken: list[tuple[int, int]], more: list[Candidate]) -> list[tuple[int, int]]:
    """Append ``more`` to ``out``; the sorted spans taken after that."""
    out.extend(more)
    return sorted([*taken, *((c.start, c.end) for c in more)]) if more else taken


def _addresses(text: str, header_at: HeaderAt) -> list[Candidate]:
    """The detailed addresses of every kind, longest first, none overlapping another."""
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
    """Every match of each kind's pattern, searched only in the lines around that kind's anchors."""
    for kind, (needs, anchor, pattern, _structure, _name) in _KINDS.items():
        if not any(w in text for w in needs):
            continue  # the anchor's fixed part is absent: skip a whole-text pass
        last = -1
        for a in anchor.finditer(text):
            a0, a1 = a.span()
            if a0 < last:
                continue
            le = text.find("\n", a1, a1 + 30)
            ws, last = max(text.rfind("\n", 0, a0) + 1, a0 - 45), min(len(text), a1 + 30) if le < 0 else le
            for m in pattern.finditer(text, ws, last):
                if m.end() - m.start() >= 3:
                    yield m.start(), m.end(), m, kind


def _candidate(text: str, m: re.Match[str], kind: str, header_at: HeaderAt) -> Candidate | None:
    """A match as an address: running text cut off its front, its parts, whose it is (None: not an address)."""
    groups = m.groupdict()  # unmatched groups are None, an empty admin chain is ""
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
    owner = _owner(text, s, m.end(), header_at(s))
    if kind == "building" and not groups.get("room") and owner[0] is None:
        # a compound's building or stairwell (…家园5号楼2单元) holds many households: not one's address
        owner = (Severity.LOW, "楼栋/单元，未到户（无室号），低", "no_room", text[m.start("building") : m.end()])
    return _address(s, m.end(), f"地址结构：{_KINDS[kind].structure}", region, attrs, score, owner)


def _vetoed(kind: str, groups: dict[str, str | None]) -> bool:
    """A match that is running text or a task group, not an address (各村第2组, 会议在社区2号)."""
    if kind in ("village", "hamlet"):
        return not _village_ok(groups["village"] or "", groups.get("group") or "")
    if kind == "relative":
        return not any(groups.values())
    return kind == "community" and bool(_RUNNING_IN_NAME.search((groups["compound"] or "")[:-2]))


def _start(text: str, m: re.Match[str], kind: str, groups: dict[str, str | None]) -> tuple[int, str]:
    """Where the address starts once running text is cut off its front, and its admin chain from there."""
    s, admin = _admin_from(text, m, groups.get("admin") or "")
    if groups.get("road") and not admin and m.start("road") >= s:
        s = max(s, _cut_lead(text, m.start("road"), m.end("road")))
    name = _KINDS[kind].name
    named = groups.get(name) if name else None
    if name and named and not admin and m.start(name) == m.start():
        # 申请人家住团结社区11组: the name starts after the running text
        tail = _NAME_END.search(named)
        s = _cut_lead(text, m.start(name), m.end(name), 2 + (len(tail.group()) if tail else 1), _NAME_LEAD)
    return s, admin


def _admin_from(text: str, m: re.Match[str], admin: str) -> tuple[int, str]:
    """The start after the lead words of the text's first line (:data:`_LEAD` is anchored at the text's start)
    or an unknown unit before the first known division, and what remains of the admin chain."""
    s0 = s = m.start()
    lead = _LEAD.match(text, s, m.end()) if s == 0 else None
    if lead and lead.end() < m.end():
        s = lead.end()
    if admin:
        s = max(s, s0 + _admin_start(admin))
        admin = admin[s - s0 :] if s - s0 < len(admin) else ""
    return s, admin


def _cut_lead(text: str, rs: int, re_: int, rest: int = 3, leads: re.Pattern[str] = _ROAD_LEAD) -> int:
    """Cut running text off the front of a road (or village/compound) name (反映其青柳街 -> 青柳街, 和平路 stays):
    at least ``rest`` characters (two and the suffix) remain."""
    best = rs
    for m in leads.finditer(text, rs, re_):
        if re_ - m.end() >= rest:
            best = m.end()
    return best


def _cells(text: str, masked: str, header_at: HeaderAt) -> Iterator[Candidate]:
    """Whole cells under an address header that end in a number (杨庄72号, 前进村8-72)."""
    for m in _CELL_ADDRESS.finditer("\n" + masked):
        s, e = m.start("cell") - 1, m.end("cell") - 1
        header = header_at(s) if not _NOT_CELL_ADDRESS.search(text, s, e) else None
        if header and _ADDRESS_HEADER.search(header):
            admin = _ADMIN_CHAIN.match(text, s, e)
            attrs: dict[str, object] = {**dict(_levels(admin.group())[0] if admin else ()), "kind": "cell"}
            score = Score().add("structure", "cell", 0.85)
            yield _address(s, e, "地址结构：地址列单元格，以门牌/组/室号结尾", None, attrs, score,
                           _owner(text, s, e, header))


def _home_villages(text: str) -> Iterator[Candidate]:
    """:data:`_HOME_VILLAGE` addresses (the label word is not part of the address)."""
    for m in _HOME_VILLAGE.finditer(text):
        if _village_ok(m.group("village"), ""):
            attrs: dict[str, object] = {**dict(_levels(m.group("admin"))[0]), "village": m.group("village"),
                                        "kind": "home_village"}
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
    return Candidate("CN_ADDRESS", s, e, score.total, explanation, attrs, severity=severity, features=score.items)


def _owner(text: str, s: int, e: int, header: str | None) -> Owner:
    """Whose address it is, from the column header (家庭住址 a person's, 单位地址 an organisation's), the label
    before it (家庭住址/送达地址 a person's, 办公/注册 an organisation's) or an organisation named in it."""
    if header and _ADDRESS_HEADER.search(header):
        if _ORG_HEADER.search(header):
            return Severity.LOW, f"列标题“{header}”：机构地址，低", "column_header", header
        if _PERSONAL_HEADER.search(header):
            return None, f"列标题“{header}”：个人住址", "column_header", header
    ls = text.rfind("\n", 0, s) + 1
    before = text[max(ls, s - 14) : s]
    label = next((w for w in _PERSONAL if w in before), None)
    if label is not None:
        return None, "个人住址关键词", "personal_label", label
    label = next((w for w in _ORG_LABEL if w in before), None)
    if label is not None and not _PERSON_ON_LINE.search(text, ls, s):
        return Severity.LOW, f"机构地址（“{label}”），低", "organisation_label", label
    le = text.find("\n", e)
    org = _ORG_IN_ADDRESS.search(text, s, min(e + 12, len(text) if le < 0 else le))
    if org:
        return Severity.LOW, "地址含/后接机构名称，低", "organisation_name", org.group()
    return None, "未见机构标志，按个人地址处理", "no_organisation_sign", ""


def _location(s: int, e: int, why: str, attrs: dict[str, object]) -> Candidate:
    return Candidate("LOCATION", s, e, 0.3, [why], attrs, severity=Severity.INFO)


def _places(text: str, masked: str, spans: list[tuple[int, int]]) -> Iterator[Candidate]:
    """Place names outside the addresses found (``masked``: ``text`` with those blanked out)."""
    busy = list(spans)
    for s, e, name, level in divisions().find(masked):
        if not _overlaps_any(spans, s, e):
            bisect.insort(busy, (s, e))
            yield _location(s, e, f"行政区划名称（{level}）", {"level": level, level: name})
    for s, e in _suffix_places(text, masked, busy):
        bisect.insort(busy, (s, e))
        yield _location(s, e, "道路/社区/村名（无门牌，不构成个人地址）", {"place": text[s:e]})
    for m in (*_near(POI_NUMBER, _POI_ANCHOR, text, 12), *_near(PLACE_NUMBER, _DIGIT_HAO, text, 10, masked)):
        s, e = m.span()
        leads = [x.end() for x in _ROAD_LEAD.finditer(text, s, e) if e - x.end() >= 4]
        s = leads[-1] if leads else s
        if not _overlaps_any(busy, s, e):
            bisect.insort(busy, (s, e))
            yield _location(s, e, "建筑/场所+楼层/门号（不构成个人地址）", {"place": text[s:e]})


def _suffix_places(text: str, masked: str, busy: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Roads, communities and villages without a number (东大街, 西关社区): a name before a place suffix."""
    for m in PLACE_END.finditer(masked):
        s = m.start() - 2
        while s > 0 and m.start() - s < 6 and "\u4e00" <= text[s - 1] <= "\u9fff":
            s -= 1
        i = bisect.bisect_left(busy, (m.start(), m.start()))
        if i > 0 and busy[i - 1][1] > s:
            s = busy[i - 1][1]  # never reach back into a division name or an earlier place
        leads = [x.end() for x in _ROAD_LEAD.finditer(text, s, m.start())]
        if leads and m.start() - leads[-1] < 2:
            continue  # only a function word before the suffix (各街道, 和街道): no name
        s = leads[-1] if leads else s
        if m.end() - s >= 3 and not _NOT_PLACE.search(text, max(0, s), m.end()) and not _overlaps_any(busy, s, m.end()):
            yield s, m.end()
