"""The real checklist in knowledge/ covers every obligation paragraph of the substantive articles, in six languages."""

from assistant.checklist.coverage import SCOPE, coverage
from assistant.checklist.loader import load_checklist
from assistant.settings import LANGUAGES, PROJECT_ROOT

KNOWLEDGE = PROJECT_ROOT / "knowledge"


def test_every_substantive_obligation_has_a_question_in_six_languages():
    rows = coverage(load_checklist(KNOWLEDGE / "checklist"), KNOWLEDGE / "digests")
    for row in rows:
        assert row.missing == [], (row.instrument, row.missing)
        assert row.articles_covered == row.articles_with_obligations == len(
            {a for a in SCOPE[row.instrument] if a not in NO_OBLIGATION.get(row.instrument, ())})
        assert row.languages_complete == list(LANGUAGES), row.instrument


# substantive articles whose paragraphs are all definitions or savings clauses (nothing to ask)
NO_OBLIGATION: dict[str, tuple[int, ...]] = {"SOM": (5,)}


def test_protocol_sections_are_skipped_for_non_parties():
    checklist = load_checklist(KNOWLEDGE / "checklist")
    tip = next(q for q in checklist.questions if q.id == "tip_5_1_status")
    assert tip.is_relevant({"party_to": ["untoc", "tip"]})
    assert not tip.is_relevant({"party_to": ["untoc", "som"]})
    assert tip.is_relevant({"party_to": ["all"]})
    assert tip.is_relevant({})  # not answered yet: ask rather than silently skip a Protocol


def test_protocol_training_offers_to_reuse_the_convention_answer():
    checklist = load_checklist(KNOWLEDGE / "checklist")
    by_id = {q.id: q for q in checklist.questions}
    assert "untoc_29_1_status" in by_id["tip_10_2_status"].reuse
    assert "untoc_29_1_status" in by_id["som_14_1_status"].reuse
    assert "untoc_29_1_status" in by_id["fp_14_status"].reuse
