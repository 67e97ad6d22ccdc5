#!/usr/bin/env python3
"""Build the h14 blind gold standard from the annotated corpus.

Reads corpus/*.txt (UTF-8, inline markup ⟦LABEL|text⟧), strips the markup and
writes, next to this script:
  gold.jsonl      one JSON object per document:
                  {"doc", "text", "spans": [{"start","end","label","class","text"}]}
                  offsets are character offsets into the plain text, end exclusive;
                  automatic PLACE spans also carry "auto": true.
  plain/<doc>     the stripped text (what a screening tool scans).

Output format and checks are those of shared/eval-dev/build.py (this script is
adapted from it), plus the checks marked (+).

Validation (exit status 1 on any error):
  * markup well-formed, labels from the fixed set, no stray brackets, no nesting,
    no '|' and no edge spaces inside span text;
  * every ID_CARD span passes the GB 11643 check digit (18-char form, after
    removing whitespace and converting full-width digits) with a real birth
    date, or is a 15-digit legacy number with a real birth date;
  * (+) every ID_CARD span is listed in ID_FACTS with the sex and the age or
    birth date the text states for its holder; the sex digit and the birth date
    must agree with them (age computed at the document's PUB_DATE), and the
    stated sex and age/birth-date strings must occur in the same line as the
    span or, failing that, in the same paragraph;
  * (+) the first 6 digits of every ID_CARD and MASKED_ID are a county code of
    the document's province (DOC_PROVINCE; codes in COUNTY_CODES, cross-checked
    against shared/data/admin_divisions.tsv when that file is present);
  * (+) the document's PUB_DATE occurs in its text as YYYY年M月D日;
  * every BANK_CARD span passes Luhn and has 16-19 digits;
  * every PHONE span is a mainland mobile number; every MASKED_ID has a mask;
  * every unwrapped run of 17 digits + digit/X (not part of a longer digit run)
    FAILS the ID check digit (hard negatives must really be invalid);
  * every unwrapped 16-19 digit run FAILS Luhn (hard negatives must really be
    invalid; corporate accounts of other lengths are not checked);
  * a name annotated as PERSON or OFFICIAL somewhere in a document is
    annotated at every other occurrence in that document too.
Warnings (printed, not fatal): unwrapped mobile-like numbers that are not in
INTENTIONAL_NEGATIVES, unwrapped non-gov.cn e-mail addresses, documents
outside 600-1500 characters.

Automatic PLACE spans: every occurrence of a name in PLACE_NAMES outside an
annotated span is added as an "either" PLACE span marked "auto": true.

Standard library only.  Run:  python3 build.py
"""
import datetime
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
PLAIN = os.path.join(HERE, "plain")
GOLD = os.path.join(HERE, "gold.jsonl")

MUST = {"PERSON", "ID_CARD", "PHONE", "LANDLINE", "BANK_CARD", "EMAIL",
        "ADDRESS", "PASSPORT", "PLATE", "HEALTH", "MINOR", "SECRET_MARK"}
EITHER = {"OFFICIAL", "ORG_PHONE", "MASKED_ID", "USCC", "PLACE"}
LABELS = MUST | EITHER

OPEN, CLOSE, SEP = "\u27e6", "\u27e7", "|"
MARK_RE = re.compile(OPEN + r"([A-Z_]+)\|([^" + OPEN + CLOSE + r"]*)" + CLOSE)

FW = str.maketrans("０１２３４５６７８９ＸｘＩ", "0123456789XxI")
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_MAP = "10X98765432"

# Place names used in this corpus.  Every occurrence outside an annotated span
# becomes an automatic PLACE ("either") span, so flagging a bare place name is
# neither rewarded nor penalised.
PLACE_NAMES = """
甘肃省 贵州省 广东省 广西壮族自治区 青海省 山西省 黑龙江省 江苏省
北京市 天津市 上海市 东莞市 佛山市 河池市 西宁市 银川市 拉萨市 吕梁市
临夏回族自治州 黔东南州 黔东南苗族侗族自治州
东乡族自治县 东乡县 雷山县 都安瑶族自治县 睢宁县 西青区 循化撒拉族自治县 循化县 望奎县
平遥县 西城区 金凤区 普陀区 城关区 互助土族自治县 临县 兴庆区
锁南镇 西江镇 丹江镇 郎德镇 永乐镇 大塘镇 望丰乡 地苏镇 睢城街道 张家窝镇 街子镇
东风街道 卫星镇 通江镇 前进街道 惠七满族镇 灵山满族乡 火箭镇 古陶镇 展览路街道
长城中路街道 长风新村街道 扎细街道 吉日街道 纳金街道 八廓街道 丹麻镇 碛口镇
羊排村 白岩村 报德村 乔歪村 新桥村 公统村 拉棠村 大定村 柳营村 上草滩村 汉水沟村
后山坪村 榆荫里社区 榆荫里
""".split()

