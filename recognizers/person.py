"""PERSON: Chinese personal names, with the role (private person or official) that sets the severity.

Signals, combined per candidate and listed in the finding's explanation:

* surname prior weighted by frequency (compound surnames first), given-name character statistics,
  the negative lexicon (common words that start with a surname character: 许可、陈述、方案 ...);
* cues: trigger words (当事人：、申请人、户主、患者、家属 ...), table column headers (姓名、户主 ...),
  honorifics after the name (先生、女士、同志、等3人), gender right after (张三，男，), a letter's salutation
  line, lists joined by 、;
* role: an official title or label around the name (副区长、局长、执法人员：、出席：、（采购人代表）) or the
  ``official_allowlist`` option makes it ``role="official"`` with LOW severity; private-person triggers
  make it ``role="private"`` (HIGH); otherwise HIGH with the reason "角色不明".

A second, document-wide pass finds later mentions of every name found once (张伟 ... 张伟表示).
De-identified forms (张某, 李某某) are never findings.

>>> from screening.scan_context import ScanContext
>>> r = CnPersonRecognizer()
>>> t = "当事人：王小明，男。执法人员：李建国。"
>>> [(t[c.start:c.end], c.attributes["role"]) for c in r.find(t, ScanContext.for_text(t))]
[('王小明', 'private'), ('李建国', 'official')]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from presidio_analyzer import RecognizerResult

from recognizers.base import META_ATTRIBUTES, Candidate, CnRecognizer
from recognizers.person_cues import (
    ROLE_BEFORE,
    SPEECH_AFTER,
    TIBETAN_SYLLABLES,
    TRANSLIT,
    after_cue,
    before_cue,
    foreign_end,
    foreign_start,
    foreign_uncued,
    trim_dotted,
)
from recognizers.person_lexicon import (
    CJK,
    DOTS,
    HONORIFICS,
    KIN_REF,
    OFFICIAL_AFTER,
    OFFICIAL_TITLES,
    PRIVATE_CONTACT_PREFIX,
    PRIVATE_TRIGGERS,
    STOP_AFTER,
    VERB_AFTER,
    Lexicon,
    lexicon,
)
from recognizers.person_roles import (
    APPOINT_AFTER,
    APPOINT_BEFORE,
    BIO_LINE,
    BIO_PRIVATE,
    LINE_LABEL,
    NEXT_LABEL,
    ORG_END,
    appointment_document,
    contact_owner,
    label_role,
    list_head_role,
)
from screening.findings import Severity
from screening.scan_context import ScanContext

ENTITY = "PERSON"


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_TRIGGER = re.compile(
    rf"(?=[{''.join(sorted({w[0] for w in PRIVATE_TRIGGERS + OFFICIAL_TITLES}))}])"
    rf"(?P<trig>{_alt(PRIVATE_TRIGGERS + OFFICIAL_TITLES)})(?![会议级长部门单位组织机构等姓名电身证信数签员])"
    rf"(?P<sep>[:：]|为|是|系)?[ ]{{0,4}}(?=[{CJK}])"
)
_RUN = re.compile(rf"[{CJK}]+(?:[{DOTS}][{CJK}]+)*")
_RUN_BEFORE = re.compile(rf"[{CJK}]+(?:[{DOTS}][{CJK}]+)*$")
_DOTTED_RUN = re.compile(rf"[{CJK}]{{1,12}}(?:[·•・‧][{CJK}]{{1,12}})+")
def _first_chars(words: Iterable[str]) -> str:
    """A character class of the words' first characters: a cheap filter in front of an alternation."""
    return "[" + re.escape("".join(sorted({w[0] for w in words}))) + "]"


