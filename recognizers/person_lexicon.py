"""Name lexicons for the PERSON recognizer: surnames, given-name character statistics, the negative
lexicon, and the cue words (triggers, official titles, honorifics).

Data files live in ``recognizers/data`` (built by ``scripts/build_data.py``); they are loaded once per
process, lazily and thread-safely, on first use.

>>> lex = lexicon()
>>> lex.surname_at("欧阳春生", 0), lex.surname_at("王磊", 0)
('欧阳', '王')
>>> lex.given("伟") > 0 > lex.given("局")
True
>>> "许可" in lex.negative
True
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from recognizers import cues

DATA = Path(__file__).resolve().parent / "data"
CJK = "\u4e00-\u9fff"
DOTS = "·•・‧."

# -- cue words ---------------------------------------------------------------------------------------
#: Role words before a name that mark a private person (high severity): rows of kind
#: ``private_trigger`` in ``recognizers/data/cues.tsv``.
PRIVATE_TRIGGERS = cues.words("private_trigger")

#: Kinship references that are never names themselves (监护人为其母X, 受援人之兄X): skipped before a name.
KIN_REF = re.compile(r"(?:其|之)(?:父亲|母亲|丈夫|妻子|儿子|女儿|哥哥|姐姐|弟弟|妹妹|[父母妻夫子女兄弟姐妹孙])")

#: Titles/labels before a name that mark an official acting in an official capacity (low severity).
OFFICIAL_TITLES = (
    "省长", "副省长", "市长", "副市长", "区长", "副区长", "县长", "副县长", "乡长", "副乡长", "镇长", "副镇长",
    "局长", "副局长", "主任", "副主任", "书记", "副书记", "科长", "副科长", "处长", "副处长", "厅长", "副厅长",
    "部长", "副部长", "委员", "组长", "副组长", "主席", "副主席", "秘书长", "副秘书长", "调研员", "巡视员",
    "所长", "副所长", "站长", "副站长", "队长", "副队长", "村委会主任", "村支书", "支书", "主任科员", "党组成员",
    "党组书记", "常委", "检察长", "庭长", "审判长", "审判员", "书记员", "执法人员", "执法员", "经办人", "承办人",
    "审核人", "签发人", "审批人", "批准人", "复核人", "核稿人", "拟稿人", "校对人", "记录人", "记录", "主持人",
    "主持", "出席", "列席", "出席人员", "参加人员", "参会人员", "参加会议", "采购人代表", "监督人", "督导员",
    "网格员", "工作人员", "干部", "发言人", "新闻发言人", "区政府党组成员", "党工委书记", "工委书记", "政委",
    "会计", "出纳", "联系人",
    # people acting in their job in an official report or decision
    "民警", "警官", "法官", "检察官", "仲裁员", "首席仲裁员", "调解员", "考官", "主考官", "监考员", "巡考员",
    "班主任", "校医", "辅导员", "办案民警", "办案人员", "驻村第一书记", "第一书记", "包村干部", "驻村干部",
    "检查员", "核查员", "调查人员", "受理人", "专干", "科员", "干事", "协管员",
)

#: Titles right after a name that mark an official.
OFFICIAL_AFTER = (
    "省长", "副省长", "市长", "副市长", "区长", "副区长", "县长", "副县长", "乡长", "镇长", "局长", "副局长",
    "主任", "副主任", "书记", "副书记", "科长", "处长", "厅长", "部长", "主席", "秘书长", "检察长", "庭长",
    "(采购人代表", "(执法", "(经办", "(承办", "(区政府", "(市政府", "(县政府", "(局", "(区", "(市", "(县",
)

#: Labels whose contact person is a *company's* (private), not the government's.
PRIVATE_CONTACT_PREFIX = ("项目", "企业", "公司", "单位", "代理机构", "业主", "家庭", "紧急")

#: Honorifics/quantifiers right after a name.
HONORIFICS = ("先生", "女士", "同志", "老人", "老师", "一家", "夫妇", "全家", "家属", "之子", "之女", "本人")

#: Single characters that end a name (the next token starts here).
STOP_AFTER = frozenset("在于是的等和与及为说称对向将已被把从给让也都就曾因由到了所作、并又还却要会能可应拟负表指认提反获担现今年"
                       "系经自以当向均已未不无即但则而或")

#: Words right after a name that show a person acts (used for uncued candidates).
VERB_AFTER = ("说", "表示", "称", "认为", "介绍", "指出", "告诉", "透露", "坦言", "强调", "回忆", "解释", "提出",
              "反映", "来到", "带领", "主持", "出席", "参加", "签署", "会见", "接受", "获得", "当选", "担任", "出任",
              "先生", "女士", "同志", "教授", "博士", "老师", "曾", "和", "与", "等")

#: Characters that never belong to a real name in our documents (de-identified 张某, 李某某).
NOT_IN_NAME = frozenset("某×*xX○〇您你我他她它们这那哪谁吗呢吧啊么该每各")


@dataclass(frozen=True)
class Lexicon:
    surnames: dict[str, int]
    compound: frozenset[str]
    given_scores: dict[str, float]
    negative: frozenset[str]
    #: frequent two-character ordinary words: where the word after a glued name starts (张捷|永远)
    words: frozenset[str] = frozenset()
    #: foreign places/clubs/brands in transliteration characters (乌迪内斯, 布莱克本): never a lone person
    foreign_places: frozenset[str] = frozenset()

    def surname_at(self, text: str, i: int) -> str | None:
        """The surname starting at ``i`` (compound surnames first), or None."""
        two = text[i : i + 2]
        if two in self.compound:
            return two
        one = text[i : i + 1]
        return one if one in self.surnames else None

    def surname_prior(self, surname: str) -> float:
        """log-odds-like prior: 王 ~ +2, a rare/doubtful surname ~ -3."""
        f = self.surnames.get(surname, 0)
        if f <= 0:
            return -4.0
        if len(surname) == 2:
            return 0.5  # compound surnames are distinctive (words like 东方 are in the negative lexicon)
        return max(-3.0, min(2.0, math.log(f / 300.0)))

    def given(self, ch: str) -> float:
        if ch in NOT_IN_NAME:
            return -9.0
        return self.given_scores.get(ch, -0.5)

    def negative_word_at(self, text: str, i: int) -> str | None:
        """The longest negative-lexicon word starting at ``i`` (2-4 characters)."""
        for n in (4, 3, 2):
            w = text[i : i + n]
            if len(w) == n and w in self.negative:
                return w
        return None


_LOCK = threading.Lock()
_CACHE: dict[str, Lexicon] = {}


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [ln.split("\t") for ln in lines if ln and not ln.startswith("#")]


def lexicon() -> Lexicon:
    """The process-wide lexicon (loaded once, thread-safe)."""
    lex = _CACHE.get("lex")
    if lex is not None:
        return lex
    with _LOCK:
        if "lex" not in _CACHE:
            surnames = {r[0]: int(r[1]) for r in _rows("surnames.tsv")}
            _CACHE["lex"] = Lexicon(
                surnames=surnames,
                compound=frozenset(s for s in surnames if len(s) == 2),
                given_scores={r[0]: float(r[1]) for r in _rows("given_chars.tsv")},
                negative=frozenset(r[0] for r in _rows("surname_words.txt")),
                words=frozenset(r[0] for r in _rows("common_words.txt")),
                foreign_places=frozenset(r[0] for r in _rows("foreign_places.txt")),
            )
    return _CACHE["lex"]
