"""Regenerate the compact package data in ``recognizers/data/`` from ``/work/shared/data``.

Usage: ``python scripts/build_data.py [SHARED_DATA_DIR]`` (default ``../shared/data``).

Outputs (see ``recognizers/data/README.md`` for sources and licences):

* ``surnames.tsv``      surname, frequency (wainshine/Chinese-Names-Corpus, Apache-2.0), known typos dropped
* ``given_chars.tsv``   given-name character log-odds (names vs. ordinary words), from jieba's MIT
                        dictionary (``nr`` entries vs. all other words) plus a hand-written list
* ``surname_words.txt`` negative lexicon: common words that start with a surname character
                        (jieba dictionary, non-name tags, frequent) plus a hand-written list
* ``common_words.txt``  frequent two-character ordinary words (jieba dictionary, frequency >= 1000, no
                        name tags): where the next word starts after a name glued to it (张捷永远 -> 张捷)
* ``foreign_places.txt`` foreign places, clubs and brands written only in transliteration characters
                        (jieba dictionary ``ns``/``nz``/``nt`` entries, 2-6 characters: 乌迪内斯, 布莱克本):
                        a veto for transliterated names standing without a cue
* ``divisions.tsv``     division name, level, short name (suffix stripped) (modood, WTFPL; NBS 2023)

CLUENER is never read here. The files built from jieba's dictionary are static data: the name and address
recognizers never import jieba at run time.

>>> strip_division("甘孜藏族自治州", "city"), strip_division("凉州区", "county"), strip_division("收成镇", "town")
('甘孜', '凉州', '收成')
"""

from __future__ import annotations

import csv
import math
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "recognizers" / "data"

# Known typo/odd rows in the source surname list (README of shared/data).
SURNAME_TYPOS = {"冷狐", "殴阳", "刘付", "刘傅"}

# A hand-written list of characters common in modern given names (the author's own knowledge):
# they get at least a positive score even where the dictionary statistics are thin.
COMMON_GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰华建国志海文玉红金春云林宇浩子涵欣怡梓轩雨思佳晓嘉俊"
    "博鹏飞凤梅琴燕辉斌波亮宁峰鑫晨悦琳婷雪倩颖慧莉萍珍淑琼玲翠菊芬蓉茹薇瑶璐婧妍彤馨蕾琪瑞睿哲宸皓昊泽"
    "轩铭鸿宏德荣祥福寿贵生胜利龙凯旭阳永成东民立新庆昌顺安坤亭振鹤松柏青山川江河清源远航帆杨柳梦婉如"
    "秋冬月星辰露霖琦璇钰铭锋锐坚毅彬豪翔宇奇凡帅可心乐欢喜怡然逸晴菲芸芝蕊薇萱蔚岚霏婕妮娅媛姝娴雯"
    "晶莹洁净纯真美惠贤淑良善仁义礼智信忠孝廉耀光彩焕炜烨煜灿"
)

# Hand-written additions to the negative lexicon (frequent in government drafts).
EXTRA_NEGATIVE = (
    "许可 陈述 高新 黄金 万元 方案 李子 方面 常务 周年 江苏 黄河 石油 金额 于是 向前 程序 马上 高度 高速 "
    "高效 高质量 高标准 全面 全体 全部 全省 全市 全区 全县 全国 文件 文明 文化 安全 安排 安置 任务 任何 "
    "严格 严重 关于 关键 关注 相关 相应 相关规定 公开 公示 公告 公司 公民 公安 公共 公务 公平 公正 公众 "
    "时间 时限 明确 明显 应当 应急 应用 应该 周边 周期 周一 周二 周三 周四 周五 周六 周日 王府 黄色 "
    "白色 白天 红色 金融 金属 金秋 石化 汤汁 常规 常年 常态 常住 于此 于今 向社会 向上级 单位 单元 单独 "
    "原则 原因 原件 原告 原来 原始 宋体 曾经 项目 毛利 钱款 经营 经济 经办 经费 经过 经查 司法 司机 "
    "管理 管辖 管控 简称 简易 邓小平 毛泽东 孙中山 成立 成员 成效 成本 成果 成都 齐全 齐心 谷物 林业 林地 "
    "林区 马路 华北 华东 华南 华侨 田地 田间 梁山 甘肃 甘于 房屋 房产 房租 房东 燕麦 包括 包装 包含 "
    "朱红 连续 连同 连接 查处 查明 查询 查封 查阅 申请 申报 申诉 符合 符号 宁夏 宁波 温度 温州 温和 "
    "卫生 卫健 卫星 易于 易燃 易发 乔木 余额 余下 伍仟 伍佰 程度 程序性 苏州 苏木 雷电 贺信 贺电 "
    "戴帽 康复 康养 柏油 邱陵 秦岭 沈阳 武汉 武威 武装 贵州 贵阳 章程 章节 车辆 车位 车主 和平 和谐 "
    "左右 右侧 上述 上级 上报 上午 上年 下午 下达 下列 下属 路口 路段 路面 党委 党组 党员 党建 "
    "姓名 简章 被征收 其母亲 其父亲 其家属 其本人 凡是 居民 居住 水平 水利 水费 牛肉 牛奶 羊肉 龙头 钟点 闻讯 鲁迅 海关 海洋 海南 海口 海淀 "
)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


