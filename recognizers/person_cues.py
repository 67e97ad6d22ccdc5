"""Context around a name candidate that has no trigger word: what comes before and after it, and
foreign/minority transliterations.

Used by :mod:`recognizers.person` for names in running text (news-like prose in petition replies,
meeting minutes, press releases): ``记者张大伟报道``, ``分析师于丽娟告诉记者``, ``兰帕德表示``.
All word lists are written by hand for this project (general Chinese usage, no corpus).

>>> before_cue("据市场部经理", 6)
('经理', 2.5)
>>> after_cue("张三表示同意", 2)
('表示', 1.5)
>>> after_cue("马驹桥镇", 2)
('桥', -4.0)
>>> foreign_end("兰帕德表示", 0, 5)
3
"""

from __future__ import annotations

import re

from recognizers.person_lexicon import CJK

#: Descriptive roles right before a name (neither an official title nor a private-person trigger):
#: they make the next word a name candidate. Role stays "unknown" (HIGH) unless other cues decide.
ROLE_BEFORE = (
    "记者", "特约记者", "通讯员", "实习生", "编辑", "主编", "总编", "作者", "作家", "画家", "诗人", "歌手", "演员",
    "导演", "主演", "编剧", "制片人", "制作人", "扮演者", "扮演", "主持人", "嘉宾", "经理", "总经理", "副总经理",
    "总监", "总裁", "副总裁", "董事长", "董事", "创始人", "老板", "店主", "厂长", "会长", "校长", "院长", "行长",
    "社长", "教练", "主教练", "主帅", "队长", "球员", "队员", "前锋", "中锋", "后卫", "门将", "选手", "名将",
    "球星", "冠军", "分析师", "设计师", "建筑师", "工程师", "会计师", "律师", "医师", "研究员", "科学家",
    "专家", "学者", "教授", "博士", "研究生", "评论家", "艺术家", "收藏家", "企业家", "主管", "负责人", "代表",
    "发言人", "秘书", "网友", "粉丝", "男子", "女子", "小伙", "村民", "市民", "居民", "工人", "农民", "大爷",
    "大妈", "阿姨", "师傅", "老人", "父亲", "母亲", "儿子", "女儿", "妻子", "丈夫", "外婆", "奶奶", "爷爷",
)

#: Words right after a name that show a person speaking or acting.
SPEECH_AFTER = (
    "表示", "认为", "指出", "告诉", "介绍", "透露", "坦言", "强调", "称", "说", "说道", "笑称", "直言", "感叹",
    "回忆", "解释", "建议", "提醒", "分析", "坦承", "承认", "补充", "回应", "证实", "宣布", "报道", "摄",
    "先生", "女士", "同志", "教授", "博士", "老师", "导演", "执导", "主演", "饰演", "夫妇", "本人", "曾",
)

#: Characters that make the candidate a place or an organisation, not a person (马驹桥, 张家口).
PLACE_AFTER = frozenset("岛桥镇村湖山河江路街寺庙宫园楼城港州县区市省庄屯坡湾峰岭洞塔馆店厂氏族")

#: Characters that may stand right before a name in running text (besides punctuation and roles).
FUNCTION_BEFORE = frozenset("的和与及在对向被让给把将是由跟同请、为据有了到叫找派送像称")

#: Characters of transliterated foreign names and of minority names (古丽娜·艾买提).
TRANSLIT = frozenset(
    "阿埃艾爱安昂奥澳巴拜班邦鲍贝本比彼毕宾波伯勃博布查达戴丹道德登迪蒂丁杜多厄恩尔法菲费芬弗福盖甘"
    "戈哥格贡古哈海汉豪赫亨洪胡霍基吉加佳贾杰捷金卡凯坎康考柯科克肯库夸奎昆拉莱赖兰朗劳勒雷蕾黎里丽"
    "利莉连林琳卢鲁伦罗洛吕马玛迈麦曼芒梅蒙米密敏摩莫墨姆穆纳娜奈南内妮尼涅纽努诺欧帕潘庞佩彭皮珀"
    "普齐奇恰乔切钦琼丘让热瑞萨塞赛桑瑟森沙莎尚什舍施史斯松苏索塔泰坦汤唐特滕提汀廷图托瓦万旺威韦"
    "维温沃乌西希锡夏谢辛休雅亚扬耶伊依因英尤约扎詹泽兹佐吐逊买江汗孜别都不合力木热衣提克"
    "保华山茨默霍琪莉薇娃丝罗杰乔艾丽"
)
#: Characters that almost only occur in transliterations (one is required for an undotted name).
FOREIGN_MARK = frozenset("斯尔特克德森顿娜娅莱奥埃弗伯詹姆夫蒂迪佩诺帕贝梅莫妮萨亨乔琼索塔")

