"""Deterministic generator of realistic government text with planted identifiers and hard negatives.

``generate(size_chars, seed)`` returns ``(text, gold)`` where gold is a list of
``(start, end, entity_type)`` for every planted identifier (``ORG_PHONE``: an organisation's number,
neither rewarded nor penalised). Hard negatives (document numbers,
18-digit case numbers that fail the ID check, Luhn-failing account numbers, 11-digit project codes,
amounts, dates, masked numbers) are planted too and are NOT in the gold.
"""

from __future__ import annotations

import random
import string

from stdnum import luhn
from stdnum.cn import uscc

from recognizers.cn_resident_id import calc_check_char

COUNTIES = ["620602", "620621", "620622", "110105", "410105", "360722", "511502", "330106", "440304",
            "520103", "150105", "650102", "431102", "340122", "610113", "370102", "420106"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "建国秀英志强丽娟文华明海红梅德胜春生玉兰国栋雨桐子轩梓涵俊杰淑珍桂芳晓东"
PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
ORGS = ["市场监督管理局", "交通运输局", "民政局", "人力资源和社会保障局", "自然资源局", "住房和城乡建设局"]
FILLER = [
    "根据《中华人民共和国行政处罚法》第二十八条规定，本机关依法作出如下决定。",
    "经研究，现将有关事项通知如下，请各单位认真贯彻落实。",
    "会议要求，各部门要进一步提高政治站位，压实工作责任，确保各项任务按期完成。",
    "本次公示期为7个工作日，公示期间如有异议，请以书面形式向我局反映。",
    "为进一步优化营商环境，提升政务服务效能，结合我市实际，制定本方案。",
    "2023年全市完成固定资产投资1,286.4亿元，同比增长6.8%，其中民间投资增长4.2%。",
    "各县区要加强统筹协调，于2024年6月30日前将落实情况报送市政府办公室。",
]


def _id(rng: random.Random) -> str:
    body = rng.choice(COUNTIES) + f"{rng.randint(1940, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body += f"{rng.randint(0, 999):03d}"
    return body + calc_check_char(body)


def _bad_id_like(rng: random.Random) -> str:
    """An 18-digit case/application number: county code + date, but the ID check fails."""
    while True:
        body = rng.choice(COUNTIES) + f"2024{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
        last = str(rng.randint(0, 9))
        if calc_check_char(body) != last:
            return body + last


def _mobile(rng: random.Random) -> str:
    return rng.choice(["139", "138", "186", "159", "181", "177", "135", "150", "199"]) + "".join(
        rng.choice(string.digits) for _ in range(8)
    )


def _card(rng: random.Random, n: int = 19) -> str:
    body = rng.choice(["621700", "622848", "621226", "623058", "621799"]) + "".join(
        rng.choice(string.digits) for _ in range(n - 7)
    )
    return body + luhn.calc_check_digit(body)


def _bad_card(rng: random.Random) -> str:
    c = _card(rng)
    return c[:-1] + str((int(c[-1]) + 1) % 10)


def _uscc(rng: random.Random) -> str:
    body = "91" + rng.choice(COUNTIES) + "MA" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(7))
    return body + uscc.calc_check_digit(body)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def _plate(rng: random.Random) -> str:
    """An ordinary plate (serial of 5 with at most 2 letters, GA 36) or an 8-character new-energy plate."""
    head = rng.choice(PROVINCES) + rng.choice(PLATE_LETTERS)
    if rng.random() < 0.25:
        return head + rng.choice("DF") + rng.choice("0123456789" + PLATE_LETTERS) + f"{rng.randint(0, 9999):04d}"
    serial = [rng.choice("0123456789") for _ in range(5)]
    for i in rng.sample(range(5), rng.randint(0, 2)):
        serial[i] = rng.choice(PLATE_LETTERS)
    return head + "".join(serial)


def _spaced_id(s: str) -> str:
    return f"{s[:6]} {s[6:14]} {s[14:]}"


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in s)


