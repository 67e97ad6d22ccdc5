"""Sensitive-information phrases (PIPL art. 28, GB/T 35273 B.2) found by lexicons and patterns.

This module only finds *phrases* (``患有抑郁症``, ``肢体残疾三级``, ``11岁``, ``青石路小学四年级（2）班``,
``刑满释放``); whether a phrase is tied to a private person -- and so how severe it is -- is decided
by :mod:`recognizers.sensitive`. Offsets are into the normalized text (full-width punctuation is
folded: ``（`` → ``(``, ``，`` → ``,``).

>>> [(p.subtype, p.text) for p in find_phrases("王某某确诊为肺结核,住院治疗。")]
[('health', '确诊为肺结核'), ('health', '住院治疗')]
>>> [(p.subtype, p.text) for p in find_phrases("其子(9岁,城南小学三年级(2)班)")]
[('minor', '9岁'), ('minor', '城南小学三年级(2)班')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from recognizers import cues
from recognizers.sensitive_words import snap

SUBTYPES = ("health", "criminal", "religion", "minor", "financial", "biometric", "whereabouts")

_CJK = "\u4e00-\u9fff"
_PUNCT_STOP = set(",，。;；:：!?！？、|\t\n \"“”'‘’《》<>[]【】")
# characters a health phrase does not extend over (function words, verbs that start a new clause)
_EXTEND_STOP = set("的在由于是并已且和与及被把将向对从到现目经仍需均共其人因系为致成有或等时")
# policy verbs and nouns: 做好结核病防治, 开展癌症筛查, 大病保险
_EXTEND_STOP |= set("父母妻夫儿女孙要做好展强实进加防治控查抓促推筛宣工知救补助保险障服务管理")



def _fast(pattern: str, first: str) -> re.Pattern[str]:
    """``pattern`` behind a lookahead on the characters any match can start with: the regex engine then
    skips other positions quickly (3-7x faster on running text). ``first`` must list every such character."""
    return re.compile(f"(?=[{first}])(?:{pattern})")


def _heads(head: str) -> str:
    """A disease head character not opening an everyday word (cue kind ``health_head_veto``: 病毒, 症状)."""
    rest = [w[1:] for w in cues.words("health_head_veto") if w[0] == head]
    return f"{head}(?!{cues.alternation(rest)})" if rest else head


#: Roman numerals of a type or a degree (Ⅱ型, Ⅲ度): part of the phrase they qualify
_ROMAN = frozenset("ⅠⅡⅢⅣⅤ")

# -- health ------------------------------------------------------------------------------------------
_DIAG_CUE = _fast(
    r"(?:被?确诊为|确诊患有|被?诊断为|诊断患有|经诊断为|患有|罹患|身患|患上了?|(?<![病隐后忧祸疾])患(?![者儿方难病处有上]))"
    r"(?:[^\s,，。;；:：!?！？、|\t\"“”]){1,24}",
    "被确诊经患罹身",
)
_DISABILITY_KIND = r"(?:视力|听力|言语|肢体|智力|精神|多重)"
_GRADE = r"(?:[一二三四1-4]|[ⅠⅡⅢⅣ])"
_GRADE10 = r"(?:十|[一二三四五六七八九]|10|[1-9])"
_DISABILITY = _fast(
    rf"残疾类别\s*(?:为|是|:)?\s*{_DISABILITY_KIND}残疾\s*[,，、]?\s*(?:残疾)?等级\s*(?:为|是|:)?\s*{_GRADE}\s*级"
    rf"|{_DISABILITY_KIND}残疾\s*{_GRADE}\s*级|{_GRADE}\s*级\s*{_DISABILITY_KIND}残疾"
    rf"|残疾等级\s*(?:为|是|:)?\s*{_GRADE}\s*级|{_DISABILITY_KIND}残疾(?!人[证补])"
    r"|(?:智力|视力|听力|精神|言语)障碍"
    # the category and grade without the word 残疾, as in 残疾类别及等级 columns: 肢体二级, 视力一级
    rf"|{_DISABILITY_KIND}\s*{_GRADE}\s*级(?![{_CJK}]{{0,1}}(?:标准|指标|单位|医院|资质|企业))",
    "残视听言肢智精多一二三四1234ⅠⅡⅢⅣ",
)
# disabled servicemen and work injuries: 因战七级, 因公六级, 伤残九级, 九级伤残, (伤残)等级评定为八级
_INJURY_GRADE = _fast(
    rf"(?:因战|因公|因病)\s*(?:致残)?\s*{_GRADE10}\s*级|伤残\s*(?:等级)?\s*(?:为|是|:)?\s*{_GRADE10}\s*级"
    rf"|{_GRADE10}\s*级\s*伤残|(?:伤残|残疾|致残|劳动能力)[^。;；!?\n]{{0,24}}?(?:评定|鉴定|调整)为\s*{_GRADE10}\s*级",
    "因伤残致劳十一二三四五六七八九0123456789",
)
#: disease / treatment words (cue kind ``health_term``); a row's window is how far the phrase grows left
#: over the modifiers in front (急性髓系白血病, 乳腺癌, 双下肢截肢)
HEALTH_TERMS = cues.words("health_term")
GROW_LEFT = {c.word: c.window for c in cues.rows("health_term")}
_HEALTH_TERM = re.compile("|".join(sorted(map(re.escape, HEALTH_TERMS), key=len, reverse=True)))

# -- health families: a modifier + a disease/injury/procedure head (肝包虫病, 类风湿关节炎, 软组织挫伤,
# 植皮术后). The head alone is no phrase; the word must not be one of the everyday words below.
_FAMILY_HEAD = _fast(
    # …病 …症 …炎 …癌 …瘤, not the first character of 病毒 病例 病虫害 症状 症结 炎热 ...
    rf"(?P<h>{_heads('病')}|{_heads('症')}|{_heads('炎')}|[癌瘤])"
    # …挫伤 …扭伤: the kind of wound (not the verb in 挫伤了积极性; 撞伤/摔伤 tell the event, not the injury)
    rf"|(?P<i>[挫扭擦刺划割冻灼挤裂]伤(?!{cues.alternation(cues.words('injury_veto_after'))}))"
    r"|(?P<p>(?:切除|移植|固定|置换|搭桥|植皮|修补|成形|造瘘|复位|缝合|介入|支架|引流)手?术(?:后)?|术后)"
    r"|(?P<m>(?:精神|心理|情感|认知|发育|睡眠|进食|人格|焦虑|应激|行为|注意|学习|语言|功能)障碍)",
    "病症炎癌瘤挫扭擦刺划割冻灼挤裂切移固置搭植修成造复缝介支引术精心情认发睡进人焦应行注学语功",
)
#: everyday words ending in a family head (疾病, 看病, 技术): cue kind ``health_family_negative``
FAMILY_NEGATIVES = frozenset(cues.words("health_family_negative"))
_FAMILY_NEGATIVE_LENGTHS = sorted({len(n) for n in FAMILY_NEGATIVES})  # a suffix test is a set lookup per length
#: a family word followed by these names a department or an institution
_INSTITUTION_AFTER = re.compile(r"(?:医学)?科|医院|专科|中心|门诊部|病区|研究[所院]")
_ORG_AFTER = re.compile(rf"{_INSTITUTION_AFTER.pattern}|研究|防治|防控|疫苗|监测|报告|流行病学")
#: how far a family word grows to the left (肝包虫病, 类风湿关节炎; 右小腿软组织挫伤; 烧伤植皮术后)
_FAMILY_LEFT = {"h": 5, "i": 8, "p": 8, "m": 4}
#: verbs and particles a family word never grows over
_FAMILY_STOP = frozenset("了着过绍说称据示告报反映向给让使")
#: …功能障碍 of a system, not of a body part (系统功能障碍, 平台功能障碍)
_NOT_BODY = re.compile(r"系统|平台|网站|网络|设备|软件|机制|市场|服务|功能区")
#: the place where a procedure was done, cut off the front of the procedure (某医院行膝关节手术后 → 膝关节手术后)
_PROCEDURE_PLACE = re.compile(r"(?:医院|卫生院|诊所|门诊部|中心)行?|行(?=[\u4e00-\u9fff]{1,10}术)")
#: between a procedure and the complication it led to: 手术后出现…损伤, 术后诊断为…
_PROCEDURE_THEN = re.compile(r"\s*,?\s*(?:出现|发生|并发|引发|导致|致|造成|经?诊断为|确诊为|被诊断为)?$")
#: 病历 as a record handled in a complaint (提供/调取/复印病历): no health information
_RECORD_VERB = re.compile(r"(?:提供|调取|调阅|复印|查阅|借阅|封存|索要|索取|出具|补写|篡改|伪造|修改|获取)[^,，。;；]{0,4}$")
#: a complication named as a risk, alone or in a list (告知可能出现出血、感染等风险): a possibility, not someone's condition
_RISK_AFTER = re.compile(rf"(?:[、及和与][{_CJK}]{{1,8}}?){{0,3}}\s*(?:等|的)?(?:风险|危险|可能性)(?!因素)")
#: a bare stay in hospital with only its length or time (住院5天, 住院期间): no illness is named
#: a count of stays before 住院 (两次住院, 3次入院): how often, not why
_STAY_COUNT = re.compile(r"(?:\d+|[一二三四五六七八九十两]+)\s*次$")
_STAY_AFTER = re.compile(r"\s*(?:\d+|[一二三四五六七八九十两半]+)\s*(?:个)?(?:天|日|周|月|次)|期间|时|后")
# burn and frostbite degrees and the burnt area: 双手Ⅱ度烧伤, 深II度烫伤, 烧伤面积约8%
_BURN = _fast(
    r"(?:浅|深)?(?:[ⅠⅡⅢⅣ]|I{1,3}|IV|[一二三四1-4])\s*度\s*(?:烧伤|烫伤|冻伤|灼伤|电击伤)"
    r"|(?:烧伤|烫伤|灼伤)(?:总)?面积\s*(?:约|达|为|共)?\s*\d+(?:\.\d+)?\s*%",
    "浅深ⅠⅡⅢⅣIV一二三四1234烧烫灼",
)
#: …性损伤 / …性损害 with the two characters naming its kind: 吸入性损伤, 挤压性损伤
_KIND_INJURY = re.compile(r"(?<=[\u4e00-\u9fff]{2})性(?:损伤|损害)")
#: symptoms of an illness (a named case's 出现发热、乏力 in a 流调 report): cue kind ``health_symptom``
SYMPTOMS = cues.words("health_symptom")
_SYMPTOM = "|".join(sorted(map(re.escape, SYMPTOMS), key=len, reverse=True))
_SYMPTOM_ITEM = rf"[{_CJK}]{{0,6}}?(?:{_SYMPTOM})(?:\s*\([^()\n]{{0,16}}\))?"
_SYMPTOMS = _fast(
    rf"(?:出现|伴有|伴|表现为|主诉|自述)\s*(?P<list>{_SYMPTOM_ITEM}(?:\s*(?:[、,及和与并]|伴有?)\s*{_SYMPTOM_ITEM})*)"
    r"(?P<etc>等(?:症状|不适)?)?",
    "出伴表主自",
)
#: the treatment a symptom list calls for: …症状,需进行康复治疗 (the list then describes someone's condition)
_TREATMENT_AFTER = re.compile(
    rf"(?:等?(?:症状|不适))?\s*,?\s*(?:需|需要|须|仍需|正在|现正|目前正)\s*(?:接受|进行)?"
    rf"[{_CJK}]{{0,6}}?(?:治疗|干预|手术|康复|住院|服药|疏导|复查)"
)
#: a health word naming a group entitled to a benefit: 失能老年人护理补贴, 重度残疾人护理补贴范围
_CATEGORY_AFTER = re.compile(
    rf"(?:老年人|老人|人员|军人|人|群体|家庭|儿童|对象)[{_CJK}]{{0,4}}?(?:补贴|津贴|补助|救助|范围|待遇|政策|保障|优待|抚恤)"
)

#: an allergy history, with a second condition joined to it: 花粉过敏史及哮喘, 青霉素过敏史
_ALLERGY = _fast(
    rf"(?:过敏史|过敏体质)(?:\s*(?:及|和|并|、)\s*[{_CJK}]{{0,6}}?(?:哮喘|病|症|炎))?",
    "过",
)
#: a local reaction at an injection site, with its size: 接种部位红肿约3cm
_INJECTION_REACTION = _fast(
    r"(?:接种|注射)部位(?:出现)?[红肿硬结疼痛瘙痒化脓溃破发热]{2,8}"
    r"(?:\s*(?:直径)?\s*(?:约|达)?\s*\d+(?:\.\d+)?\s*(?:cm|mm|厘米|毫米)(?:\s*[x×*]\s*\d+(?:\.\d+)?\s*(?:cm|mm|厘米|毫米))?)?",
    "接注",
)
#: physical-examination findings with a measured value: 右眼屈光度-6.50D,高度近视 / 血压152/96mmHg /
#: 心电图提示心律不齐
_EXAM_FINDING = _fast(
    rf"(?:[左右双]眼)?屈光度\s*(?:为|:)?\s*[-+]\s*\d+(?:\.\d+)?\s*D?(?:\s*[,，]\s*(?:高度|中度|轻度)?近视)?"
    r"|血压\s*(?:为|:|测得|高达|达)?\s*\d{2,3}\s*/\s*\d{2,3}\s*mmHg"
    rf"|心电图(?:检查)?(?:提示|示|显示)\s*[{_CJK}]{{2,12}}?(?:过速|过缓|不齐|异常|阻滞|早搏|改变|肥厚|缺血|颤动)",
    "左右双屈血心",
)

# -- minors --------------------------------------------------------------------------------------------
# an age in apposition: "(男,11岁," / "(14岁," / ",9岁)" -- not "3岁以下", "年满16岁", "6至14岁"
_AGE = re.compile(
    r"(?:(?<=[(\[,，、\t|])|(?<=  )|^)\s*(?:[男女]\s*[,，、]\s*)?(?P<age>(?P<n>\d{1,2})\s*周?岁)"
    r"(?=\s*[)\],，、;；。|]|\t|  |[ ]*$)",
    re.M,
)
_SCHOOL = re.compile(
    rf"(?P<school>[{_CJK}]{{1,12}}?(?:小学|中学|初级中学|高级中学|初中|高中|学校|附中|附小|幼儿园))"
    r"(?P<grade>[一二三四五六七八九]年级|初[一二三]|高[一二三]|大班|中班|小班|学前班)?"
    r"(?P<cls>\(?\d{1,2}\)?班|[一二三四五六七八九十]{1,2}班)?(?P<pupil>学生|学童|在读)?"
)
_GRADE_CLASS = re.compile(r"[一二三四五六七八九]年级\(?\d{1,2}\)?班|初[一二三]\(?\d{1,2}\)?班|高[一二三]\(?\d{1,2}\)?班")
#: a child described by the school grade it is in: 正在读高二的儿子, 在上小学三年级的孩子
_CHILD_IN_GRADE = re.compile(
    r"(?:正在?|还在|在)(?:读|上|就读)(?:小学|初中|高中)?(?:[一二三四五六]年级|初[一二三]|高[一二三])的?"
    r"(?:孩子|儿子|女儿|子女|孙子|孙女|小孩|学生)"
)
_MINOR_WORD = re.compile(r"未成年(?:子女|人|学生)|留守儿童|孤儿|事实无人抚养儿童|困境儿童")
#: the age in brackets right after a minor word: 未成年人(13岁), 未成年人(17岁,…
_BRACKET_AGE = re.compile(r"\(\s*(?:[男女]\s*,\s*)?(?P<n>\d{1,2})\s*周?岁(?:\s*\))?")
#: words showing an age belongs to a child (for ages 14-17): cue kind ``child_cue``
CHILD_CUES = cues.words("child_cue")

#: ages right after the names of a child word's list: 子女甲小红12岁、甲小明8岁 (no bracket, no comma)
_NAMED_AGE = rf"[{_CJK}·]{{2,4}}?\d{{1,2}}\s*周?岁"
_KIN_AGES = re.compile(rf"(?:{cues.alternation(CHILD_CUES)})\s*[:,，]?\s*{_NAMED_AGE}(?:\s*[、,，和及]\s*{_NAMED_AGE})*")
_AGE_IN_LIST = re.compile(r"(?P<n>\d{1,2})\s*周?岁")

# -- criminal / administrative records ------------------------------------------------------------------
_CRIMINAL = re.compile(
    r"犯罪记录|刑满释放|社区矫正|吸毒(?:史|人员|成瘾)?|强制隔离戒毒|戒毒(?:人员|所)|服刑|在押|前科"
    r"|判处(?:有期徒刑|拘役|管制|无期徒刑|死刑)[^\s,，。;；]{0,8}|缓刑|假释|取保候审|刑事拘留|监视居住"
    rf"|(?:涉嫌|犯有?)[{_CJK}]{{1,8}}罪"
)
# -- religion / ethnicity --------------------------------------------------------------------------------
_RELIGIONS = r"(?:基督教|天主教|伊斯兰教|佛教|道教|藏传佛教|宗教)"
_RELIGION = re.compile(
    rf"(?:信仰|信奉|皈依|笃信|信)\s*{_RELIGIONS}|{_RELIGIONS}(?:信徒|教徒|信仰)|宗教信仰\s*(?:为|是|:)\s*[{_CJK}]{{1,6}}"
    r"|穆斯林|受洗"
)
_ETHNICITY = re.compile(
    rf"(?<=[(,，、])\s*[男女]\s*[,，、]\s*(?P<e>[{_CJK}]{{1,5}}族)(?=[,，、)])|民族\s*:\s*(?P<e2>[{_CJK}]{{1,5}}族)"
)
# -- financial ----------------------------------------------------------------------------------------------
_FINANCIAL = re.compile(
    r"(?:家庭|个人|本人|人均|月|年|月人均|年人均)?(?:存款|欠款|负债|债务|收入|贷款|欠债|外债|借款)"
    r"\s*(?:余额)?\s*(?:为|约|达|仅|共|合计|计|有)?\s*(?:人民币)?\s*\d[\d,.]*\s*万?元"
)
# -- biometric / whereabouts -------------------------------------------------------------------------------
_BIOMETRIC = re.compile(r"指纹|人脸(?:图像|照片|信息|数据|特征|识别)|虹膜|基因(?:检测|信息|序列|数据)|声纹|掌纹|DNA")
_WHEREABOUTS = re.compile(
    r"(?:行程|行动|活动|出行)轨迹|行踪|行程记录|住宿记录|开房记录|定位信息|实时位置|出入境记录|乘车记录"
)


#: one character of every :data:`HEALTH_TERMS` word: its least common one (by jieba's dictionary), so a
#: roster's place names (向阳村, 红旗村) rarely trigger a search; a new term's first character is added
_HEALTH_TRIGGER = "V乙亢休伤住停入冠卒卧危压友咳哮垂失娠孕孤寒察尿帕感抑折抢损昏染核梅梗植氏流淋淤溢烧烫猩留疗疟疫疮疹疾病症痘痛痢痪痫痴痹瘀瘤瘫癌登睑碍竭综罕聋聪肝肢肺肾肿胃脂脏脑腕臼艾茨荡药虫血衰裂诊诺贫输透阳障霍青靶风"
_HEALTH_TRIGGER += "".join(sorted({t[0] for t in HEALTH_TERMS if not set(t) & set(_HEALTH_TRIGGER)}))
#: For each pattern the phrase search runs: characters every match contains (one of them), and how far
#: a match -- with what its lookarounds and ``\\s*`` runs look at -- reaches from such a character.
_TRIGGERS: dict[re.Pattern[str], tuple[str, int]] = {
    _DIAG_CUE: ("诊患罹", 40),
    _DISABILITY: ("残障级", 60),
    _INJURY_GRADE: ("级", 60),
    _HEALTH_TERM: (_HEALTH_TRIGGER, 16),
    _FAMILY_HEAD: ("病症炎癌瘤伤术碍", 16),
    _BURN: ("度面", 30),
    _KIND_INJURY: ("性", 8),
    _ALLERGY: ("敏", 24),
    _INJECTION_REACTION: ("位", 60),
    _EXAM_FINDING: ("屈压电", 60),
    _SYMPTOMS: ("现伴诉述", 240),
    _AGE: ("岁", 30),
    _SCHOOL: ("学中校小园", 40),
    _GRADE_CLASS: ("班", 16),
    _CHILD_IN_GRADE: ("读上", 30),
    _MINOR_WORD: ("未儿", 16),
    _KIN_AGES: ("岁", 80),
    _CRIMINAL: ("罪刑矫毒押科判释审监", 30),
    _RELIGION: ("教仰穆洗", 30),
    _FINANCIAL: ("元", 60),
    _BIOMETRIC: ("纹脸膜因D", 12),
    _WHEREABOUTS: ("迹踪录位", 12),
    _ETHNICITY: ("族", 24),
}
_ANY_TRIGGER = re.compile("[" + re.escape("".join(sorted({c for t, _ in _TRIGGERS.values() for c in t}))) + "]")
#: texts shorter than this are matched whole (windows only pay off on long texts)
WINDOWED_FROM = 20_000


class _Scanner:
    """Runs each phrase pattern only on the lines around the characters its matches need.

    A 100,000-row roster is mostly digits, names and addresses: one pass over the text finds every
    trigger character (:data:`_TRIGGERS`), and each pattern then searches merged windows of whole
    lines around its own triggers -- the same matches as a search of the whole text, as a match
    holds a trigger and reaches no further than the pattern's reach from it.

    >>> t = "x" * 50 + "\\n患者确诊为肺结核\\n" + "y" * 50
    >>> [m.group() for m in _Scanner(t, windowed_from=0).finditer(_DIAG_CUE)]
    ['确诊为肺结核']
    """

    def __init__(self, text: str, windowed_from: int = WINDOWED_FROM) -> None:
        self.text = text
        self.hits: dict[str, list[int]] | None = None
        if len(text) >= windowed_from:
            self.hits = {}
            for m in _ANY_TRIGGER.finditer(text):
                i = m.start()
                self.hits.setdefault(text[i], []).append(i)

    def finditer(self, rx: re.Pattern[str]) -> Iterator[re.Match[str]]:
        if self.hits is None:
            yield from rx.finditer(self.text)
            return
        trigger, reach = _TRIGGERS[rx]
        for a, b in self._windows(trigger, reach):
            yield from rx.finditer(self.text, a, b)

    def _windows(self, trigger: str, reach: int) -> list[tuple[int, int]]:
        """Merged ``[start, end)`` windows of whole lines (line break included) around the hits."""
        assert self.hits is not None
        lists = [self.hits[c] for c in trigger if c in self.hits]
        positions = lists[0] if len(lists) == 1 else sorted(i for h in lists for i in h)
        text = self.text
        out: list[tuple[int, int]] = []
        for i in positions:
            if out and i - reach < out[-1][1]:
                if i + reach > out[-1][1]:  # grow the last window to this hit's reach
                    out[-1] = (out[-1][0], self._line_end(i + reach))
                continue
            a = text.rfind("\n", 0, max(0, i - reach)) + 1
            b = self._line_end(i + reach)
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
        return out

    def _line_end(self, pos: int) -> int:
        """The end of the line holding ``pos``, after its line break."""
        n = len(self.text)
        if pos >= n:
            return n
        e = self.text.find("\n", pos)
        return n if e < 0 else e + 1


@dataclass(frozen=True)
class Phrase:
    """A sensitive phrase before linking: subtype, span, and how it was found."""

    subtype: str
    start: int
    end: int
    text: str
    how: str  # a short Chinese reason
    detail: str = ""  # e.g. "diagnosis", "disability", "age", "school", "ethnicity", "column"
    age: int | None = None
    child: bool = False  # known to be about a pupil/child (a school column in the same table row)
    cue: str = ""  # the column header or form label that made a cell a phrase


def _extend(text: str, start: int, end: int, left: int = 8, right: int = 8) -> tuple[int, int]:
    """Grow a disease word to the surrounding phrase (胃癌术后化疗), not past punctuation."""
    s = start
    while s > 0 and start - s < left and text[s - 1] not in _PUNCT_STOP and text[s - 1] not in _EXTEND_STOP:
        if not ("\u4e00" <= text[s - 1] <= "\u9fff" or text[s - 1] in _ROMAN):  # Ⅱ型呼吸衰竭
            break
        s -= 1
    e = end
    while e < len(text) and e - end < right and text[e] not in _PUNCT_STOP and text[e] not in _EXTEND_STOP:
        if not ("\u4e00" <= text[e] <= "\u9fff"):
            break
        e += 1
    return s, e


def _grown(text: str, seed_start: int, seed_end: int, left: int, right: int = 8) -> tuple[int, int]:
    """A seed word grown over its modifiers (:func:`_extend`), both edges on word boundaries."""
    s, e = _extend(text, seed_start, seed_end, left=left, right=right)
    return snap(text, s, e, seed_start, seed_end)


def _health(text: str, scan: _Scanner) -> Iterator[Phrase]:
    for m in scan.finditer(_DIAG_CUE):
        s, e = m.span()
        if e < len(text) and "\u4e00" <= text[e] <= "\u9fff":  # stopped by the length limit: end on a word
            cue = len(m.group()) - len(m.group().lstrip("被确诊为患有经罹身上了"))
            s, e = snap(text, s, e, s, s + max(cue, 1))
        yield Phrase("health", s, e, text[s:e], "诊断/患病表述", "diagnosis")
    for rx, how in ((_DISABILITY, "残疾类别/等级"), (_INJURY_GRADE, "伤残类别/等级")):
        yield from (Phrase("health", m.start(), m.end(), m.group(), how, "disability") for m in scan.finditer(rx))
    yield from _terms(text, scan)
    yield from _families(text, scan)
    for m in scan.finditer(_BURN):
        s, e = _grown(text, m.start(), m.end(), left=6, right=0)
        yield Phrase("health", s, e, text[s:e], "烧烫伤程度/面积", "condition")
    for m in scan.finditer(_KIND_INJURY):
        yield Phrase("health", m.start() - 2, m.end(), text[m.start() - 2 : m.end()], "…性损伤", "condition")
    for m in scan.finditer(_ALLERGY):
        s, e = _grown(text, m.start(), m.end(), left=6, right=0)
        if text[max(0, s - 2) : s] == "有无" or text[max(0, s - 1) : s + 1] in ("有无", "询问"):
            continue  # 询问有无过敏史: a form question, not someone's history
        yield Phrase("health", s, e, text[s:e], "过敏史/既往病史", "condition")
    for rx, how in ((_INJECTION_REACTION, "接种/注射部位反应"), (_EXAM_FINDING, "体检结果（测量值/检查提示）")):
        yield from (Phrase("health", m.start(), m.end(), m.group(), how, "condition") for m in scan.finditer(rx))
    yield from _symptoms(text, scan)


def _terms(text: str, scan: _Scanner) -> Iterator[Phrase]:
    """Lexicon words (``health_term`` rows), grown over their modifiers as far as the row's window says."""
    for m in scan.finditer(_HEALTH_TERM):
        if _INSTITUTION_AFTER.match(text, m.end()) or _inside_negative(text, m):
            continue  # 肿瘤科, 肿瘤医院; 意外伤害 (an accident, not a wound)
        if m.group() == "病历" and _RECORD_VERB.search(text, max(0, m.start() - 8), m.start()):
            continue  # 拒绝提供病历, 复印病历: a record in a procedure, not someone's illness
        s, e = _grown(text, m.start(), m.end(), left=GROW_LEFT[m.group()])
        stay = m.group() in ("住院", "入院") and (s, e) == m.span() and bool(
            _STAY_AFTER.match(text, e) or _STAY_COUNT.search(text, max(0, s - 4), s))
        yield Phrase("health", s, e, text[s:e], f"疾病/诊疗词“{m.group()}”", "stay" if stay else "condition")