#: Common syllables of Tibetan personal names (a name is usually two of them, no surname).
TIBETAN_SYLLABLES = tuple(
    """次仁 扎西 卓嘎 平措 多吉 卓玛 央金 格桑 旺堆 德吉 拉姆 巴桑 尼玛 达瓦 顿珠 索朗 罗布 普布 边巴 米玛 白玛 强巴
    洛桑 丹增 益西 群培 旦增 曲珍 琼达 仁增 次旦 央宗 措姆 拉巴 旺姆 德庆 贡布 桑珠 曲吉 加措 嘉措 才让 卓玛 吉美
    措 单增 次珍 玉珍 旺久 阿旺 赤列 土登 格列 欧珠 朗杰 尼珍 巴珠 拉珍 桑姆 德央 索南 多杰 才旦 卓尕 公保 更登 当周 南杰""".split()
)

#: Well-known countries, cities, regions and clubs written with transliteration characters: never
#: a person on their own (general knowledge, hand-written).
FOREIGN_PLACES = frozenset(
    """俄罗斯 白俄罗斯 意大利 澳大利亚 奥地利 西班牙 葡萄牙 阿根廷 巴西 智利 秘鲁 哥伦比亚 委内瑞拉 墨西哥 加拿大
    美利坚 英格兰 苏格兰 爱尔兰 荷兰 比利时 卢森堡 瑞士 瑞典 挪威 芬兰 丹麦 冰岛 德意志 波兰 捷克 斯洛伐克 匈牙利
    罗马尼亚 保加利亚 塞尔维亚 克罗地亚 希腊 土耳其 埃及 以色列 伊朗 伊拉克 叙利亚 约旦 黎巴嫩 沙特 阿拉伯 科威特
    卡塔尔 巴林 阿曼 也门 巴基斯坦 阿富汗 印度 尼泊尔 孟加拉 斯里兰卡 缅甸 泰国 老挝 柬埔寨 越南 马来西亚 新加坡
    印度尼西亚 菲律宾 蒙古 哈萨克斯坦 乌兹别克斯坦 吉尔吉斯斯坦 塔吉克斯坦 土库曼斯坦 格鲁吉亚 亚美尼亚 阿塞拜疆
    乌克兰 摩尔多瓦 立陶宛 拉脱维亚 爱沙尼亚 尼日利亚 南非 肯尼亚 埃塞俄比亚 坦桑尼亚 摩洛哥 阿尔及利亚 突尼斯
    利比亚 苏丹 安哥拉 喀麦隆 加纳 新西兰 斐济 古巴 牙买加 巴拿马 哥斯达黎加 伦敦 巴黎 柏林 罗马 米兰 马德里
    巴塞罗那 莫斯科 纽约 华盛顿 洛杉矶 旧金山 芝加哥 波士顿 西雅图 休斯敦 迈阿密 悉尼 墨尔本 多伦多 温哥华 维也纳
    布鲁塞尔 阿姆斯特丹 日内瓦 苏黎世 慕尼黑 法兰克福 汉堡 里斯本 雅典 伊斯坦布尔 开罗 孟买 新德里 雅加达 马尼拉
    达沃斯 奥林匹克 欧洲 亚洲 非洲 美洲 拉丁 阿拉斯加 夏威夷 加利福尼亚 德克萨斯 佛罗里达 曼联 切尔西 阿森纳
    利物浦 巴萨 皇马 尤文 拜仁 多特蒙德 好莱坞 迪士尼 斯坦福 哈佛 耶鲁 普林斯顿 剑桥 牛津 维基""".split()
)

_ROLE_RE = re.compile("(?:" + "|".join(sorted(ROLE_BEFORE, key=len, reverse=True)) + ")$")


def before_cue(text: str, s: int) -> tuple[str | None, float]:
    """What stands right before ``s``: a role word (strong), a boundary (weak) or any other character
    (a penalty: names glued to the previous word are rarely names).

    >>> before_cue("，张三", 1), before_cue("天王寺", 2)
    (('^', 0.5), (None, -1.5))
    """
    if s == 0:
        return "^", 0.5
    prev = text[s - 1]
    if not ("\u4e00" <= prev <= "\u9fff"):
        return "^", 0.5
    m = _ROLE_RE.search(text, max(0, s - 5), s)
    if m:
        return m.group(), 2.5
    if prev in FUNCTION_BEFORE:
        return prev, 0.3
    return None, -1.5


def after_cue(text: str, e: int) -> tuple[str | None, float]:
    """What follows ``e``: a speech/act verb or honorific (strong), a place suffix (veto), else 0."""
    if e >= len(text) or not ("\u4e00" <= text[e] <= "\u9fff"):
        return None, 0.8 if e >= len(text) or text[e] not in "0123456789" else 0.0
    if text.startswith(SPEECH_AFTER, e):
        return next(w for w in SPEECH_AFTER if text.startswith(w, e)), 1.5
    if text[e] in PLACE_AFTER:
        return text[e], -4.0
    return None, 0.0