def generate(size_chars: int = 350_000, seed: int = 7) -> tuple[str, list[tuple[int, int, str]]]:
    """About ``size_chars`` characters (~1 MB UTF-8 for 350k Chinese characters)."""
    rng = random.Random(seed)
    parts: list[str] = []
    gold: list[tuple[int, int, str]] = []
    pos = 0

    def add(*pieces: str | tuple[str, str]) -> None:
        nonlocal pos
        for piece in pieces:
            if isinstance(piece, tuple):
                value, etype = piece
                gold.append((pos, pos + len(value), etype))
                parts.append(value)
                pos += len(value)
            else:
                parts.append(piece)
                pos += len(piece)

    while pos < size_chars:
        k = rng.randrange(16)
        name = _name(rng)
        county = rng.choice(COUNTIES)
        if k == 0:
            idv = _id(rng)
            add(f"当事人：{name}，男，公民身份号码：", (idv, "CN_RESIDENT_ID"), "，住所见卷宗。\n")
        elif k == 1:
            idv = _id(rng).lower()
            add(f"申请人{name}（身份证号", (_spaced_id(idv) if rng.random() < 0.5 else idv, "CN_RESIDENT_ID"), "）提交了申请材料。\n")
        elif k == 2:
            add(f"{rng.randint(1, 99)}\t{name}\t", (_id(rng), "CN_RESIDENT_ID"), f"\t{rng.randint(1, 5)}\t{rng.randint(300, 3000)}\n")
        elif k == 3:
            add(f"经营者{name}，身份证号码", (_fullwidth(_id(rng)), "CN_RESIDENT_ID"), "。\n")
        elif k == 4:
            m = _mobile(rng)
            form = rng.choice([m, f"{m[:3]} {m[3:7]} {m[7:]}", f"{m[:3]}-{m[3:7]}-{m[7:]}", f"+86 {m}"])
            add(f"联系人：{name}，联系电话：", (form, "PHONE_NUMBER"), "。\n")
        elif k == 5:
            add(f"{name}家中座机", (f"0935-{rng.randint(2000000, 8999999)}", "PHONE_NUMBER"), "，手机", (_mobile(rng), "PHONE_NUMBER"), "。\n")
        elif k == 6:
            card = _card(rng, rng.choice([16, 19]))
            form = card if rng.random() < 0.6 else " ".join(card[i : i + 4] for i in range(0, len(card), 4))
            add(f"补贴资金已打入{name}的一卡通账号", (form, "CN_BANK_CARD"), "，开户行为农村信用社。\n")
        elif k == 7:
            user = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 9)))
            add(f"{name}的电子邮箱为", (f"{user}{rng.randint(1, 99)}@{rng.choice(['163.com', 'qq.com', '126.com', 'sina.com'])}", "EMAIL_ADDRESS"), "。\n")
        elif k == 8:
            pp = rng.choice(["E", "EA", "EB", "G"])
            pp += "".join(rng.choice(string.digits) for _ in range(9 - len(pp)))
            add(f"{name}持中华人民共和国护照，护照号码", (pp, "CN_PASSPORT"), "。\n")
        elif k == 9:
            add("当事人驾驶号牌为", (_plate(rng), "CN_LICENSE_PLATE"), "的车辆在城区道路违规运营。\n")
        elif k == 10:
            add("中标单位：某某建设工程有限公司，统一社会信用代码：", (_uscc(rng), "CN_USCC"), "。\n")
        elif k == 11:  # hard negatives: document numbers, case numbers, dates, amounts
            year = rng.randint(2019, 2025)
            add(f"依据《关于加强管理的通知》（武政办发〔{year}〕{rng.randint(1, 199)}号），案件编号{_bad_id_like(rng)}，"
                f"罚款人民币{rng.randint(1000, 99999):,}.00元，{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日立案。\n")
        elif k == 12:  # 11-digit codes that look like mobiles, 14-digit position codes
            add(f"执法证号：{rng.choice(['13', '14', '62'])}{rng.randint(10**8, 10**9 - 1)}，职位代码{rng.randint(10**13, 10**14 - 1)}，"
                f"工单号{rng.choice(['13', '15'])}{rng.randint(10**8, 10**9 - 1)}。\n")
        elif k == 13:  # Luhn-failing accounts, masked numbers
            add(f"缴款码：{_bad_card(rng)}，已遮盖号码{county}********{rng.randint(1000, 9999)}，"
                f"联系电话{_mobile(rng)[:3]}****{rng.randint(1000, 9999)}。\n")
        elif k == 14:
            add(f"{rng.choice(ORGS)}咨询电话：", (f"0935-{rng.randint(2000000, 8999999)}", "ORG_PHONE"), "，投诉举报电话：",
                ("12345", "ORG_PHONE"), "。\n")
        else:
            add(rng.choice(FILLER) + "\n")
    return "".join(parts), gold
