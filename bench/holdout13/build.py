#!/usr/bin/env python3
"""Build the gold standard of the blind corpus h13 from the annotated sources.

Reads corpus/*.txt (UTF-8, inline markup ⟦LABEL|text⟧), strips the markup and
writes, next to this script:
  gold.jsonl      one JSON object per document:
                  {"doc", "text", "spans": [{"start","end","label","class","text"}]}
                  offsets are character offsets into the plain text, end exclusive;
                  automatic PLACE spans also carry "auto": true.
  plain/<doc>     the stripped text (what a screening tool scans).

The output format is the same as eval-dev's (and the hidden corpus's); the code is
adapted from shared/eval-dev/build.py.  This corpus was written blind: no project
code and no eval-dev corpus text was read.

Validation (exit status 1 on any error):
  * markup well-formed, labels from the fixed set, no stray brackets, no nesting,
    no '|' and no edge spaces inside span text;
  * every ID_CARD span passes the GB 11643 check digit (18-char form, after
    removing whitespace and converting full-width digits) with a real birth
    date, or is a 15-digit legacy number with a real birth date;
  * every BANK_CARD span passes Luhn and has 16-19 digits;
  * every PHONE span is a mainland mobile number; every MASKED_ID has a mask;
  * every unwrapped run of 17 digits + digit/X (not part of a longer digit run)
    FAILS the ID check digit (hard negatives must really be invalid);
  * every unwrapped 16-19 digit run FAILS Luhn (hard negatives must really be
    invalid; corporate accounts of other lengths are not checked);
  * a name annotated as PERSON or OFFICIAL somewhere in a document is
    annotated at every other occurrence in that document too;
  * every USCC span has a valid GB 32100 check character;
  * every document has a PUB_DATE entry and contains that date ("2026年M月D日");
  * every ID_CARD span has an ID_FACTS entry (what the text states about that
    person: sex, age, birth date); the ID's sex digit, birth date and age on the
    publication date (or the entry's own reference date, e.g. date of death)
    must agree with it, and the stated sex / age / birth date must actually
    appear next to the ID (same table row, or within 160 characters).
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
河南省 云南省 四川省 河北省 重庆市 陕西省 广东省 浙江省 吉林省 海南省 安徽省 辽宁省
昆明市 汉中市 惠州市 铁岭市 洛阳市
郸城县 巍山彝族回族自治县 巍山县 阿坝县 红原县 临城县 酉阳土家族苗族自治县 酉阳县 城固县 洋县
博罗县 东阳市 龙井市 琼中黎族苗族自治县 琼中县 金寨县 昌图县 勐海县 嵩县 洛龙区
石柱土家族自治县
吴台镇 南诏镇 庙街镇 永建镇 大仓镇 阿坝镇 贾洛镇 麦尔玛镇 安羌镇 临城镇 东镇镇 西竖镇 黑城镇
鸭鸽营乡 龙潭镇 钟多街道 酉酬镇 大溪镇 文川镇 磨子桥镇 园洲镇 罗阳街道 横店镇 老头沟镇
安民街道 营根镇 湾岭镇 梅山镇 麻埠镇 青山镇 汤家汇镇 天堂寨镇 斑竹园镇 古碑镇 昌图镇 老城镇
八面城镇 勐遮镇 勐混 勐遮 勐海 田湖镇 城关镇
刘庄村 后王楼村 孙寨村 吴台社区 德格嘎村 麦朵村 东关村 南孟村 马家庄村 梨耳村 柳营村 上南村
太阳村 大朗村 兴隆村 三合村 曼洪村 红椿沟村 108国道
""".split()

# Unwrapped numbers that look like mobiles on purpose (hard negatives); no warning.
INTENTIONAL_NEGATIVES = {
    "13261003217", "13261008842", "14261012065", "13261017430",  # 12345 工单编号 (doc 10)
    "13307260118",                                                  # 执法证号 (doc 08)
}

# Publication date of each document (the date line of the draft).  The document
# must contain it as "2026年M月D日"; stated ages are computed as of this date
# unless an ID_FACTS entry gives its own reference date (e.g. date of death).
PUB_DATE = {
    "01_yibao_zizhu.txt": "2026-01-12",
    "02_kunjing_ertong.txt": "2026-04-08",
    "03_canji_liangxiang.txt": "2026-03-16",
    "04_binzang_butie.txt": "2026-10-09",
    "05_tiaojie_anli.txt": "2026-07-15",
    "06_jiaotong_shigu.txt": "2026-05-22",
    "07_gongshang_rending.txt": "2026-06-18",
    "08_laodong_jiancha.txt": "2026-08-27",
    "09_zhaijidi_zigequan.txt": "2026-09-14",
    "10_rexian_gongdan.txt": "2026-11-06",
    "11_xiaoche_jiashiyuan.txt": "2026-08-20",
    "12_jingshen_jianhu.txt": "2026-03-30",
    "13_neibu_jianbao.txt": "2026-09-03",
    "14_ysqgk_dafu.txt": "2026-07-08",
    "15_quzhi_zhinan.txt": "2026-11-20",
}