# Unwrapped numbers that look like mobiles on purpose (hard negatives); no warning.
INTENTIONAL_NEGATIVES = {
    # 07: 11-digit 体检编号 that start with 13 like a mobile
    "13260810021", "13260810034", "13260810047", "13260810052", "13260810068",
    "13260810075", "13260810089",
    # 11: 11-digit 立案登记号
    "13270603115",
}

# Publication date of each document (ages in the text are stated as of this date).
PUB_DATE = {
    "01_dibao_nianshen.txt": "2026-03-16",
    "02_yiliao_jiuzhu_jiesuan.txt": "2026-04-08",
    "03_liushou_ertong_taizhang.txt": "2026-05-20",
    "04_qiling_shijian_tongbao.txt": "2026-06-12",
    "05_huozai_shigu_baogao.txt": "2026-02-27",
    "06_nishui_shigu_tongbao.txt": "2026-07-21",
    "07_zhengbing_tijian_gongshi.txt": "2026-08-10",
    "08_gaoling_jintie_mingdan.txt": "2026-09-15",
    "09_dianti_zhengxun_jieguo.txt": "2026-04-28",
    "10_wuye_jiufen_tiaojieshu.txt": "2026-05-08",
    "11_zaosheng_tousu_dafu.txt": "2026-06-30",
    "12_sqjz_guanli_qingkuang.txt": "2026-10-12",
    "13_shuzhi_shulian_baogao.txt": "2026-01-20",
    "14_neibu_qingshi_mimi.txt": "2026-11-05",
    "15_xxgk_peixun_jiangyi.txt": "2026-03-05",
}

# Province (2-digit code) whose county codes the document's ID numbers must use.
DOC_PROVINCE = {
    "01": "62", "02": "52", "03": "45", "04": "32", "05": "12", "06": "63", "07": "23",
    "08": "14", "09": "11", "10": "64", "11": "31", "12": "54", "13": "63", "14": "14",
    "15": "64",
}

# County codes used by ID_CARD / MASKED_ID spans (name from admin_divisions.tsv).
COUNTY_CODES = {
    "622926": "东乡族自治县", "451228": "都安瑶族自治县", "120111": "西青区",
    "630225": "循化撒拉族自治县", "231221": "望奎县", "140728": "平遥县",
    "640106": "金凤区", "540102": "城关区", "141124": "临县", "640104": "兴庆区",
}
ADMIN_TSV = os.path.join(HERE, "..", "..", "shared", "data", "admin_divisions.tsv")

# Every ID_CARD span: normalised number -> (stated sex term, stated age or birth date).
# The sex term maps through SEX_TERMS; an age is "67", "67岁" or "80周岁"; a birth
# date is "1945年11月7日" or "2014年11月".  Both strings must occur next to the span.
SEX_TERMS = {"男": "M", "女": "F"}
ID_FACTS = {
    "01_dibao_nianshen.txt": {
        "62292619580814465X": ("男", "67"),
        "622926197311020757": ("男", "52"),
        "622926198012099279": ("男", "45"),
    },
    "03_liushou_ertong_taizhang.txt": {
        "451228201609036365": ("女", "2016年9月3日"),
    },
    "05_huozai_shigu_baogao.txt": {
        "120111196407198055": ("男", "61岁"),
    },
    "06_nishui_shigu_tongbao.txt": {
        "630225198303055714": ("男", "43岁"),
    },
    "07_zhengbing_tijian_gongshi.txt": {
        "231221200603220938": ("男", "20"),
    },
    "08_gaoling_jintie_mingdan.txt": {
        "140728194511077119": ("男", "1945年11月7日"),
        "140728194606230083": ("女", "1946年6月23日"),
        "140728193602147878": ("男", "1936年2月14日"),
        "140728440321178": ("女", "1944年3月21日"),
        "14072819411202188X": ("女", "1941年12月2日"),
    },
    "10_wuye_jiufen_tiaojieshu.txt": {
        "640106196905128085": ("女", "1969年5月12日"),
    },
    "12_sqjz_guanli_qingkuang.txt": {
        "540102199010140416": ("男", "35岁"),
        "540102199703085763": ("女", "29岁"),
        "540102197405276634": ("男", "52岁"),
    },
    "14_neibu_qingshi_mimi.txt": {
        "141124196804150991": ("男", "58岁"),
        "141124196302082845": ("女", "63岁"),
    },
}


