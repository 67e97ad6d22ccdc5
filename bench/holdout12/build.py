#!/usr/bin/env python3
"""Build the h12 blind gold standard from the annotated corpus.

Reads corpus/*.txt (UTF-8, inline markup ⟦LABEL|text⟧), strips the markup and
writes, next to this script:
  gold.jsonl      one JSON object per document:
                  {"doc", "text", "spans": [{"start","end","label","class","text"}]}
                  offsets are character offsets into the plain text, end exclusive;
                  automatic PLACE spans also carry "auto": true.
  plain/<doc>     the stripped text (what a screening tool scans).

Same output format as shared/eval-dev; adapted from eval-dev's build.py.

Validation (exit status 1 on any error):
  * markup well-formed, labels from the fixed set, no stray brackets, no nesting,
    no '|' and no edge spaces inside span text;
  * every ID_CARD span passes the GB 11643 check digit (18-char form, after
    removing whitespace and converting full-width digits) with a real birth
    date, or is a 15-digit legacy number with a real birth date;
  * every ID_CARD span is listed in ID_FACTS for its document: its first two
    digits are the document's province, its county code exists in
    ../../shared/data/admin_divisions.tsv (when that file is present), the
    birth date is not after the publication date, the sex digit matches the
    stated sex and the age on the publication date (DOC_META) matches the
    stated age; a stated age/sex must also appear in the text just before the
    number (same paragraph);
  * every BANK_CARD span passes Luhn and has 16-19 digits;
  * every PHONE span is a mainland mobile number; every MASKED_ID has a mask;
  * every USCC span has a valid GB 32100 check character;
  * every MINOR span that states an age says less than 18;
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
DIVISIONS = os.path.join(HERE, "..", "..", "shared", "data", "admin_divisions.tsv")

MUST = {"PERSON", "ID_CARD", "PHONE", "LANDLINE", "BANK_CARD", "EMAIL",
        "ADDRESS", "PASSPORT", "PLATE", "HEALTH", "MINOR", "SECRET_MARK"}
EITHER = {"OFFICIAL", "ORG_PHONE", "MASKED_ID", "USCC", "PLACE"}
LABELS = MUST | EITHER

OPEN, CLOSE, SEP = "\u27e6", "\u27e7", "|"
MARK_RE = re.compile(OPEN + r"([A-Z_]+)\|([^" + OPEN + CLOSE + r"]*)" + CLOSE)

FW = str.maketrans("０１２３４５６７８９ＸｘＩ", "0123456789XxI")
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_MAP = "10X98765432"
USCC_CH = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

# Per document: province code (first two digits of every ID in it) and the
# publication date against which stated ages are checked.
D = datetime.date
DOC_META = {
    "01_shuiwu_feizhengchanghu.txt": ("35", D(2026, 3, 16)),
    "02_qianxin_shixin_mingdan.txt": ("45", D(2026, 4, 8)),
    "03_daoyun_congye_zhuxiao.txt": ("23", D(2026, 5, 12)),
    "04_yibao_weigui_tongbao.txt": ("52", D(2026, 2, 27)),
    "05_tekun_gongyang_gongshi.txt": ("43", D(2026, 3, 30)),
    "06_liulang_xunqin_gonggao.txt": ("42", D(2026, 6, 18)),
    "07_wuming_shiti_renling.txt": ("65", D(2026, 7, 9)),
    "08_gongyi_gangwei_gongshi.txt": ("36", D(2026, 1, 22)),
    "09_xuesheng_yiwai_tongbao.txt": ("43", D(2026, 6, 5)),
    "10_cunweihui_houxuanren_gongshi.txt": ("37", D(2026, 10, 15)),
    "11_caoyuan_bujiang_gongshi.txt": ("15", D(2026, 4, 20)),
    "12_gongjijin_xingzheng_chufa.txt": ("36", D(2026, 9, 3)),
    "13_jianyiyongwei_queren_gongshi.txt": ("35", D(2026, 8, 20)),
    "14_xinfang_lianxi_huiyi_jiyao.txt": ("45", D(2026, 5, 26)),
    "15_zhengwu_gongkai_baomi_tongzhi.txt": ("37", D(2026, 11, 10)),
}

# Every ID_CARD span (normalised: no spaces, half-width) with the sex and age
# the document states for its holder (None = not stated).
ID_FACTS = {
    "01_shuiwu_feizhengchanghu.txt": {
        "350921197608142430": (None, None), "350921196902034727": (None, None),
        "350902197305264976": (None, None), "350921198811270571": (None, None),
        "350981199005090411": (None, None)},
    "02_qianxin_shixin_mingdan.txt": {
        "451228197506213876": (None, None), "451202198210052445": ("女", None),
        "451228197903173230": ("男", 47)},
    "03_daoyun_congye_zhuxiao.txt": {
        "23108419710908765X": (None, None), "231084198312302145": (None, None),
        "231002198604113974": (None, None), "231084196202195896": (None, None),
        "231084650723121": (None, None)},
    "04_yibao_weigui_tongbao.txt": {"522634195809127501": ("女", 67)},
    "05_tekun_gongyang_gongshi.txt": {
        "433124194211053354": ("男", 83), "433124201108197408": ("女", 14),
        "433124196407022938": ("男", 61)},
    "08_gongyi_gangwei_gongshi.txt": {
        "360732196905187454": ("男", 56), "360732197310033039": ("男", 52),
        "360732198612253285": ("女", 39), "360732196709304991": ("男", 58)},
    "10_cunweihui_houxuanren_gongshi.txt": {"371321197203089637": ("男", 54)},
    "12_gongjijin_xingzheng_chufa.txt": {"361128199204265445": ("女", 34)},
    "13_jianyiyongwei_queren_gongshi.txt": {"350428198104061292": ("男", 45)},
    "14_xinfang_lianxi_huiyi_jiyao.txt": {"450225196801140417": ("男", 58)},
}

# Place names used in this corpus.  Every occurrence outside an annotated span
# becomes an automatic PLACE ("either") span, so flagging a bare place name is
# neither rewarded nor penalised.
PLACE_NAMES = """
福建省 广西壮族自治区 黑龙江省 贵州省 湖南省 湖北省 新疆维吾尔自治区 江西省 山东省 内蒙古自治区
重庆市
宁德市 河池市 牡丹江市 怀化市 上饶市 三明市 潍坊市 柳州市
黔东南州 湘西州 锡林郭勒盟 阿克苏地区
霞浦县 福安市 蕉城区 都安瑶族自治县 都安县 宁安市 雷山县 花垣县 利川市 新和县 库车市 兴国县
通道侗族自治县 沂南县 东乌珠穆沁旗 鄱阳县 将乐县 融水苗族自治县 诸城市 万州区
松城街道 松港街道 盐田畲族乡 三沙镇 漳湾镇 城北街道 安阳镇 地苏镇 高岭镇 宁安镇
丹江镇 西江镇 麻栗场镇 都亭街道 东城街道 依其艾日克镇 新和镇 城岗乡 县溪镇 播阳镇
岸堤镇 萨麦苏木 饶州街道 鄱阳镇 高唐镇 古镛镇 融水镇 杆洞乡
东壁村 沙科村 老寨村 新科村 立新村 洋口村 九龙村 金竹村 恭城村 东岭村 常口村
宝力格嘎查 巴彦乌拉嘎查 乌兰哈拉嘎查
渭干河 金溪河 寿星路片区 寿星路 G209国道 清江大道 腾龙大道
""".split()

# Unwrapped numbers that look like mobiles on purpose (hard negatives); no warning.
INTENTIONAL_NEGATIVES = {
    "14231084012",   # 03 档案号
    "13607320115",   # 08 岗位编号
    "13611280027",   # 12 执法证号
    "13611280031",   # 12 执法证号
}


def load_counties():
    codes = set()
    try:
        with open(DIVISIONS, encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 3 and parts[2] == "county":
                    codes.add(parts[0])
    except OSError:
        return None
    return codes


COUNTIES = load_counties()


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


def uscc_ok(s):
    if not re.fullmatch("[" + USCC_CH + "]{18}", s):
        return False
    total = sum(USCC_CH.index(c) * w for c, w in zip(s[:17], USCC_W))
    return USCC_CH[(31 - total % 31) % 31] == s[17]


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


def age_on(birth, day):
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


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


def check_id_facts(name, plain, sp, n, errors, seen):
    meta = DOC_META.get(name)
    facts = ID_FACTS.get(name, {})
    if meta is None:
        errors.append(f"{name}: no DOC_META entry")
        return
    prov, pub = meta
    if n not in facts:
        errors.append(f"{name}: ID_CARD {n} not listed in ID_FACTS")
        return
    seen.add(n)
    sex, age = facts[n]
    if len(n) == 18:
        birth = datetime.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
        male = int(n[16]) % 2 == 1
    else:
        birth = datetime.date(1900 + int(n[6:8]), int(n[8:10]), int(n[10:12]))
        male = int(n[14]) % 2 == 1
    if not n.startswith(prov):
        errors.append(f"{name}: ID {n} is not from province {prov}")
    if COUNTIES is not None and n[:6] not in COUNTIES:
        errors.append(f"{name}: ID {n}: county code {n[:6]} not in admin_divisions.tsv")
    if birth > pub:
        errors.append(f"{name}: ID {n}: born after the publication date {pub}")
    real_age = age_on(birth, pub)
    if not 0 <= real_age <= 110:
        errors.append(f"{name}: ID {n}: implausible age {real_age}")
    # context: same paragraph, up to 200 characters before the number, to end of its line
    a = plain.rfind("\n\n", 0, sp["start"])
    a = max(a + 2 if a >= 0 else 0, sp["start"] - 200)
    b = plain.find("\n", sp["end"])
    ctx = plain[a:sp["start"]] + plain[sp["end"]:(b if b >= 0 else len(plain))]
    if sex is not None:
        if (sex == "男") != male:
            errors.append(f"{name}: ID {n}: sex digit does not match stated sex {sex}")
        if sex not in ctx:
            errors.append(f"{name}: ID {n}: stated sex {sex} not found near the number")
    if age is not None:
        if real_age != age:
            errors.append(f"{name}: ID {n}: age on {pub} is {real_age}, document says {age}")
        if not re.search(r"(?<![0-9])%d(?![0-9])" % age, ctx):
            errors.append(f"{name}: ID {n}: stated age {age} not found near the number")


def validate(name, plain, spans, errors, warnings):
    seen_ids = set()
    for sp in spans:
        t, lab = sp["text"], sp["label"]
        n = norm(t)
        if lab == "ID_CARD":
            if len(n) == 18:
                if not id_check_ok(n):
                    errors.append(f"{name}: ID_CARD fails checksum: {t!r}")
                elif not date_ok(int(n[6:10]), int(n[10:12]), int(n[12:14])):
                    errors.append(f"{name}: ID_CARD bad birth date: {t!r}")
                else:
                    check_id_facts(name, plain, sp, n.upper(), errors, seen_ids)
            elif len(n) == 15:
                if not n.isdigit() or not date_ok(1900 + int(n[6:8]), int(n[8:10]), int(n[10:12])):
                    errors.append(f"{name}: bad 15-digit ID: {t!r}")
                else:
                    check_id_facts(name, plain, sp, n, errors, seen_ids)
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
        elif lab == "USCC":
            if not uscc_ok(t):
                errors.append(f"{name}: USCC with bad check character: {t!r}")
        elif lab == "MINOR":
            m = re.search(r"([0-9]+)(?:岁|周岁)?$", t.translate(FW)) if re.search(r"[0-9]", t) and ("岁" in t or t.isdigit()) else None
            if m and int(m.group(1)) >= 18:
                errors.append(f"{name}: MINOR span states an adult age: {t!r}")
    for stale in sorted(set(ID_FACTS.get(name, {})) - seen_ids):
        errors.append(f"{name}: ID_FACTS lists {stale}, which is not an ID_CARD span")
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
    if not 600 <= len(plain) <= 1500:
        warnings.append(f"{name}: {len(plain)} characters (target 600-1500)")


def main():
    errors, warnings = [], []
    files = sorted(f for f in os.listdir(CORPUS) if f.endswith(".txt"))
    os.makedirs(PLAIN, exist_ok=True)
    counts, docs_with = Counter(), Counter()
    total_chars = 0
    for f in sorted(set(DOC_META) - set(files)):
        errors.append(f"DOC_META lists {f}, which is not in corpus/")
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