# What the text states next to each full ID number: (sex, age, birth date, as-of).
# sex "男"/"女" or None; age in whole years or None; birth "YYYY-MM-DD" / "YYYY-MM"
# or None; as-of "YYYY-MM-DD" or None (= PUB_DATE).  Every ID_CARD span must have
# an entry; the ID's sex digit, birth date and age must agree with it, and the
# stated sex / age / birth date must appear in the same table row (or within 160
# characters of the ID in running text and key-value forms).
ID_FACTS = {
    ("01_yibao_zizhu.txt", "411625195304182705"): ("女", 72, None, None),
    ("01_yibao_zizhu.txt", "411625196811024191"): ("男", 57, None, None),
    ("01_yibao_zizhu.txt", "411625196101302433"): ("男", 64, None, None),
    ("01_yibao_zizhu.txt", "411625201209052185"): ("女", 13, None, None),
    ("01_yibao_zizhu.txt", "411625198302089009"): ("女", 42, None, None),
    ("01_yibao_zizhu.txt", "41162519900303124X"): ("女", 35, None, None),
    ("04_binzang_butie.txt", "130523196203282262"): ("女", 64, None, "2026-08-02"),  # age at death
    ("06_jiaotong_shigu.txt", "610723198910039274"): ("男", None, "1989-10-03", None),
    ("06_jiaotong_shigu.txt", "610722195712202106"): ("女", 68, None, None),
    ("07_gongshang_rending.txt", "441322199205172833"): ("男", 34, None, None),
    ("08_laodong_jiancha.txt", "653121199802148181"): ("女", 28, None, None),
    ("08_laodong_jiancha.txt", "330783198511090047"): ("女", 40, None, None),
    ("08_laodong_jiancha.txt", "511321199706260710"): ("男", None, None, None),
    ("08_laodong_jiancha.txt", "330781197504032239"): ("男", 51, None, None),
    ("09_zhaijidi_zigequan.txt", "222405196607219871"): ("男", 60, None, None),
    ("11_xiaoche_jiashiyuan.txt", "341523198503228902"): ("女", 41, None, None),
    ("12_jingshen_jianhu.txt", "211224197311050798"): ("男", 52, None, None),
    ("12_jingshen_jianhu.txt", "211224198608239182"): ("女", 39, None, None),
    ("12_jingshen_jianhu.txt", "211224531218427"): ("男", 72, None, None),
    ("13_neibu_jianbao.txt", "532822199203153655"): ("男", 34, None, None),
}


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


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc_ok(code):
    if len(code) != 18 or any(c not in USCC_CHARS for c in code):
        return False
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(code[:17], USCC_W))
    return USCC_CHARS[(31 - total % 31) % 31] == code[17]


HAN = "\u4e00-\u9fff"


def age_on(birth, ref):
    return ref.year - birth.year - ((ref.month, ref.day) < (birth.month, birth.day))


def id_context(plain, sp):
    """The table row holding the ID, or a window around it in running text."""
    ls = plain.rfind("\n", 0, sp["start"]) + 1
    le = plain.find("\n", sp["end"])
    le = len(plain) if le < 0 else le
    line = plain[ls:le]
    if "\t" in line or line.count("|") >= 3 or re.search(r"\S {2,}\S", line):
        return line
    return plain[max(0, sp["start"] - 160):sp["end"] + 160]


def check_id_facts(name, plain, spans, errors):
    pub = PUB_DATE.get(name)
    if pub is None:
        errors.append(f"{name}: no PUB_DATE entry")
        return
    pub_d = datetime.date.fromisoformat(pub)
    if f"{pub_d.year}年{pub_d.month}月{pub_d.day}日" not in plain:
        errors.append(f"{name}: publication date {pub} not found in the text")
    seen = set()
    for sp in spans:
        if sp["label"] != "ID_CARD":
            continue
        n = norm(sp["text"]).upper()
        key = (name, n)
        if key not in ID_FACTS:
            errors.append(f"{name}: ID_CARD {sp['text']!r} has no ID_FACTS entry")
            continue
        sex, age, birth_s, asof = ID_FACTS[key]
        if len(n) == 18:
            birth = datetime.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
            sex_digit = int(n[16])
        else:
            birth = datetime.date(1900 + int(n[6:8]), int(n[8:10]), int(n[10:12]))
            sex_digit = int(n[14])
        problems = []
        if sex is not None and sex != ("男" if sex_digit % 2 else "女"):
            problems.append(f"sex digit says {'男' if sex_digit % 2 else '女'}, facts say {sex}")
        ref = datetime.date.fromisoformat(asof) if asof else pub_d
        if age is not None and age_on(birth, ref) != age:
            problems.append(f"age on {ref} is {age_on(birth, ref)}, facts say {age}")
        if birth_s is not None and not birth.isoformat().startswith(birth_s):
            problems.append(f"birth date {birth} does not match facts {birth_s}")
        ctx = id_context(plain, sp)
        if sex is not None and not re.search(f"(?<![{HAN}]){sex}(?![{HAN}])", ctx):
            problems.append(f"stated sex {sex} not found next to the ID")
        if age is not None and not re.search(rf"(?<![0-9]){age}(?![0-9])", ctx):
            problems.append(f"stated age {age} not found next to the ID")
        if birth_s is not None:
            y, m, *d = (int(x) for x in birth_s.split("-"))
            pat = rf"{y}\s*[年.\-/]\s*0?{m}(?![0-9])"
            if d:
                pat += rf"\s*[月.\-/]?\s*0?{d[0]}(?![0-9])"
            if not re.search(pat, ctx):
                problems.append(f"stated birth date {birth_s} not found next to the ID")
        if problems:
            errors.append(f"{name}: ID_CARD {sp['text']!r}: " + "; ".join(problems))
        seen.add(key)
    for key in ID_FACTS:
        if key[0] == name and key not in seen:
            errors.append(f"{name}: ID_FACTS entry {key[1]} not used by any ID_CARD span")


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
        elif lab == "USCC":
            if not uscc_ok(t):
                errors.append(f"{name}: USCC fails check character: {t!r}")
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
    if not 600 <= len(plain) <= 1500:
        warnings.append(f"{name}: {len(plain)} characters (target 600-1500)")
    check_id_facts(name, plain, spans, errors)


def main():
    errors, warnings = [], []
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
