"""The engine's own presidio bookkeeping (``_ChineseAnalyzerEngine.analyze``, ``_remove_duplicates``)
gives exactly what presidio's gives: same results, same order, same metadata."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult
from reader_fixtures import make_id

from screening import Screener
from screening.engine import LANGUAGE, _remove_duplicates
from screening.normalize import normalize
from screening.scan_context import ScanContext

RESULTS = st.lists(st.tuples(st.sampled_from(["PERSON", "PHONE_NUMBER", "CN_ADDRESS"]), st.integers(0, 40),
                             st.integers(0, 12), st.sampled_from([0.0, 0.3, 0.5, 0.85, 1.0])), max_size=40)


def _results(items):  # type: ignore[no-untyped-def]
    return [RecognizerResult(t, s, s + n, sc, recognition_metadata={"n": i}) for i, (t, s, n, sc) in enumerate(items)]


@settings(max_examples=400, deadline=None)
@given(RESULTS)
def test_remove_duplicates_equals_presidio(items) -> None:  # type: ignore[no-untyped-def]
    ours = _remove_duplicates(_results(items))
    theirs = EntityRecognizer.remove_duplicates(_results(items))
    key = lambda r: (r.entity_type, r.start, r.end, r.score, r.recognition_metadata["n"])  # noqa: E731
    assert [key(r) for r in ours] == [key(r) for r in theirs]


TEXTS = [
    "申请人王某某，身份证号" + make_id(7) + "，联系电话13912345678，住城关镇前进村3组12号。",
    "姓名\t身份证号\t电话\t银行账号\n李四\t" + make_id(9) + "\t0571-87931234\t6228480402564890018\n",
    "无上下文的数字 0571-8793 与 1234567，以及 abc@example.com。",
    "",
]


def _dump(results):  # type: ignore[no-untyped-def]
    return [(r.entity_type, r.start, r.end, r.score, sorted((k, repr(v)) for k, v in r.recognition_metadata.items()
                                                            if k != RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            for r in results]


def test_analyze_equals_presidio_analyze() -> None:
    s = Screener(fingerprint_key="k")
    entities = sorted(s.entities & s._supported)
    for text in TEXTS:
        norm = normalize(text)
        ours = s.analyzer.analyze(text=norm.text, language=LANGUAGE, entities=entities,
                                  nlp_artifacts=ScanContext(norm))
        theirs = AnalyzerEngine.analyze(s.analyzer, text=norm.text, language=LANGUAGE, entities=entities,
                                        nlp_artifacts=ScanContext(norm))
        assert _dump(ours) == _dump(theirs), text
        assert all(r.analysis_explanation is None for r in ours)
    assert any(_dump(s.analyzer.analyze(text=normalize(t).text, language=LANGUAGE, entities=entities,
                                        nlp_artifacts=ScanContext(normalize(t)))) for t in TEXTS)