def foreign_end(text: str, s: int, limit: int) -> int | None:
    """End of a transliterated name (2-6 characters, one distinctive) starting at ``s``, or None."""
    e = s
    while e < limit and e - s < 6 and text[e] in TRANSLIT:
        e += 1
    if e - s < 2 or not any(c in FOREIGN_MARK for c in text[s:e]) or text[s:e] in FOREIGN_PLACES:
        return None
    return e


def foreign_start(text: str, e: int) -> int | None:
    """Start of a transliterated name ending at ``e`` (2-6 characters, one distinctive), or None."""
    s = e
    while s > 0 and e - s < 6 and text[s - 1] in TRANSLIT:
        s -= 1
    if e - s < 2 or not any(c in FOREIGN_MARK for c in text[s:e]) or text[s:e] in FOREIGN_PLACES:
        return None
    return s


_DOT_NAME = re.compile(rf"[{CJK}]{{1,8}}(?:[·•・‧][{CJK}]{{1,10}})+")


def trim_dotted(text: str, s: int, e: int) -> tuple[int, int] | None:
    """Trim a dotted run (海军发言人萨勒曼·阿里就表示 -> 萨勒曼·阿里) to its transliterated part.

    >>> t = "发言人萨勒曼·阿里就表示"
    >>> t[slice(*trim_dotted(t, 0, len(t)))]
    '萨勒曼·阿里'
    """
    first = min(text.find(d, s, e) for d in "·•・‧" if text.find(d, s, e) >= 0)
    ns = first
    while ns > s and text[ns - 1] in TRANSLIT and first - ns < 8:
        ns -= 1
    last = max(text.rfind(d, s, e) for d in "·•・‧")
    ne = last + 1
    while ne < e and text[ne] in TRANSLIT and ne - last <= 10:
        ne += 1
    if first - ns < 1 or ne - last < 2:
        return None
    return ns, ne


def foreign_uncued(text: str, s: int, veto: frozenset[str] = frozenset()) -> int | None:
    """An undotted transliterated name with no cue (埃托奥、 / 阿内尔卡为 / 在穆里尼奥的): 3-5 characters,
    one of them distinctive, a boundary on both sides, not a known foreign place, club or brand
    (``veto``: the hand list plus ``data/foreign_places.txt``).

    >>> foreign_uncued("像梅西、埃托奥、亨利", 4)
    7
    """
    e = foreign_end(text, s, min(len(text), s + 6))
    if e is None or not 3 <= e - s <= 5 or text[s:e] in veto:
        return None
    # foreign_end already asked for one distinctive character; the veto list removes the places and
    # clubs that a second one used to keep out (乌迪内斯, 布莱克本)
    if any(text[s:e].startswith(p) or text[s:e].endswith(p) for p in FOREIGN_PLACES if len(p) >= 2 and p in text[s:e]):
        return None
    nxt = text[e] if e < len(text) else ""
    if nxt and "\u4e00" <= nxt <= "\u9fff" and nxt not in FUNCTION_BEFORE and nxt not in "也就才还都则却曾" and not text.startswith(SPEECH_AFTER, e):
        return None
    return e


def foreign_tail(text: str, s: int, e: int) -> int:
    """End of a name read as Chinese (马尔克, 罗斯达) that goes on in transliteration characters
    (马尔克斯, 罗斯达尔): the longer end when the tail has a distinctive character and the whole has two;
    else ``e``.

    >>> foreign_tail("原作者马尔克斯，", 3, 6), foreign_tail("张伟表示", 0, 2)
    (7, 2)
    """
    if e >= len(text) or text[e] not in TRANSLIT or not all(c in TRANSLIT for c in text[s + 1 : e]):
        return e
    fe = foreign_end(text, s + 1, min(len(text), s + 7))
    if fe is None or fe <= e or not any(c in FOREIGN_MARK for c in text[e:fe]):
        return e
    if sum(c in FOREIGN_MARK for c in text[s:fe]) < 2 or text[s:fe] in FOREIGN_PLACES:
        return e
    return fe


_TEAM = re.compile(r"[0-9]*(?:vs|VS|Vs|对阵)|队(?![长员])")


def team_context(text: str, s: int, e: int) -> bool:
    """A match-up or a team around the candidate (沙尔克04vs曼城, 09科特布斯vs, 切沃队): a club, not a person.

    >>> team_context("6.乌迪内斯vs切沃", 2, 6), team_context("张伟表示", 0, 2)
    (True, False)
    """
    if _TEAM.match(text, e):
        return True
    before = text[max(0, s - 2) : s]
    return before.lower() == "vs" or before.endswith("对阵")