def load_counties():
    """County-level codes from shared/data/admin_divisions.tsv, or None if absent."""
    try:
        with open(ADMIN_TSV, encoding="utf-8") as fh:
            rows = [line.rstrip("\n").split("\t") for line in fh]
    except OSError:
        return None
    return {r[0]: r[1] for r in rows[1:] if len(r) >= 3 and r[2] == "county"}


def age_at(birth, when):
    return when.year - birth.year - ((when.month, when.day) < (birth.month, birth.day))


def id_birth_sex(n):
    """(birth date, 'M'/'F') of a normalised 18- or 15-digit ID number."""
    if len(n) == 18:
        b, sexd = datetime.date(int(n[6:10]), int(n[10:12]), int(n[12:14])), int(n[16])
    else:
        b, sexd = datetime.date(1900 + int(n[6:8]), int(n[8:10]), int(n[10:12])), int(n[14])
    return b, ("M" if sexd % 2 else "F")


def context_has(plain, start, term):
    """term (an age is matched as a whole number) in the span's line, else its paragraph."""
    if re.fullmatch(r"\d+", term):
        pat = re.compile(r"(?<![0-9])" + term + r"(?![0-9])")
    else:
        pat = re.compile(re.escape(term))
    ls = plain.rfind("\n", 0, start) + 1
    le = plain.find("\n", start)
    le = len(plain) if le < 0 else le
    if pat.search(plain[ls:le]):
        return True
    ps = plain.rfind("\n\n", 0, start)
    ps = 0 if ps < 0 else ps
    pe = plain.find("\n\n", start)
    pe = len(plain) if pe < 0 else pe
    return bool(pat.search(plain[ps:pe]))