#: per health term, the everyday words holding it and where (cue kind ``health_term_negative``: 意外伤害)
_TERM_NEGATIVES: dict[str, list[tuple[str, int]]] = {}
for _neg in cues.words("health_term_negative"):
    for _term in HEALTH_TERMS:
        if _term in _neg:
            _TERM_NEGATIVES.setdefault(_term, []).append((_neg, _neg.index(_term)))


def _inside_negative(text: str, m: re.Match[str]) -> bool:
    return any(text.startswith(neg, m.start() - at) for neg, at in _TERM_NEGATIVES.get(m.group(), ()) if m.start() >= at)


def _families(text: str, scan: _Scanner) -> Iterator[Phrase]:
    """A modifier + a disease/injury/procedure head (肝包虫病, 软组织挫伤, 植皮术后), not an everyday word."""
    for m in scan.finditer(_FAMILY_HEAD):
        s, e = _family_span(text, m)
        if _not_a_family_word(text, m, s):
            continue
        if m.lastgroup == "p":
            cut = [c.end() for c in _PROCEDURE_PLACE.finditer(text, s, m.end()) if c.end() <= m.start()]
            s, e = max(cut, default=s), m.end()  # the procedure ends at 术/术后; what follows is a new phrase
            yield Phrase("health", s, e, text[s:e], f"手术/治疗词族“…{m.group()}”", "procedure")
        else:
            yield Phrase("health", s, e, text[s:e], f"疾病/损伤/手术词族“…{m.group()}”", "condition")


