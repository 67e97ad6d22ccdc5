"""Operators: one implementation each (mask, surname, generalize, label, remove, pseudonym)."""

from __future__ import annotations

import hashlib

import pytest

from screening.errors import RedactionError
from screening.redaction.operators import (
    OPERATORS,
    OperatorContext,
    apply_operator,
    generalize,
    label,
    mask,
    pseudonym,
    pseudonym_digest,
    remove,
    surname,
    surname_of,
)


@pytest.mark.parametrize(
    ("value", "first", "last", "expected"),
    [
        ("620602198507161234", 6, 4, "620602********1234"),  # birth date hidden
        ("62060219850716123X", 6, 4, "620602********123X"),
        ("13912346027", 3, 4, "139****6027"),
        ("139 1234 6027", 3, 4, "139 **** 6027"),  # separators kept in place
        ("139-1234-6027", 3, 4, "139-****-6027"),
        ("6228 4812 3456 7891 645", 6, 4, "6228 48** **** ***1 645"),
        ("１３９１２３４６０２７", 3, 4, "１３９****６０２７"),  # full-width digits count as digits
        ("0935-2212345", 4, 0, "0935-*******"),
        ("12", 3, 4, "**"),  # keeping that much would keep everything: mask all
        ("甘H·6B215", 2, 0, "甘H·*****"),
    ],
)
def test_mask(value: str, first: int, last: int, expected: str) -> None:
    assert mask(value, {"keep_first": first, "keep_last": last}) == expected


def test_mask_char_and_length_preserved() -> None:
    out = mask("620602198507161234", {"keep_first": 0, "keep_last": 4, "char": "×"})
    assert out == "×" * 14 + "1234"


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("张伟", {}, "张某"),
        ("张小明", {}, "张某某"),
        ("张小明", {"style": "fixed"}, "张某"),
        ("欧阳娜娜", {}, "欧阳某某"),
        ("司马光", {"style": "fixed", "suffix": "某"}, "司马某"),
        ("上官婉儿", {"style": "by_length"}, "上官某某"),
        ("古丽娜·艾买提", {}, "古某某"),
        ("王 芳", {}, "王某"),  # a space inside a table cell
        ("欧阳", {}, "欧某"),  # two characters: 欧 is the surname, not 欧阳
    ],
)
def test_surname(name: str, params: dict, expected: str) -> None:
    assert surname(name, params) == expected


def test_surname_prefers_recognizer_attribute() -> None:
    ctx = OperatorContext("PERSON", {"surname": "万俟"})
    assert surname("万俟雪", {}, ctx) == "万俟某"
    assert surname_of("诸葛亮") == "诸葛"


@pytest.mark.parametrize(
    ("address", "attributes", "expected"),
    [
        ("甘肃省武威市凉州区和平街道东大街12号3单元201室",
         {"province": "甘肃省", "city": "武威市", "county": "凉州区", "town": "和平街道", "road": "东大街",
          "number": "12号", "unit": "3单元", "room": "201室"}, "甘肃省武威市凉州区和平街道"),
        ("湖南省永州市零陵区南津北路中段113号",
         {"province": "湖南省", "city": "永州市", "county": "零陵区", "road": "南津北路中段", "number": "113号"},
         "湖南省永州市零陵区"),
        # levels missing: the conservative parser keeps the leading administrative units
        ("民勤县收成镇兴盛村五组", {}, "民勤县收成镇"),
        ("凉州区幸福小区3号楼2单元", {}, "凉州区"),
        ("兰州市城关区雁滩路100号", {}, "兰州市城关区"),
        # nothing administrative to keep: never the original
        ("东大街12号", {}, "[详细地址]"),
        ("幸福小区3号楼", {"compound": "幸福小区", "building": "3号楼"}, "[详细地址]"),
        # a level name the operator does not know is dropped, never kept
        ("武威市凉州区东大街12号", {"city": "武威市", "county": "凉州区", "street": "东大街", "kind": "road"},
         "武威市凉州区"),
    ],
)
def test_generalize(address: str, attributes: dict, expected: str) -> None:
    assert generalize(address, {}, OperatorContext("CN_ADDRESS", attributes)) == expected


def test_generalize_keep_levels_parameter() -> None:
    attrs = {"province": "甘肃省", "city": "武威市", "county": "凉州区", "town": "和平街道", "road": "东大街"}
    out = generalize("甘肃省武威市凉州区和平街道东大街12号", {"keep_levels": ["province", "city"]},
                     OperatorContext("CN_ADDRESS", attrs))
    assert out == "甘肃省武威市"


def test_label_and_remove() -> None:
    assert label("x", {}, OperatorContext("CN_RESIDENT_ID")) == "[身份证号]"
    assert label("x", {"template": "<{type}>"}, OperatorContext("PHONE_NUMBER")) == "<PHONE_NUMBER>"
    assert remove("13912346027", {}) == ""
    assert remove("13912346027", {"replacement": "×××"}) == "×××"


def test_pseudonym_is_keyed_and_stable() -> None:
    a = pseudonym("张伟", {}, OperatorContext("PERSON", key=b"key-1"))
    b = pseudonym("张 伟", {}, OperatorContext("PERSON", key=b"key-1"))
    c = pseudonym("张伟", {}, OperatorContext("PERSON", key=b"key-2"))
    assert a == b and a != c
    assert a.startswith("[姓名-") and len(a) == len("[姓名-]") + 8
    # never an unsalted hash: the digest differs from every plain hash of the value
    digest = pseudonym_digest(b"key-1", "PERSON", "张伟")
    plain = {hashlib.sha256(v.encode()).hexdigest() for v in ("张伟", "PERSON\x1f张伟")}
    assert digest not in plain


def test_pseudonym_without_key_refuses() -> None:
    with pytest.raises(RedactionError, match="key"):
        pseudonym("13912346027", {}, OperatorContext("PHONE_NUMBER"))


def test_every_operator_is_registered_once() -> None:
    assert set(OPERATORS) == {"mask", "surname", "generalize", "label", "remove", "pseudonym", "keep"}
    assert apply_operator("keep", "原样", {}, OperatorContext()) == "原样"


def test_mask_fast_path_for_plain_numbers_is_the_general_rule() -> None:
    # a value of ASCII letters/digits only takes a shortcut; it must give what the per-character rule gives
    import random

    from screening.normalize import fold

    def general(value: str, first: int, last: int, char: str = "*") -> str:
        positions = [i for i, c in enumerate(fold(value)) if c.isalnum()]
        n = len(positions)
        if first + last >= n:
            first = last = 0
        hide = set(positions[first: n - last])
        return "".join(char if i in hide else c for i, c in enumerate(value))

    rnd = random.Random(5)
    for _ in range(500):
        value = "".join(rnd.choice("0123456789X") for _ in range(rnd.randrange(1, 20)))
        first, last = rnd.randrange(0, 8), rnd.randrange(0, 8)
        char = rnd.choice(["*", "#", "××"])
        assert mask(value, {"keep_first": first, "keep_last": last, "char": char}) == general(value, first, last, char)
