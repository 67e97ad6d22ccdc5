"""The compact segmenter behind sensitive-phrase edges cuts exactly as jieba does."""

from __future__ import annotations

import logging
import random

import pytest

from recognizers.sensitive_words import lexicon, snap

TEXTS = [
    "经鉴定，申请人王某某患有严重精神障碍，长期在市第三人民医院住院治疗，家庭生活困难。",
    "该户户主因车祸致双下肢截肢，系肢体残疾一级，其子患先天性心脏病，于2023年3月手术。",
    "徐汇区严重精神障碍患者管理工作会议于10月12日召开，带病回乡退伍军人补助同步发放。",
    "武政办发〔2023〕51号：关于做好城乡居民基本医疗保险参保缴费工作的通知（2024年度）。",
    "患者男，65岁，因“反复胸闷气促3年，加重1周”入院，诊断为慢性阻塞性肺疾病急性加重期。",
    "Tel: 0571-87654321，E-mail: office@example.gov.cn，联系人：李四 13912345678。\r\n下一行",
    "乳腺癌术后化疗中，HIV抗体阳性者不得公开；艾滋病、梅毒、乙肝等传染病信息属敏感个人信息。",
]


@pytest.fixture(scope="module")
def jieba_tokenizer():
    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def test_cuts_like_jieba_on_random_windows(jieba_tokenizer):
    rnd = random.Random(3)
    lex = lexicon()
    for _ in range(3000):
        text = rnd.choice(TEXTS)
        i = rnd.randrange(len(text))
        window = text[i : i + rnd.randrange(1, 30)]
        assert list(lex.cut(window)) == list(jieba_tokenizer.cut(window, HMM=False)), window


def test_lookup_tells_prefixes_and_words():
    lex = lexicon()
    assert lex.lookup("精神")[1] > 0
    assert lex.lookup("精神障")[0]  # a prefix of 精神障碍
    assert lex.lookup("精神障")[1] == 0
    assert lex.lookup("障碍精神病人乙") == (False, 0)


@pytest.mark.parametrize(
    ("text", "span", "seed", "want"),
    [
        ("全区严重精神障碍患者", (1, 8), ("精神", 8), "严重精神障碍"),
        ("带病回乡退伍军人", (0, 7), ("带病", 2), "带病回乡"),
        ("（严重精神障碍）", (1, 7), ("精神", 7), "严重精神障碍"),  # edges at punctuation: unchanged
    ],
)
def test_snap_moves_edges_to_word_boundaries(text, span, seed, want):
    seed_start = text.index(seed[0])
    s, e = snap(text, span[0], span[1], seed_start, seed[1])
    assert text[s:e] == want