def _family_span(text: str, m: re.Match[str]) -> tuple[int, int]:
    """A family head grown over its modifiers, not over a verb (…介绍了结核病 → 结核病), on word boundaries."""
    s, e = _extend(text, m.start(), m.end(), left=_FAMILY_LEFT[m.lastgroup or "h"])
    s = max((i + 1 for i in range(s, m.start()) if text[i] in _FAMILY_STOP), default=s)
    if s < m.start():
        s = snap(text, s, m.end(), m.start(), m.end())[0]
    if e > m.end():
        e = snap(text, m.end() - 1, e, m.end() - 1, m.end())[1]
    return s, e


def _not_a_family_word(text: str, m: re.Match[str], s: int) -> bool:
    word = text[s : m.end()]
    return (
        # 重特大疾病, 各类常见病 (a procedure's head holds its verb: 复位手术 is no everyday 手术)
        (m.lastgroup != "p" and any(word[-k:] in FAMILY_NEGATIVES for k in _FAMILY_NEGATIVE_LENGTHS))
        or bool(_ORG_AFTER.match(text, m.end()))  # 重症医学科, 结核病防治, 包虫病监测: a department or programme
        or (m.lastgroup == "h" and s == m.start())  # a bare 病/症/炎 is no disease name
        or (m.group() == "功能障碍" and (s == m.start() or bool(_NOT_BODY.search(text, s, m.end()))))
    )


