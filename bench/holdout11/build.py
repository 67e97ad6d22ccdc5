#!/usr/bin/env python3
"""Build the h11 blind gold standard from the annotated corpus.

Reads corpus/*.txt (UTF-8, inline markup ⟦LABEL|text⟧), strips the markup and
writes, next to this script:
  gold.jsonl      one JSON object per document:
                  {"doc", "text", "spans": [{"start","end","label","class","text"}]}
                  offsets are character offsets into the plain text, end exclusive;
                  automatic PLACE spans also carry "auto": true.
  plain/<doc>     the stripped text (what a screening tool scans).

The output format and the checks are the same as eval-dev's build.py (this
script is adapted from it); only PLACE_NAMES, INTENTIONAL_NEGATIVES and the
target length (600-1500 plain characters) are this corpus's own.

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
山西省 吉林省 辽宁省 山东省 湖南省 河南省 贵州省 甘肃省 四川省 广东省 浙江省 江西省 海南省 青海省
新疆维吾尔自治区
长治市 四平市 丹东市 临沂市 怀化市 周口市 黔东南州 临夏 达州市 湛江市 丽水市 和田 上饶市 儋州市
海西州 沈阳市 晋城市
潞州区 铁西区 浑南区
长子县 梨树县 凤城市 沂南县 靖州县 太康县 榕江县 东乡族自治县 大竹县 雷州市 景宁畲族自治县 景宁县
墨玉县 鄱阳县 都兰县 靖州苗族侗族自治县
丹朱镇 梨树镇 榆树台镇 郭家店镇 孤家子镇 富强街道 康平街道 宝山镇 凤凰城街道 界湖街道
三锹乡 渠阳镇 新厂镇 甘棠镇 常营镇 马头镇 高朗乡 城关回族镇 朱口镇
古州镇 栽麻镇 乐里镇 朗洞镇 三江水族乡 计划乡 平江镇 锁南镇 达板镇
庙坝镇 竹阳街道 附城镇 雷城街道 鹤溪街道 东坑镇 渤海镇 喀拉喀什镇 扎瓦镇 饶州街道 巴隆乡
凯里市
地芒村 高文村 大利村 本里村 卡寨村 怎贝村 加两村 滚仲村 拱北湾村 马家庄村 红崖村 沙沟门村
伊克高里村
建设南路16号 人民路西段86号 飞山路 谢安路 县府路19号 凤凰路26号 芝山路 文化路
G209国道 渠水 庙坝镇场镇
""".split()

# Unwrapped numbers that look like mobiles on purpose (hard negatives); no warning.
INTENTIONAL_NEGATIVES = {
    "13611282604",
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
    if not 600 <= len(plain) <= 1500:
        warnings.append(f"{name}: {len(plain)} characters (target 600-1500)")


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