def check_id_facts(name, plain, spans, errors):
    facts = ID_FACTS.get(name, {})
    pub = PUB_DATE.get(name)
    if pub is None:
        errors.append(f"{name}: no PUB_DATE")
        return
    when = datetime.date.fromisoformat(pub)
    if f"{when.year}年{when.month}月{when.day}日" not in plain:
        errors.append(f"{name}: PUB_DATE {pub} does not occur in the text")
    prov = DOC_PROVINCE.get(name[:2])
    seen = set()
    for sp in spans:
        if sp["label"] not in ("ID_CARD", "MASKED_ID"):
            continue
        n = norm(sp["text"]).upper()
        if prov and not (n[:6] in COUNTY_CODES and n[:2] == prov):
            errors.append(f"{name}: {sp['label']} {sp['text']!r} does not start with a "
                          f"county code of province {prov}")
        if sp["label"] != "ID_CARD":
            continue
        seen.add(n)
        if n not in facts:
            errors.append(f"{name}: ID_CARD {n} has no entry in ID_FACTS")
            continue
        sex_term, stated = facts[n]
        try:
            birth, sex = id_birth_sex(n)
        except ValueError:
            continue   # bad date already reported
        if SEX_TERMS.get(sex_term) != sex:
            errors.append(f"{name}: ID {n} sex digit says {sex}, text says {sex_term!r}")
        m_age = re.fullmatch(r"(\d+)(?:岁|周岁)?", stated)
        m_birth = re.fullmatch(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?", stated)
        if m_age:
            if age_at(birth, when) != int(m_age.group(1)):
                errors.append(f"{name}: ID {n} gives age {age_at(birth, when)} on {pub}, "
                              f"text says {stated!r}")
        elif m_birth:
            y, mo, d = (int(g) if g else None for g in m_birth.groups())
            if (birth.year, birth.month) != (y, mo) or (d is not None and birth.day != d):
                errors.append(f"{name}: ID {n} birth {birth}, text says {stated!r}")
        else:
            errors.append(f"{name}: ID_FACTS entry for {n} has an unreadable age/birth {stated!r}")
        for term in (sex_term, stated):
            if not context_has(plain, sp["start"], term):
                errors.append(f"{name}: stated {term!r} for ID {n} not found next to it")
    for n in facts:
        if n not in seen:
            errors.append(f"{name}: ID_FACTS lists {n}, which is not an ID_CARD span")


def auto_places(plain, spans):
    taken = [False] * len(plain)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            taken[i] = True
    added = []
    for name in sorted(set(PLACE_NAMES), key=len, reverse=True):
        start = 0
        while True:
            i = plain.find(name, start)
            if i < 0:
                break
            j = i + len(name)
            if not any(taken[i:j]):
                for k in range(i, j):
                    taken[k] = True
                added.append({"start": i, "end": j, "label": "PLACE", "class": "either",
                              "text": name, "auto": True})
            start = i + 1
    return sorted(spans + added, key=lambda s: (s["start"], s["end"]))


def norm(s):
    s = s.translate(FW)
    return re.sub(r"[\s\-\u3000]", "", s)


def id_check_ok(s18):
    s18 = s18.upper()
    if not re.fullmatch(r"\d{17}[\dX]", s18):
        return False
    total = sum(int(c) * w for c, w in zip(s18[:17], ID_W))
    return ID_MAP[total % 11] == s18[17]


def date_ok(y, m, d):
    try:
        datetime.date(y, m, d)
        return True
    except ValueError:
        return False


def luhn_ok(num):
    if not num.isdigit():
        return False
    total = 0
    for i, c in enumerate(reversed(num)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def parse(raw, name, errors):
    out, spans, pos, last = [], [], 0, 0
    for m in MARK_RE.finditer(raw):
        chunk = raw[last:m.start()]
        out.append(chunk)
        pos += len(chunk)
        label, text = m.group(1), m.group(2)
        if label not in LABELS:
            errors.append(f"{name}: unknown label {label!r} at raw offset {m.start()}")
        if not text or text != text.strip(" \u3000\n\t"):
            errors.append(f"{name}: empty span or span with edge spaces: {m.group(0)!r}")
        if SEP in text:
            errors.append(f"{name}: '|' inside span text {m.group(0)!r}")
        spans.append({"start": pos, "end": pos + len(text), "label": label,
                      "class": "must" if label in MUST else "either", "text": text})
        out.append(text)
        pos += len(text)
        last = m.end()
    out.append(raw[last:])
    plain = "".join(out)
    for ch in (OPEN, CLOSE):
        if ch in plain:
            i = plain.index(ch)
            errors.append(f"{name}: stray {ch} (malformed markup) near {plain[max(0, i-20):i+20]!r}")
    for sp in spans:
        assert plain[sp["start"]:sp["end"]] == sp["text"]
    return plain, spans


def validate(name, plain, spans, errors, warnings):
    for sp in spans:
        t, lab = sp["text"], sp["label"]
        n = norm(t)
        if lab == "ID_CARD":
            if len(n) == 18:
                if not id_check_ok(n):
                    errors.append(f"{name}: ID_CARD fails checksum: {t!r}")
                elif not date_ok(int(n[6:10]), int(n[10:12]), int(n[12:14])):
                    errors.append(f"{name}: ID_CARD bad birth date: {t!r}")
            elif len(n) == 15:
                if not n.isdigit() or not date_ok(1900 + int(n[6:8]), int(n[8:10]), int(n[10:12])):
                    errors.append(f"{name}: bad 15-digit ID: {t!r}")
            else:
                errors.append(f"{name}: ID_CARD of length {len(n)}: {t!r}")
        elif lab == "BANK_CARD":
            if not (16 <= len(n) <= 19 and luhn_ok(n)):
                errors.append(f"{name}: BANK_CARD fails Luhn/length: {t!r}")
        elif lab == "PHONE":
            d = re.sub(r"^\+?86", "", n.replace("(", "").replace(")", ""))
            if not re.fullmatch(r"1[3-9]\d{9}", d):
                errors.append(f"{name}: PHONE not a mobile: {t!r}")
        elif lab == "MASKED_ID":
            if "*" not in t and "＊" not in t:
                errors.append(f"{name}: MASKED_ID without mask: {t!r}")
    # a name annotated once must be annotated everywhere in the document
    covered = [False] * len(plain)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            covered[i] = True
    for nm in sorted({sp["text"] for sp in spans if sp["label"] in ("PERSON", "OFFICIAL")}):
        start = 0
        while True:
            i = plain.find(nm, start)
            if i < 0:
                break
            if not any(covered[i:i + len(nm)]):
                errors.append(f"{name}: unannotated occurrence of name {nm!r} at {i}")
            start = i + 1
    # unwrapped text: blank out every annotated span (same length)
    chars = list(plain.translate(FW))
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            chars[i] = "\u0000"
    bare = "".join(chars)
    for m in re.finditer(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9Xx])", bare):
        if id_check_ok(m.group(0)):
            errors.append(f"{name}: unwrapped 18-char number PASSES ID checksum: {m.group(0)}")
    for m in re.finditer(r"(?<![0-9])[0-9]{16,19}(?![0-9])", bare):
        if luhn_ok(m.group(0)):
            errors.append(f"{name}: unwrapped 16-19 digit number passes Luhn: {m.group(0)}")
    for m in re.finditer(r"(?<![0-9])(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]){8}(?![0-9])", bare):
        if norm(m.group(0)) not in INTENTIONAL_NEGATIVES:
            warnings.append(f"{name}: unwrapped mobile-like number: {m.group(0)!r}")
    for m in re.finditer(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", bare):
        if not m.group(0).endswith(".gov.cn"):
            warnings.append(f"{name}: unwrapped non-gov e-mail: {m.group(0)}")
    check_id_facts(name, plain, spans, errors)
    if not 600 <= len(plain) <= 1500:
        warnings.append(f"{name}: {len(plain)} characters (target 600-1500)")


def main():
    errors, warnings = [], []
    counties = load_counties()
    if counties is None:
        warnings.append(f"{ADMIN_TSV} not found; COUNTY_CODES not cross-checked")
    else:
        for code, cname in COUNTY_CODES.items():
            if counties.get(code) != cname:
                errors.append(f"COUNTY_CODES {code} {cname} is not a county in admin_divisions.tsv")
    files = sorted(f for f in os.listdir(CORPUS) if f.endswith(".txt"))
    os.makedirs(PLAIN, exist_ok=True)
    counts, docs_with = Counter(), Counter()
    total_chars = 0
    with open(GOLD, "w", encoding="utf-8", newline="\n") as g:
        for f in files:
            with open(os.path.join(CORPUS, f), encoding="utf-8") as fh:
                raw = fh.read()
            plain, spans = parse(raw, f, errors)
            validate(f, plain, spans, errors, warnings)
            spans = auto_places(plain, spans)
            total_chars += len(plain)
            for sp in spans:
                counts["PLACE (auto)" if sp.get("auto") else sp["label"]] += 1
            for lab in {"PLACE (auto)" if sp.get("auto") else sp["label"] for sp in spans}:
                docs_with[lab] += 1
            with open(os.path.join(PLAIN, f), "w", encoding="utf-8", newline="\n") as fh:
                fh.write(plain)
            g.write(json.dumps({"doc": f, "text": plain, "spans": spans},
                               ensure_ascii=False) + "\n")
    # remove plain files whose source is gone
    for f in os.listdir(PLAIN):
        if f not in files:
            os.remove(os.path.join(PLAIN, f))
    print(f"documents: {len(files)}   plain characters: {total_chars}")
    print("label          class    spans  docs")
    for lab in sorted(LABELS, key=lambda x: (x not in MUST, x)):
        print(f"{lab:14s} {'must' if lab in MUST else 'either':8s} {counts[lab]:5d} {docs_with[lab]:5d}")
    print(f"must-flag total: {sum(counts[l] for l in MUST)}   "
          f"either total (annotated): {sum(counts[l] for l in EITHER)}   "
          f"PLACE (auto, either): {counts['PLACE (auto)']} in {docs_with['PLACE (auto)']} docs")
    for w in warnings:
        print("WARNING:", w)
    for e in errors:
        print("ERROR:", e)
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