def _symptoms(text: str, scan: _Scanner) -> Iterator[Phrase]:
    """出现发热(最高38.9℃)、乏力及皮疹: the list of symptoms after 出现/伴有/表现为. ``detail`` is
    ``symptoms`` for a clinical picture (three or more symptoms, or a measured value), ``symptom`` for a
    short mention (出现发热、咳嗽等症状) that stays a hint."""
    for m in scan.finditer(_SYMPTOMS):
        s, e = m.span("list")
        if m.group("etc"):
            e = m.end("etc")
        n = len(re.findall(_SYMPTOM, m.group("list")))
        clinical = n >= 3 or bool(re.search(r"\(\D{0,6}\d", m.group("list")))
        treated = _TREATMENT_AFTER.match(text, e)
        if treated:  # 伴有失眠症状,需进行治疗: a condition that is being treated
            e, clinical = treated.end(), True
        detail = "symptoms" if clinical else "symptom"
        yield Phrase("health", s, e, text[s:e], f"症状描述（{n}项）", detail)


def _minor(text: str, scan: _Scanner) -> Iterator[Phrase]:
    for m in scan.finditer(_AGE):
        n = int(m.group("n"))
        if n < 18:
            yield Phrase("minor", m.start("age"), m.end("age"), m.group("age"), f"未成年人年龄（{n}岁）", "age", n)
    for m in scan.finditer(_SCHOOL):
        if not (m.group("grade") or m.group("cls")):
            continue
        s = _school_start(text, m.start("school"), m.end("school"))
        yield Phrase("minor", s, m.end(), text[s : m.end()], "学生的学校和年级/班级", "school")
    for m in scan.finditer(_GRADE_CLASS):
        yield Phrase("minor", m.start(), m.end(), m.group(), "学生的年级和班级", "school")
    for m in scan.finditer(_CHILD_IN_GRADE):
        yield Phrase("minor", m.start(), m.end(), m.group(), "在读年级的子女（未成年）", "school", child=True)
    for m in scan.finditer(_KIN_AGES):
        for a in _AGE_IN_LIST.finditer(text, m.start(), m.end()):
            n = int(a.group("n"))
            if n < 18:
                yield Phrase("minor", a.start(), a.end(), a.group(), f"子女等名后的年龄（{n}岁）", "age", n, child=True)
    for m in scan.finditer(_MINOR_WORD):
        age = _BRACKET_AGE.match(text, m.end())
        if age:  # 未成年人(13岁): the status and its age are one phrase
            n = int(age.group("n"))
            yield Phrase("minor", m.start(), age.end(), text[m.start() : age.end()], f"未成年人身份及年龄（{n}岁）",
                         "age", n, child=True)
            continue
        yield Phrase("minor", m.start(), m.end(), m.group(), "未成年人身份", "status")