_FOREIGN_START = re.compile(rf"(?<![{''.join(sorted(TRANSLIT))}])[{''.join(sorted(TRANSLIT))}]")
_NAME_LIST = re.compile(rf"(?<![{CJK}])[{CJK}]{{2,4}}(?:、[{CJK}]{{2,4}}){{2,}}(?![{CJK}])")
_TIBETAN_SYLLABLES = _alt(TIBETAN_SYLLABLES)
_TIBETAN = re.compile(rf"(?=[{''.join(sorted({w[0] for w in TIBETAN_SYLLABLES}))}])(?<![{CJK}])(?:{_TIBETAN_SYLLABLES})(?:{_TIBETAN_SYLLABLES})(?![{CJK}])")
_TIBETAN_WORD = re.compile(f"(?:{_TIBETAN_SYLLABLES})(?:{_TIBETAN_SYLLABLES})")
_SPEECH_WORDS = [w for w in SPEECH_AFTER if len(w) >= 2] + [w for w in OFFICIAL_AFTER if w[0] != "("]
_ROLE_CUE = re.compile(rf"(?={_first_chars(ROLE_BEFORE)})(?:{_alt(ROLE_BEFORE)})(?=[{CJK}])")
_SPEECH_CUE = re.compile(rf"(?={_first_chars(_SPEECH_WORDS)})(?<=[{CJK}]{{2}})(?:{_alt(_SPEECH_WORDS)})")
SURNAME_TITLES = frozenset(
    "先生 女士 老师 小姐 师傅 阿姨 大爷 大妈 大姐 大哥 姐 哥 总 工 老 姨 叔 伯 婶 嫂 某 某某 氏 家 书记 局长 主任 校长 院长 医生 律师 经理".split()
)
_CUE_STRIP = ",(、 \t"
KINSHIP_WORDS = frozenset("孙子 孙女 儿子 女儿 父亲 母亲 丈夫 妻子 姐姐 妹妹 哥哥 弟弟 叔叔 阿姨 舅舅 姑姑 伯伯 爷爷 奶奶 外公 外婆".split())
PLACE_FINAL = frozenset("家堡陵郡桥岛庄屯寺庙宫")
_LABEL_END = frozenset("人号址话间点位称别龄族期额由见果求据的者员长任记式型类项目容况注件送抄主题")
_LINE_LABEL = re.compile(rf"(?m)^[ \t]*([{CJK}]{{2,4}})(?=[:：])")
_DOTTED = re.compile(rf"[{CJK}]{{2,8}}(?:[·•・‧][{CJK}]{{2,10}})+")
_DOT = re.compile("[·•・‧]")
_DOTTED_ANY = re.compile(rf"[{CJK}]{{1,8}}(?:[{DOTS}][{CJK}]{{2,10}})+")
#: A dotted name whose first part is one character (韩·阿卜杜): accepted only after a strong cue.
_DOTTED_SHORT = re.compile(rf"[{CJK}]{{1,8}}[{DOTS}][{CJK}]{{2,10}}")
_HONORIFIC = re.compile(rf"(?<=[{CJK}])(?:{_alt(HONORIFICS)}|等[0-9一二三四五六七八九十两]+(?:人|名|户|位))")
_GENDER = re.compile(rf"(?<=[{CJK}])(?:[,(、\t]|[ ]{{1,8}})(?:男|女)(?=[,、)( \t]|$)", re.M)
_SALUTATION = re.compile(rf"(?m)^[ \t]*([{CJK}]{{2,4}}|[{CJK}]{{2,8}}[·•・‧][{CJK}]{{2,10}})(?:先生|女士|同志)?[:：]?[ \t]*$")
_TABLE_START = re.compile(rf"(?m)(?:^|(?<=[\t|])|(?<=[ ]{{2}}))[ ]*(?=[{CJK}])")
_NAME_HEADER = re.compile(r"姓名|名字|户主|人$|人员|对象|代表|专家|成员|家属|学生|考生|患者|领款|收款|联系人")
_STRICT_NAME_HEADER = re.compile(r"姓名|名字|户主|收款人|领款人|申请人|患者|学生")
_CELL = re.compile(rf"(?:[{CJK}]{{2,4}}|[{CJK}]{{2,8}}[{DOTS}][{CJK}]{{2,10}})(?=[ ]{{2,}}|[\t|]|[ ]*$)", re.M)
#: A two-character name padded to three characters' width (田　静, 关 慧): surname, 1-2 spaces, one character.
_PADDED = re.compile(rf"(?<![{CJK}])([{CJK}])[ ]{{1,2}}([{CJK}])(?![{CJK}])")
#: A key-value record: ``姓名：X`` (also 户主姓名：, 申请人姓名：), one record per line or per cell.
_NAME_KEY = re.compile(rf"(?:^|(?<=[^{CJK}]))(?P<key>[{CJK}]{{0,4}}姓名)[:][ ]*(?=[{CJK}])", re.M)
#: A column holding a name and a phone in one cell (代领人及联系电话, 联系人/电话, 姓名及联系方式).
_NAME_PHONE_HEADER = re.compile(r"(?:人|姓名)(?:及|和|与|/|、)?(?:联系)?(?:电话|手机|方式)")
#: The name at the start of such a cell: the name, then a phone number or a bracket (乌云其其格 151…, 张三（女婿）).
_NAME_PHONE_CELL = re.compile(rf"(?:[{CJK}]{{2,5}}|[{CJK}]{{1,8}}[{DOTS}][{CJK}]{{2,10}})(?=[ ]*(?:[0-9]|\()|[ ]*[|\t]|[ ]*$)", re.M)
_NOT_NAME_HEADER = re.compile(r"单位|名称|机构|公司|企业|部门|项目|地址|电话|号码|日期|时间|金额|面积|账号|证号|关系|职务|情况|原因")
_LIST_SEP = re.compile(r"(?:\([^()\n]{0,30}\))?(?:[、 ]{1,3}|[ ]*和[ ]*|[ ]*及[ ]*)")

_ORG = re.compile(r"公司|有限|集团|委员会|政府|中心|银行|医院|学校|大学|学院|协会|合作社|事务所|[局厂店站馆所处科队]")
_LABELS_OFFICIAL_ONLY_IN_LINE_START = {"联系人"}
_MAX_RUN = 12
#: Characters after a dotted name that start the next word (艾尔肯·阿不都热依木的…, …吐尔洪持护照).
_DOT_TAIL_STOP = STOP_AFTER | frozenset("持携居住患经由随陪同前来去回到")
#: A bracketed affiliation after a listed name that makes the person private (（居民代表）, （某某有限公司）).
_PRIVATE_AFFILIATION = re.compile(r"居民|村民|群众|业主|住户|家属|(?<!采购人)(?<!人大)(?<!党)代表|公司|有限|企业|个体|律师事务所|申请人|投诉人|信访人|当事人|举报人|志愿者")
_TITLE_END = frozenset("长员官师事理任记席督监委使")
#: Adverbs and verbs of acting right after a subject name (韦建平立即赶到, 李四第一时间报告).
ACT_AFTER = ("立即", "立刻", "随即", "当即", "迅速", "及时", "第一时间", "主动", "亲自", "带领", "组织", "赶到", "到场",
             "进行", "负责", "牵头", "协调", "陪同", "介绍", "汇报", "通报", "要求", "宣读", "传达")
_PAREN = re.compile(r"\([^()\n]{0,40}\)")
_CONTINUATION = re.compile(rf"[ ]{{3,}}([{CJK}]{{2,4}}|[{CJK}]{{2,8}}[{DOTS}][{CJK}]{{2,10}})[ ]+(?:联系)?(?:电话|手机|座机|方式)")
_APPOINT = re.compile(
    rf"(?P<verb>任命|免去|拟任命|提名|聘任|聘请|推荐|选举|提拔|任用|调任|撤销|免职|补选|增补|委任|关于)"
    rf"(?P<names>[{CJK}{DOTS}]{{2,8}}?(?:[、,和][{CJK}{DOTS}]{{2,8}}?){{0,12}})"
    rf"(?:同志(?:为|任|兼任|担任|不再|的|职务|$)|等[0-9一二三四五六七八九十]*(?:名|位)?同志)"
)


