"""The cue table (recognizers/data/cues.tsv): well formed, every word once per kind, read by the recognizers."""

from __future__ import annotations

import pytest

from recognizers import cues
from recognizers.person_lexicon import PRIVATE_TRIGGERS


def test_table_parses_and_every_kind_is_described():
    rows = cues.table()
    assert rows, "the cue table is empty"
    assert {r.kind for r in rows} <= set(cues.KINDS)


def test_each_word_once_per_kind():
    pairs = [(r.word, r.kind) for r in cues.table()]
    assert len(pairs) == len(set(pairs))


def test_person_lexicon_reads_the_table_not_a_copy():
    assert PRIVATE_TRIGGERS == cues.words("private_trigger")
    assert "申请人" in PRIVATE_TRIGGERS and "市长" not in PRIVATE_TRIGGERS


@pytest.mark.parametrize(
    "line, message",
    [
        ("患者\tprivate_trigger\tbefore\t0\t0\tprivate", "columns"),
        ("患者\tprivate_trigger\tabove\t0\t0\tprivate\tx", "side"),
        ("患者\tprivate_trigger\tbefore\tfar\t0\tprivate\tx", "window"),
        (" 患者\tprivate_trigger\tbefore\t0\t0\tprivate\tx", "spaces"),
    ],
)
def test_bad_rows_name_the_line(line, message):
    with pytest.raises(cues.CueTableError, match=message):
        cues.parse(["# a comment", line], "t.tsv")


def test_duplicate_rows_are_refused():
    row = "患者\tprivate_trigger\tbefore\t0\t0\tprivate\tx"
    with pytest.raises(cues.CueTableError, match="duplicate"):
        cues.parse([row, row])


def test_unknown_kind_is_a_key_error():
    with pytest.raises(KeyError):
        cues.words("no_such_kind")