def _school_start(text: str, start: int, end: int) -> int:
    """The school name starts after the last function word before 小学/中学 (在人和街小学 → 人和街小学)."""
    head = text[start:end]
    for i in range(len(head) - 3, -1, -1):
        if head[i] in "在于的是系到从往去向与及为对由读就":
            return start + i + 1
    return start


def find_phrases(text: str) -> list[Phrase]:
    """Every sensitive phrase in ``text`` (overlapping phrases of one subtype merged), by position."""
    scan = _Scanner(text)
    health = [p for p in _health(text, scan) if p.detail == "diagnosis" or not _RISK_AFTER.match(text, p.end)]
    raw: list[Phrase] = [*_procedures_kept(text, health), *_minor(text, scan)]
    for rx, subtype, how in (
        (_CRIMINAL, "criminal", "犯罪/刑事记录"),
        (_RELIGION, "religion", "宗教信仰"),
        (_FINANCIAL, "financial", "个人财产/收入状况"),
        (_BIOMETRIC, "biometric", "生物识别信息"),
        (_WHEREABOUTS, "whereabouts", "行踪轨迹"),
    ):
        raw.extend(Phrase(subtype, m.start(), m.end(), m.group(), how) for m in scan.finditer(rx))
    for m in scan.finditer(_ETHNICITY):
        g = "e" if m.group("e") else "e2"
        raw.append(Phrase("religion", m.start(g), m.end(g), m.group(g), "民族（与个人关联）", "ethnicity"))
    return [_category(text, p) for p in merge_phrases(text, raw)]