#: Function words that may glue onto the name after them (其中陈浩然，男 -> 陈浩然).
FUNCTION_PREFIXES = ("其中", "其他", "其余", "以及", "并由", "另有", "分别为", "分别是", "包括", "还有", "其次", "此外", "同时")
#: Single function characters glued before a name; stripped only before a full three-character name.
FUNCTION_CHARS = frozenset("和与及由对经据被将把让使给为是系即")


def _skip_function_prefix(text: str, s: int, e: int) -> int:
    """Move ``s`` past a function word glued before a name (其中陈浩然 -> 陈浩然), keeping >= 2 chars."""
    for w in FUNCTION_PREFIXES:
        if text.startswith(w, s) and e - s - len(w) >= 2:
            return s + len(w)
    if e - s == 4 and text[s] in FUNCTION_CHARS:
        return s + 1
    return s


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


class NameJudge:
    """Scores a name candidate with the lexicon. Stateless; one per recognizer."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        # pure functions of the name: memoised (names repeat within and across documents)
        self.stats = functools.lru_cache(maxsize=65536)(self.stats)  # type: ignore[method-assign]
        self.plausible = functools.lru_cache(maxsize=65536)(self.plausible)  # type: ignore[method-assign]
        self._split = functools.lru_cache(maxsize=65536)(self._split_run)

    def stats(self, name: str) -> tuple[float, str | None]:
        """(score, surname): surname prior + given-name character log-odds."""
        if any(ch in DOTS for ch in name):
            return 2.0, None
        sur = self.lex.surname_at(name, 0)
        if sur is None or len(name) <= len(sur):
            return -6.0, sur
        given = name[len(sur) :]
        if len(given) > 2:
            return -6.0, sur
        g = sum(self.lex.given(c) for c in given)
        if len(given) == 1:
            g += 0.3  # two-character names are common; one given char carries less evidence
        return self.lex.surname_prior(sur) + g, sur

    def split(self, text: str, start: int, end: int) -> int | None:
        """Best end of a name starting at ``start`` inside the CJK run ``text[start:end]``.

        Depends only on the run and the character after it, so it is memoised on those.
        """
        e = self._split(text[start : end + 1], end - start)
        return None if e is None else start + e

    def _split_run(self, text: str, end: int) -> int | None:
        start = 0
        run = text[start:end]
        if any(c in DOTS for c in run):
            m = _DOTTED_ANY.match(text, start, end)  # 买合木提.阿西木 (full-width ．) is judged by plausible()
            if m is None:
                return None
            last = max(text.rfind(d, start, m.end()) for d in DOTS)
            for p in range(last + 3, m.end()):  # 韩·阿卜杜已另行申请: the name ends before 已
                if text[p] not in TRANSLIT and (text[p] in _DOT_TAIL_STOP or text.startswith(VERB_AFTER, p)):
                    return p
            return m.end()
        sur = self.lex.surname_at(text, start)
        slen = len(sur) if sur else 1
        if len(run) <= slen + 2:
            return end if len(run) > slen else None
        best, best_score = None, -99.0
        for glen in (1, 2):
            e = start + slen + glen
            if e > end:
                break
            score, _ = self.stats(text[start:e])
            nxt = text[e]
            if nxt in STOP_AFTER or self.lex.negative_word_at(text, e) or text.startswith(VERB_AFTER, e):
                score += 1.5
            if glen == 2 and (self.lex.given(text[e - 1]) < -1.0 or text[e - 1] in STOP_AFTER):
                score -= 2.5
            if score > best_score:
                best, best_score = e, score
        return best

    def plausible(self, name: str, strong: bool) -> bool:
        """A cued candidate: rare surnames allowed when the cue is strong."""
        if len(name) < 2 or any(c in "某" for c in name) or KIN_REF.match(name):
            return False  # 其母蒋月娥: 其母 is the kinship word before the name
        if any(c in DOTS for c in name):
            return _DOTTED.fullmatch(name) is not None or (strong and _DOTTED_SHORT.fullmatch(name) is not None)
        if self.lex.negative_word_at(name, 0) and name in self.lex.negative or name[:2] in self.lex.negative and len(name) == 2:
            return False
        score, sur = self.stats(name)
        if any(self.lex.given(c) <= -9 for c in name[len(sur or "") :]):
            return False  # 那 may be a surname (那丽华) but never a given-name character
        if sur is None or len(name) - len(sur) > 2:
            # minority names without a surname (乌力吉巴图): only when strongly cued and delimited
            return strong and 3 <= len(name) <= 5 and sum(self.lex.given(c) for c in name) > -3.0
        if name in KINSHIP_WORDS or name[len(sur) :] in SURNAME_TITLES:
            return False  # 王先生, 李女士, 陈老师: a surname and a form of address, not a name
        if not strong and name[-1] in PLACE_FINAL:
            return False  # 李家, 卢森堡, 马驹桥: a family or a place
        worst = min(self.lex.given(c) for c in name[len(sur):])
        return score > (-4.5 if strong else 0.0) and worst > (-3.0 if strong else -1.5)


class CnPersonRecognizer(CnRecognizer):
    """Chinese personal names: private persons (HIGH) and officials (LOW)."""

    ENABLED = True
    ENTITIES = (ENTITY,)
    UNCUED_THRESHOLD = 3.2

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.judge = NameJudge(lexicon())
        lex = self.judge.lex
        strong = "".join(sorted(s for s, f in lex.surnames.items() if len(s) == 1 and f >= 100 and s not in STOP_AFTER and s != "其"))
        comp = _alt(s for s, f in lex.surnames.items() if len(s) == 2 and f >= 5)
        good = "".join(sorted(c for c, v in lex.given_scores.items() if v >= 0.8 and len(c) == 1))
        self._uncued = re.compile(rf"(?:{comp}|[{strong}])[{good}]")

    # -- first pass --------------------------------------------------------------------------------
    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        allow = frozenset(ctx.options.get("official_allowlist") or ())
        found: dict[tuple[int, int], Candidate] = {}

        def add(c: Candidate | None) -> None:
            if c is None:
                return
            key = (c.start, c.end)
            old = found.get(key)
            if old is None or c.score > old.score:
                found[key] = c

        for c in self._triggered(text):
            add(c)
        for c in self._table_cells(text, ctx):
            add(c)
        for c in self._after_cues(text):
            add(c)
        for c in self._key_values(text):
            add(c)
        taken = sorted(found)
        busy = {i for s, e in taken for i in range(s, e)}
        for c in self._context_cued(text, busy):
            add(c)
        taken = sorted(found)
        for c in self._uncued_names(text, taken):
            add(c)
        for c in self._speaker_labels(text):
            add(c)
        for c in self._name_lists(text):
            add(c)
        for c in self._tibetan(text):
            add(c)
        busy = {i for s, e in found for i in range(s, e)}
        for c in self._foreign_uncued(text, busy):
            add(c)
        for c in self._list_neighbours(text, list(found.values())):
            add(c)
        for c in self._dotted(text):
            add(c)
        for c in self._appointments(text):
            add(c)
        labelled = list(self._official_lists(text))
        if labelled:
            # the label decides: 出席：区住建局周卫国 is one official, not 住建局周卫国
            covered = {i for c in labelled for i in range(c.start, c.end)}
            for key in [k for k in found if any(i in covered for i in range(*k))]:
                del found[key]
            found.update(((c.start, c.end), c) for c in labelled)
        cands = sorted(found.values(), key=lambda c: (c.start, c.end))
        self._resolve_roles(text, cands)
        for c in cands:
            self._finalise(text, c, allow)
        return cands

    def _resolve_roles(self, text: str, cands: list[Candidate]) -> None:
        """Roles from the surroundings, in order: an appointment (任命X同志为), an official biography
        line (X，男，…现任…), the head of the 、-list holding the name (考官A、B、C), a personnel
        document (任免通知), then the earliest mention of the same name with a known role."""
        appoint_doc = appointment_document(text)
        for c in cands:
            role = c.attributes["role"]
            if role == "official" or role == "private" and not c.attributes.get("weak"):
                continue
            ls, le = text.rfind("\n", 0, c.start) + 1, text.find("\n", c.end)
            line = text[ls : le if le >= 0 else len(text)]
            if APPOINT_AFTER.match(text, c.end) and (appoint_doc or APPOINT_BEFORE.search(text, max(0, c.start - 4), c.start)):
                self._set(c, "official", "任免/职务表述（…同志为/的…职务）")
            elif c.attributes.get("weak") and not text[ls : c.start].strip() and BIO_LINE.search(line) and not BIO_PRIVATE.search(line):
                self._set(c, "official", "任职人员简历（现任/拟任）")
            elif role == "unknown" and (head := list_head_role(text, c.start)) is not None:
                self._set(c, head[0], f"与“{head[1]}”后的姓名并列")
            elif appoint_doc:
                self._set(c, "official", "人事任免文件中的姓名")
        known: dict[str, str] = {}
        for c in cands:
            if c.attributes["role"] != "unknown" and not c.attributes.get("weak"):
                known.setdefault(text[c.start : c.end], c.attributes["role"])
        for c in cands:
            role = known.get(text[c.start : c.end])
            if role and c.attributes["role"] != role and (c.attributes["role"] == "unknown" or c.attributes.get("weak")):
                self._set(c, role, "同文前述姓名")

    @staticmethod
    def _set(c: Candidate, role: str, reason: str) -> None:
        c.attributes["role"] = role
        c.attributes.pop("weak", None)
        c.explanation.append(reason)

    def _candidate(self, s: int, e: int, score: float, cue: str, role: str | None) -> Candidate:
        return Candidate(ENTITY, s, e, score, [cue], {"role": role or "unknown", "cues": [cue]})

    def _run_end(self, text: str, s: int) -> int:
        m = _RUN.match(text, s, min(len(text), s + _MAX_RUN))
        return m.end() if m else s

    def _padded(self, text: str, s: int) -> int | None:
        """End of a two-character name padded with spaces to a three-character width (田　静 -> 田 静
        after normalisation) starting at ``s``, or None. Only called where a cue says a name stands here."""
        m = _PADDED.match(text, s)
        if m is None:
            return None
        name = m.group(1) + m.group(2)
        lex = self.judge.lex
        if name[0] not in lex.surnames or lex.negative_word_at(name, 0) or name in KINSHIP_WORDS:
            return None
        return m.end() if self.judge.plausible(name, strong=True) else None

    def _triggered(self, text: str) -> Iterator[Candidate]:
        for m in _TRIGGER.finditer(text):
            trig = m.group("trig")
            s = m.end()
            role = "official" if trig in OFFICIAL_TITLES else "private"
            if trig == "联系人":
                before = text[max(0, m.start() - 4) : m.start()]
                private = before.endswith(PRIVATE_CONTACT_PREFIX) or contact_owner(text, m.start()) == "private"
                role = "private" if private else "official"
            if trig in ("记录", "主持", "出席", "列席") and not m.group("sep"):
                continue
            strong = bool(m.group("sep")) or text[m.end() - 1] == " "
            if not strong and not self._weak_ok(text, s):
                continue
            yield from self._names_from(text, s, trig, role, strong=strong)

    def _weak_ok(self, text: str, s: int) -> bool:
        """A cue without a colon (当事人未取得...): the next word must really start with a surname."""
        lex = self.judge.lex
        sur = lex.surname_at(text, s)
        if sur is not None and len(sur) == 2:
            return True
        if text[s] in STOP_AFTER or lex.negative_word_at(text, s):
            return False
        if sur is not None and lex.surnames.get(sur, 0) >= 50:
            return True
        # a rare surname (邴, 闵): only a whole delimited word (其子闵浩（15岁）, 业主代表邴志远和…)
        run_end = self._run_end(text, s)
        e = self.judge.split(text, s, run_end) if run_end - s >= 2 else None
        if e is not None and 4 <= run_end - s <= 5 and _TIBETAN_WORD.fullmatch(text, s, run_end):
            return True  # 其监护人索南多杰（: a delimited Tibetan name
        if e is not None and any(c in DOTS for c in text[s:e]):
            return self.judge.plausible(text[s:e], strong=True)  # 同事韩·阿卜杜
        if sur is None or e is None or not 2 <= e - s <= 3:
            return False
        lex_given = self.judge.lex.given
        if e - s == 3 and min(lex_given(ch) for ch in text[s + 1 : e]) >= 0.8 and (e == run_end or lex_given(text[e]) < 0.8):
            return True  # 邻居盖淑华吸入…: two typical given-name characters
        if not (e == run_end or text[e] in "和及与"):
            return False
        return self.judge.plausible(text[s:e], strong=True) and self.judge.stats(text[s:e])[0] > -2.0

    def _names_from(self, text: str, s: int, cue: str, role: str, strong: bool) -> Iterator[Candidate]:
        """The name at ``s`` and any names listed after it with 、 (same cue and role)."""
        first = True
        while True:
            kin = KIN_REF.match(text, s)
            if kin and kin.end() < len(text) and _is_cjk(text[kin.end()]):
                s = kin.end()  # 监护人为其母蒋月娥: the name follows the kinship word
            if first and strong and (pad := self._padded(text, s)) is not None:
                yield self._candidate(s, pad, 0.85, f"触发词“{cue}”（等宽补空格的两字姓名）", role)
                return
            run_end = self._run_end(text, s)
            e = self.judge.split(text, s, run_end) if run_end - s >= 2 else None
            if e is not None and 4 <= run_end - s <= 5 and _TIBETAN_WORD.fullmatch(text, s, run_end):
                e = run_end  # 索南多杰: two Tibetan syllables, not surname 索 + given name
            if e is None:
                return
            name = text[s:e]
            if self._org_after(text, s, e, run_end) or not self.judge.plausible(name, strong=first or e == run_end):
                return
            label = f"触发词“{cue}”" if first else f"与“{cue}”后的姓名并列"
            yield self._candidate(s, e, 0.85 if first else 0.8, label, role)
            first = False
            m = _LIST_SEP.match(text, e)
            if not m or e != run_end and text[e] not in "和及(":
                return
            s = m.end()

    def _org_after(self, text: str, s: int, e: int, run_end: int) -> bool:
        """The name is the start of an organisation (李宁体育用品公司), unless a verb or adverb follows it
        (校医韦建平立即赶到现场处置)."""
        if e < run_end and (text[e] in STOP_AFTER or text.startswith(VERB_AFTER + ACT_AFTER, e)):
            return _ORG.search(text, s, e) is not None
        return _ORG.search(text, s, run_end) is not None

    def _table_cells(self, text: str, ctx: ScanContext) -> Iterator[Candidate]:
        """Cells under a name column (姓名、户主、申请人 ...): tab/``|`` rows, space-aligned rows, docx/xlsx."""
        if not ctx.segments and "\t" not in text and "|" not in text and "  " not in text:
            return
        skip_until = -1
        for m in _TABLE_START.finditer(text):
            s = m.end()
            if s < skip_until:
                continue
            if not ctx.segments and ctx.table_at(s) is None:
                le = text.find("\n", s)
                skip_until = len(text) if le < 0 else le  # tables are whole lines: skip the rest of this one
                continue
            header = ctx.column_header_at(s)
            if not header or text.startswith(header, s):
                continue  # no header, or the header row itself
            cue = f"列标题“{header}”"
            if _NAME_PHONE_HEADER.search(header):
                c = self._name_phone_cell(text, s, cue)
                if c is not None:
                    yield c
                continue
            if not _NAME_HEADER.search(header) or _NOT_NAME_HEADER.search(header):
                continue
            if _STRICT_NAME_HEADER.search(header) and (pad := self._padded(text, s)) is not None:
                yield self._candidate(s, pad, 0.9, cue + "（等宽补空格的两字姓名）", "private")
                continue
            if _STRICT_NAME_HEADER.search(header):
                cell = _CELL.match(text, s)  # the whole cell under 姓名 (旦增, 蒲洋): a name unless a known word
                name = cell.group() if cell else ""
                if name and not self.judge.lex.negative_word_at(name, 0) and not _ORG.search(name) and "某" not in name:
                    yield self._candidate(s, s + len(name), 0.9, cue, "private")
                    continue
            for c in self._names_from(text, s, cue, "private", strong=True):
                c.explanation = [cue] if c.explanation[0].startswith("触发词") else c.explanation
                c.attributes["cues"] = c.explanation
                c.score = 0.9
                yield c

    def _name_phone_cell(self, text: str, s: int, cue: str) -> Candidate | None:
        """The name opening a cell that also holds a phone (乌云其其格 151 3941 0082, 图雅 135…)."""
        m = _NAME_PHONE_CELL.match(text, s)
        if m is None:
            return None
        if not self._whole_name(m.group()):
            return None
        return self._candidate(s, m.end(), 0.85, cue + "（姓名+电话）", "private")

    def _whole_name(self, name: str) -> bool:
        """A whole delimited field under a strong name cue: a name unless a known word, an organisation,
        a de-identified form or a kinship word; longer than 3 characters only without a regular surname
        split (乌兰图雅) or with a compound surname."""
        lex = self.judge.lex
        if lex.negative_word_at(name, 0) or _ORG.search(name) or "某" in name or KIN_REF.match(name) or name in KINSHIP_WORDS:
            return False
        if any(lex.given(c) <= -9 for c in name if c not in DOTS):
            return False
        if any(c in DOTS for c in name):
            return self.judge.plausible(name, strong=True)
        return len(name) <= 5 and self.judge.plausible(name, strong=True) or len(name) <= 5 and sum(lex.given(c) for c in name) > -3.0

    def _key_values(self, text: str) -> Iterator[Candidate]:
        """Key-value records: ``姓名：X　身份证号：…`` (the padded form 姓名：关　慧 included)."""
        if "姓名" not in text:
            return
        for m in _NAME_KEY.finditer(text):
            cue = f"键值“{m.group('key')}：”"
            s, run_end = m.end(), self._run_end(text, m.end())
            if 3 <= run_end - s <= 18 and (run_end == len(text) or text[run_end] in " \t|,;(\n") and self._whole_name(text[s:run_end]):
                c = self._candidate(s, run_end, 0.9, cue + "（整项为姓名）", "private")  # 户主姓名：乌兰图雅　…
                c.attributes["weak"] = True
                yield c
                continue
            for c in self._names_from(text, s, cue, "private", strong=True):
                c.explanation[0] = c.explanation[0].replace(f"触发词“{cue}”", cue)
                c.attributes["cues"] = list(c.explanation)
                c.attributes["weak"] = True  # 姓名：X … 现任…局长 in a personnel notice may be an official
                yield c

    def _after_cues(self, text: str) -> Iterator[Candidate]:
        """Names right before an honorific (先生/女士/等3人), a gender mark or alone on a salutation line."""
        for pattern, kind in ((_HONORIFIC, "honorific"), (_GENDER, "gender")):
            for m in pattern.finditer(text):
                word = m.group().strip(_CUE_STRIP)
                c = self._name_before(text, m.start(), f"{'敬称/量词' if kind == 'honorific' else '性别'}“{word}”")
                if c is not None:
                    yield c
        for m in _SALUTATION.finditer(text):
            name = m.group(1)
            if self.judge.plausible(name, strong=False) and self.judge.stats(name)[0] > 0:
                yield self._candidate(m.start(1), m.end(1), 0.8, "称呼行（来信/答复对象）", "private")

    def _name_before(self, text: str, end: int, cue: str) -> Candidate | None:
        run = _RUN_BEFORE.search(text, max(0, end - 20), end)
        rs = run.start() if run else end
        max_len = 18 if any(c in DOTS for c in text[rs:end]) else 5
        if "性别" in cue:
            rs = _skip_function_prefix(text, rs, end)
        if "性别" in cue and 2 <= end - rs <= max_len and self.judge.plausible(text[rs:end], strong=True):
            c = self._candidate(rs, end, 0.8, cue, "private")
            c.attributes["weak"] = True  # a bio line (X，男，…现任…) may still be an official's
            return c
        best = None
        for n in (3, 2, 4):
            s = end - n
            if s < 0 or not all(_is_cjk(c) for c in text[s:end]):
                continue
            name = text[s:end]
            if n == 4 and name[:2] not in self.judge.lex.compound:
                continue
            if not self.judge.plausible(name, strong=False):
                continue
            score, _ = self.judge.stats(name)
            if best is None or score > best[0] + 0.5:
                best = (score, s)
        if best is None:
            return None
        return self._candidate(best[1], end, 0.8, cue, None)

    def _appointments(self, text: str) -> Iterator[Candidate]:
        """Names in appointment/removal sentences: 任命A、B同志为…, 免去C同志的…职务, 关于D等同志职务任免."""
        if "同志" not in text:
            return
        for m in _APPOINT.finditer(text):
            pos = m.start("names")
            for part in re.split(r"[、,]|和", m.group("names")):
                s, pos = pos, pos + len(part) + 1
                if 2 <= len(part) <= 8 and (self.judge.plausible(part, strong=True) or _TIBETAN.fullmatch(part)):
                    c = self._candidate(s, s + len(part), 0.85, f"任免表述“{m.group('verb')}…同志”", "official")
                    yield c

    def _official_lists(self, text: str) -> Iterator[Candidate]:
        """Names listed after a line label of an official role (办案民警：A、B / 出席：A　区住建局B /
        首席仲裁员：C / 考务组：D　电话：…) and on indented continuation lines (　　E　联系电话：…)."""
        if ":" not in text:
            return
        for m in LINE_LABEL.finditer(text):
            label = m.group("label")
            if label_role(label) is None:
                continue
            if label.endswith(("联系人", "咨询人")) and (
                label.startswith(PRIVATE_CONTACT_PREFIX) or contact_owner(text, m.start("label")) == "private"
            ):
                continue
            le = text.find("\n", m.end())
            le = len(text) if le < 0 else le
            body = _PAREN.sub(lambda p: " " * len(p.group()), text[m.end() : le])
            stop = NEXT_LABEL.search(body, 2)
            body = body[: stop.start() if stop else len(body)]
            cue = f"职责标签“{label}：”"
            for item in _RUN.finditer(body):
                span = self._list_item(body, item.start(), item.end())
                if span is None:
                    continue
                s, e = m.end() + span[0], m.end() + span[1]
                aff = _PAREN.match(text, e)
                if aff and _PRIVATE_AFFILIATION.search(aff.group()):
                    # 出席：…　林某（某科技有限公司）　鲍某（居民代表）: a private person attending
                    yield self._candidate(s, e, 0.9, f"{cue}，但括注“{aff.group()[1:-1]}”为私人身份", "private")
                else:
                    yield self._candidate(s, e, 0.9, cue, "official")
            # indented continuation lines holding one more contact: "      牛某某  联系电话:…"
            while True:
                nm = _CONTINUATION.match(text, le + 1) if le < len(text) else None
                if nm is None:
                    break
                span = self._list_item(text, nm.start(1), nm.end(1))
                if span is not None:
                    yield self._candidate(span[0], span[1], 0.9, cue, "official")
                le = text.find("\n", nm.end())
                le = len(text) if le < 0 else le

    def _list_item(self, text: str, s: int, e: int) -> tuple[int, int] | None:
        """The name in one list item: the whole item, or its tail after an organisation or a title."""
        if self.judge.plausible(text[s:e], strong=True) and not _ORG.search(text, s, e):
            return s, e
        for k in (3, 2, 4):
            ns = e - k
            if ns - s < 1:
                continue
            prefix = text[s:ns]
            if (ORG_END.search(prefix[-2:]) or prefix.endswith(OFFICIAL_TITLES)) and self.judge.plausible(text[ns:e], strong=True):
                return ns, e
        return None

    def _dotted(self, text: str) -> Iterator[Candidate]:
        if not any(d in text for d in "·•・‧"):
            return
        last = -1
        for d in _DOT.finditer(text):  # anchor on the dots: scanning every CJK run is slow
            s = d.start()
            if s < last:
                continue
            while s > 0 and d.start() - s < 12 and _is_cjk(text[s - 1]):
                s -= 1
            m = _DOTTED_RUN.match(text, s)
            if m is None:
                continue
            last = m.end()
            span = trim_dotted(text, m.start(), m.end())
            if span is not None:
                yield self._candidate(span[0], span[1], 0.75, "少数民族/外国姓名（间隔号）", None)

    def _context_cued(self, text: str, busy: set[int]) -> Iterator[Candidate]:
        """Names right after a descriptive role (记者张大伟, 主帅兰帕德) or right before a speech verb
        (于丽娟告诉, 彼得森表示), Chinese or transliterated; the other side must be a boundary."""
        judge = self.judge
        for m in _ROLE_CUE.finditer(text):
            s = m.end()
            if s in busy:
                continue
            run_end = self._run_end(text, s)
            e = judge.split(text, s, run_end) if run_end - s >= 2 else None
            kind = "姓氏+名字"
            # the role word is one cue; a speech verb after the name (总经理左创宏介绍) is a second one
            need = -1.5 if e is not None and after_cue(text, e)[1] >= 0.8 else 0.5
            if e is None or not judge.plausible(text[s:e], strong=need < 0) or judge.stats(text[s:e])[0] < need:
                e, kind = foreign_end(text, s, run_end), "外文译名"
            if e is None:
                continue
            cue, bonus = after_cue(text, e)
            if bonus < 0:
                continue
            expl = f"前置身份词“{m.group()}”（{kind}）" + (f"，其后“{cue}”" if cue else "")
            yield self._candidate(s, e, 0.7, expl, None)
        for m in _SPEECH_CUE.finditer(text):
            e = m.start()
            if e - 1 in busy:
                continue
            best = None
            for n in (3, 2):
                s = e - n
                if s < 0 or not all(_is_cjk(c) for c in text[s:e]):
                    continue
                name = text[s:e]
                # a title-like word ends right before (副领事史某某介绍, 总经理左某某介绍): a cue on both sides
                titled = n == 3 and s > 0 and text[s - 1] in _TITLE_END and not judge.lex.negative_word_at(text, s)
                if not judge.plausible(name, strong=titled):
                    continue
                score = judge.stats(name)[0]
                need = 0.5 if titled or before_cue(text, s)[1] > 0 else 3.5
                if score >= need and (best is None or score > best[0] + 0.5):
                    best = (score, s, "姓氏+名字")
            if best is None:
                s = foreign_start(text, e)
                if s is None or before_cue(text, s)[1] <= 0 or judge.lex.negative_word_at(text, s):
                    continue
                best = (0.0, s, "外文译名")
            yield self._candidate(best[1], e, 0.7, f"其后“{m.group()}”（{best[2]}）", None)

    def _foreign_uncued(self, text: str, busy: set[int]) -> Iterator[Candidate]:
        """Transliterated names standing alone between boundaries (埃托奥、, 阿内尔卡为核心): MEDIUM."""
        for m in _FOREIGN_START.finditer(text):
            s = m.start()
            if s in busy or before_cue(text, s)[1] <= 0:
                continue
            e = foreign_uncued(text, s)
            if e is None or any(i in busy for i in range(s, e)):
                continue
            c = self._candidate(s, e, 0.55, "外文译名用字（无上下文线索）", None)
            c.severity = Severity.MEDIUM
            yield c

    def _name_lists(self, text: str) -> Iterator[Candidate]:
        """A run of >= 3 items joined by 、 that all look like names (rare surnames allowed):
        未提交材料：符亚妹、羊文兴、麦秀兰。"""
        for m in _NAME_LIST.finditer(text):
            items, pos = [], m.start()
            for part in m.group().split("、"):
                items.append((pos, pos + len(part)))
                pos += len(part) + 1
            names = [text[s:e] for s, e in items]
            if sum(len(n) == 3 for n in names) * 3 < len(names) * 2:
                continue
            if not all(self.judge.plausible(n, strong=True) and self.judge.lex.surname_at(n, 0) for n in names):
                continue
            if any(self.judge.lex.negative_word_at(n, 0) for n in names):
                continue
            for s, e in items:
                yield self._candidate(s, e, 0.75, f"顿号并列的{len(items)}个姓名", None)

    def _tibetan(self, text: str) -> Iterator[Candidate]:
        """Tibetan names (two common syllables, no surname) standing alone: 次仁卓嘎, 扎西平措."""
        for m in _TIBETAN.finditer(text):
            yield self._candidate(m.start(), m.end(), 0.75, "藏族姓名（常见音节组合）", None)

    def _speaker_labels(self, text: str) -> Iterator[Candidate]:
        """An interview/minutes speaker label at a line start (张颐武：...) when it looks like a name."""
        for m in _LINE_LABEL.finditer(text):
            name = m.group(1)
            if self.judge.plausible(name, strong=True) and self.judge.stats(name)[0] >= -1.0 and name[-1] not in _LABEL_END:
                yield self._candidate(m.start(1), m.end(1), 0.7, "行首发言人标记（姓名：）", None)

    def _list_neighbours(self, text: str, found: list[Candidate]) -> Iterator[Candidate]:
        """Names listed with 、 next to a found name (格罗索、马特拉齐、莱罗塔列): same shape, same cue."""
        seen = {(c.start, c.end) for c in found}
        todo = sorted(found, key=lambda c: c.start)
        while todo:
            c = todo.pop()
            e = c.end
            if e < len(text) and text[e] == "、":
                s = e + 1
                run_end = self._run_end(text, s)
                ne = run_end if run_end - s <= 4 else None
                if ne is None or (s, ne) in seen:
                    continue
                name = text[s:ne]
                if not (self.judge.plausible(name, strong=True) or foreign_end(text, s, ne) == ne):
                    continue
                n = self._candidate(s, ne, 0.7, f"与姓名“{text[c.start:c.end]}”并列", c.attributes["role"])
                seen.add((s, ne))
                todo.append(n)
                yield n

    def _uncued_names(self, text: str, taken: list[tuple[int, int]]) -> Iterator[Candidate]:
        """Surname + plausible given name with no trigger: the statistics plus what stands before
        (role word, boundary, or a glued character) and after (speech verb, place suffix)."""
        lex = self.judge.lex
        busy = set()
        for s, e in taken:
            busy.update(range(s, e))
        pos = 0
        while True:
            m = self._uncued.search(text, pos)
            if m is None:
                return
            s = m.start()
            pos = s + 1
            if s in busy or (s > 0 and _is_cjk(text[s - 1]) and lex.negative_word_at(text, s - 1)):
                continue
            if lex.negative_word_at(text, s):
                continue
            run_end = self._run_end(text, s)
            e = self.judge.split(text, s, run_end)
            if e is None or e - s < 2:
                continue
            name = text[s:e]
            stat, _ = self.judge.stats(name)
            bcue, b = before_cue(text, s)
            acue, a = after_cue(text, e)
            if a == 0.0 and (text[e] in STOP_AFTER or text.startswith(VERB_AFTER, e)):
                a = 0.8
            score = stat + b + a
            if score < self.UNCUED_THRESHOLD or a < 0 or not self.judge.plausible(name, strong=False):
                continue
            pos = e
            prob = min(0.75, 0.45 + 0.05 * (score - self.UNCUED_THRESHOLD))
            expl = f"姓氏+名字用字统计（{stat:.1f}）"
            if bcue and bcue != "^":
                expl += f"，其前“{bcue}”"
            if acue:
                expl += f"，其后“{acue}”"
            c = self._candidate(s, e, round(prob, 3), expl, None)
            if score < self.UNCUED_THRESHOLD + 1.5 and not acue and b < 2:
                c.severity = Severity.MEDIUM  # stats only: flagged for review, not as a confident finding
                c.explanation.append("无上下文线索，仅用字统计（中）")
            yield c

    # -- role and severity ----------------------------------------------------------------------------
    def _finalise(self, text: str, c: Candidate, allow: frozenset[str]) -> None:
        name = text[c.start : c.end]
        role = c.attributes.get("role", "unknown")
        after = text[c.end : c.end + 8]
        before = text[max(0, c.start - 8) : c.start]
        if name in allow:
            role = "official"
            c.explanation.append("公职人员名单")
        elif after.startswith(OFFICIAL_AFTER):
            role = "official"
            c.explanation.append(f"其后职务“{after[:5]}”")
        elif role == "unknown" and before.endswith(OFFICIAL_TITLES):
            role = "official"
            c.explanation.append("其前职务")
        c.attributes.pop("weak", None)
        sur = self.judge.lex.surname_at(name, 0)
        if sur:
            c.explanation.insert(0, f"姓氏“{sur}”")
        self.set_role(c, role)

    @staticmethod
    def set_role(c: Candidate, role: str) -> None:
        c.attributes["role"] = role
        if role == "official":
            c.severity = Severity.LOW
            c.explanation.append("公职人员履职（低）")
        elif role == "private":
            c.severity = Severity.HIGH
            c.explanation.append("私人个人信息（高）")
        elif c.severity == Severity.MEDIUM:
            c.explanation.append("角色不明（中）")
        else:
            c.severity = Severity.HIGH
            c.explanation.append("角色不明，按私人处理（高）")

    # -- second pass: later mentions ------------------------------------------------------------------
    def document_pass(self, text: str, results: list[RecognizerResult], ctx: ScanContext) -> list[RecognizerResult]:
        names: dict[str, str] = {}
        spans: list[tuple[int, int]] = []
        for r in results:
            if r.entity_type != ENTITY:
                continue
            spans.append((r.start, r.end))
            name = text[r.start : r.end]
            role = (r.recognition_metadata or {}).get(META_ATTRIBUTES, {}).get("role", "unknown")
            if name not in names or names[name] == "unknown" or role == "private":
                names[name] = role
        if not names:
            return []
        busy = set()
        for s, e in spans:
            busy.update(range(s, e))
        lex = self.judge.lex
        allow = frozenset(ctx.options.get("official_allowlist") or ())
        pattern = re.compile(_alt(n for n in names if len(n) >= 2))
        out = []
        for m in pattern.finditer(text):
            s, e = m.span()
            if s in busy or e - 1 in busy:
                continue
            longer = lex.negative_word_at(text, s)
            if longer and len(longer) > e - s or (e < len(text) and _is_cjk(text[e]) and text[e] in "某"):
                continue
            name = m.group()
            c = self._candidate(s, e, 0.75, "同文前述姓名", names[name])
            self._finalise(text, c, allow)
            out.append(self.to_result(c))
        return out
