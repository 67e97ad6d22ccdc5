"""The context-dependent recognizers held to the issue-13 rules (cue words only from the table,
complexity <= 15): one list, read by test_complexity, test_cue_words_once and test_cues_sensitive."""

PERSON_PHONE: tuple[str, ...] = (
    "person", "person_cued", "person_lexicon", "person_prose", "person_tables", "phone",
)
SENSITIVE_ADDRESS: tuple[str, ...] = (
    "sensitive", "sensitive_phrases", "sensitive_words", "address", "address_data",
)


def paths(modules: tuple[str, ...]) -> tuple[str, ...]:
    """``recognizers/<module>.py`` for each module name."""
    return tuple(f"recognizers/{m}.py" for m in modules)