def _procedures_kept(text: str, phrases: list[Phrase]) -> list[Phrase]:
    """Drop a procedure that only leads to the diagnosis after it (膝关节手术后出现右侧神经损伤: the injury
    is the health information, the operation is how it came about); a procedure overlapping a disease
    (乳腺癌术后) or ending the description (骨折,髋关节置换术后) stays.

    >>> [p.text for p in find_phrases("在某医院行膝关节手术后出现右侧神经损伤")]
    ['右侧神经损伤']
    """
    out = []
    for p in phrases:
        if p.detail == "procedure":
            others = [q for q in phrases if q.detail not in ("procedure", "stay")]
            if not any(q.start < p.end and p.start < q.end for q in others):
                nxt = [q.start for q in others if p.end <= q.start <= p.end + 8]
                if nxt and _PROCEDURE_THEN.match(text[p.end : min(nxt)]):
                    continue
            p = replace(p, detail="condition")
        out.append(p)
    return out


def _category(text: str, ph: Phrase) -> Phrase:
    """A health word that names a benefit group (失能老年人护理补贴) is a category, about nobody.

    >>> t = "按时发放失能老年人护理补贴"
    >>> [p.detail for p in find_phrases(t)]
    ['category']
    """
    if ph.subtype == "health" and ph.detail not in ("diagnosis", "column") and _CATEGORY_AFTER.match(text, ph.end):
        return replace(ph, detail="category", how=f"{ph.how}；待遇/补贴类别名称")
    return ph


def merge_phrases(text: str, phrases: list[Phrase]) -> list[Phrase]:
    """Merge health phrases that overlap or touch; drop exact duplicates of other subtypes."""
    out: list[Phrase] = []
    for p in sorted(phrases, key=lambda p: (p.start, -p.end)):
        last = out[-1] if out else None
        if last is not None and last.subtype == p.subtype and p.start <= last.end and (
            p.subtype == "health" or p.end <= last.end
        ):
            end = max(last.end, p.end)
            child, cue = last.child or p.child, last.cue or p.cue
            if end != last.end or child != last.child or cue != last.cue or text[last.start : end] != last.text:
                out[-1] = replace(last, end=end, text=text[last.start : end], child=child, cue=cue)
            continue
        out.append(p)
    return out