# -- surnames ---------------------------------------------------------------------------------------
def build_surnames(shared: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in read_tsv(shared / "surnames.tsv"):
        name = row["surname"].strip()
        if not name or name in SURNAME_TYPOS:
            continue
        out[name] = max(out.get(name, 0), int(row["frequency"]))
    return out


# -- divisions --------------------------------------------------------------------------------------
_ETHNIC = re.compile(r"(?:[\u4e00-\u9fff]{1,8}?族)+(?=自治)")
_SUFFIXES = {
    "province": ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市"),
    "city": ("自治州", "地区", "盟", "市"),
    "county": ("自治县", "自治旗", "特区", "林区", "新区", "区", "县", "市", "旗"),
    "town": ("民族乡", "街道办事处", "街道", "办事处", "苏木", "镇", "乡"),
}
_PLACEHOLDERS = {"市辖区", "省直辖县级行政区划", "自治区直辖县级行政区划", "县"}


def strip_division(name: str, level: str) -> str:
    """Short form of a division name (suffix and ethnic qualifiers removed); '' if < 2 chars."""
    for suf in _SUFFIXES.get(level, ()):
        if name.endswith(suf) and len(name) > len(suf):
            short = name[: -len(suf)]
            short = _ETHNIC.sub("", short + "自治")[: -2] if "族" in short else short
            return short if len(short) >= 2 else ""
    return ""


def build_divisions(shared: Path) -> list[tuple[str, str, str]]:
    rows: dict[tuple[str, str], str] = {}
    for row in read_tsv(shared / "admin_divisions.tsv"):
        name, level = row["name"].strip(), row["level"].strip()
        if name in _PLACEHOLDERS or len(name) < 2:
            continue
        rows[(name, level)] = strip_division(name, level)
    return sorted(((n, lv, s) for (n, lv), s in rows.items()), key=lambda r: (r[1], r[0]))


# -- given-name statistics and negative lexicon (jieba dictionary, MIT) -----------------------------
def jieba_dict() -> Path | None:
    try:
        import jieba  # noqa: PLC0415 - build-time only
    except ImportError:
        return None
    return Path(os.path.dirname(jieba.__file__)) / "dict.txt"


def jieba_entries() -> Iterator[tuple[str, int, str]]:
    """``(word, frequency, tag)`` of every well-formed entry of jieba's dictionary (none without jieba)."""
    path = jieba_dict()
    if path is None:
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                yield parts[0], int(parts[1]), parts[2]


def build_given_and_negative(surnames: dict[str, int]) -> tuple[dict[str, float], list[str]]:
    top = {s for s, f in surnames.items() if f >= 20 and len(s) == 1}
    name_chars: Counter[str] = Counter()
    gen_chars: Counter[str] = Counter()
    negative: set[str] = set(EXTRA_NEGATIVE.split())
    for word, freq, tag in jieba_entries():
        if tag == "nr":
            if len(word) == 3 and word[0] in top:
                name_chars.update(word[1:])
            continue
        weight = math.log1p(freq)
        for ch in word:
            gen_chars[ch] += weight
        if (
            2 <= len(word) <= 4
            and word[0] in surnames
            and freq >= 30
            and all("\u4e00" <= c <= "\u9fff" for c in word)
            and not tag.startswith("nr")
        ):
            negative.add(word)
    n_total = sum(name_chars.values()) or 1
    g_total = sum(gen_chars.values()) or 1
    scores: dict[str, float] = {}
    for ch in set(name_chars) | set(gen_chars):
        pn = (name_chars[ch] + 0.5) / n_total
        pg = (gen_chars[ch] + 5.0) / g_total
        score = math.log(pn / pg)
        if abs(score) >= 0.3 and (name_chars[ch] >= 3 or gen_chars[ch] >= 50):
            scores[ch] = round(max(-4.0, min(4.0, score)), 2)
    for ch in COMMON_GIVEN:
        scores[ch] = max(scores.get(ch, 0.0), 1.0)
    return scores, sorted(negative)


#: Minimum jieba frequency of a two-character word that marks where the word after a name starts.
COMMON_WORD_FREQ = 1000


def build_common_words() -> list[str]:
    """Frequent two-character ordinary words (no name tags) from jieba's dictionary."""
    return sorted({
        word for word, freq, tag in jieba_entries()
        if len(word) == 2 and freq >= COMMON_WORD_FREQ and not tag.startswith("nr")
        and all("\u4e00" <= c <= "\u9fff" for c in word)
    })


#: jieba tags of place / organisation / other proper-noun entries used for the transliteration veto.
VETO_TAGS = ("ns", "nz", "nt")


def build_foreign_places() -> list[str]:
    """jieba place/organisation/proper-noun entries written only in transliteration characters
    (乌迪内斯, 布莱克本, 波尔多): never a person when they stand alone."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from recognizers.person_lexicon import TRANSLIT  # noqa: PLC0415 - the recognizer's own character set

    out = {word for word, _, tag in jieba_entries()
           if tag in VETO_TAGS and 2 <= len(word) <= 6 and all(c in TRANSLIT for c in word)}
    return sorted(out)


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    OUT.mkdir(parents=True, exist_ok=True)
    surnames = build_surnames(shared)
    with (OUT / "surnames.tsv").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# surname\tfrequency  (wainshine/Chinese-Names-Corpus, Apache-2.0; see README.md)\n")
        for s, f in sorted(surnames.items(), key=lambda kv: (-kv[1], kv[0])):
            fh.write(f"{s}\t{f}\n")
    given, negative = build_given_and_negative(surnames)
    with (OUT / "given_chars.tsv").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# char\tlog-odds in given names vs ordinary words (jieba dict.txt, MIT; see README.md)\n")
        for ch, sc in sorted(given.items(), key=lambda kv: (-kv[1], kv[0])):
            fh.write(f"{ch}\t{sc}\n")
    with (OUT / "surname_words.txt").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# common words starting with a surname character (jieba dict.txt, MIT + hand list)\n")
        fh.write("\n".join(negative) + "\n")
    common = build_common_words()
    with (OUT / "common_words.txt").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"# frequent two-character ordinary words (jieba dict.txt, MIT; frequency >= {COMMON_WORD_FREQ}, no nr* tag)\n")
        fh.write("\n".join(common) + "\n")
    places = build_foreign_places()
    with (OUT / "foreign_places.txt").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"# foreign places/clubs/brands in transliteration characters (jieba dict.txt, MIT; tags {'/'.join(VETO_TAGS)})\n")
        fh.write("\n".join(places) + "\n")
    with (OUT / "divisions.tsv").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# name\tlevel\tshort  (modood/Administrative-divisions-of-China, WTFPL; NBS 2023 codes)\n")
        for name, level, short in build_divisions(shared):
            fh.write(f"{name}\t{level}\t{short}\n")
    sizes = {p.name: p.stat().st_size for p in OUT.iterdir() if p.is_file()}
    print(f"surnames {len(surnames)}, given chars {len(given)}, negative words {len(negative)}, common words {len(common)}, foreign places {len(places)}; bytes {sizes}")


if __name__ == "__main__":
    main()
