"""The Secretariat's findings against the hand-computed numbers of the six-State fixture
(tests/fixtures/secretariat.py): response rate, per-provision answers, technical assistance needs and
challenges. Only responding States count, whoever reads, and an answer the skip logic no longer asks does not
count."""

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from assistant.access.policy import Forbidden
from assistant.analysis import dataset
from assistant.analysis.findings import analyse, values_from_frame
from assistant.store.schema import GoodPractice
from assistant.workspace import Workspace
from tests.fixtures.secretariat import ANSWERS, CYCLE, EXPECTED, PASSWORD, build


@pytest.fixture
def fixture(core):
    people = build(core)
    return core, people, dataset.load(Workspace(core, people["reviewer"], CYCLE))


def test_response_summary(fixture):
    _, _, data = fixture
    summary = data.findings().summary
    assert summary.registered == EXPECTED["registered"]
    assert list(summary.responding) == EXPECTED["responding"]
    assert {s: n for s, n in summary.status_counts.items() if n} == EXPECTED["status_counts"]
    assert summary.rate == pytest.approx(len(EXPECTED["responding"]) / EXPECTED["registered"])


def test_provisions(fixture):
    _, _, data = fixture
    provisions = data.findings().provisions.set_index("provision")
    got = {p: tuple(int(provisions.loc[p, a]) for a in ("yes", "in_part", "no", "unknown"))
           for p in EXPECTED["provisions"]}
    assert got == EXPECTED["provisions"]
    assert list(provisions.index) == list(EXPECTED["provisions"])  # checklist order
    assert set(provisions["responding"]) == {len(EXPECTED["responding"])}
    assert provisions.loc["untoc_5_1", "citation"] == "Convention art. 5(1)"
    assert provisions.loc["untoc_6_2", "no_answer"] == 2  # XXA and XXD were asked and did not answer


def test_technical_assistance_and_challenges(fixture):
    _, _, data = fixture
    f = data.findings()
    ranked = f.ta_by_category.set_index("category")
    assert ranked["states"].to_dict() == EXPECTED["ta_states"]
    assert {c: n for c, n in ranked["high"].items() if n} == EXPECTED["ta_high"]
    assert f.ta_by_category["category"].iloc[0] == "legislative_drafting"
    assert list(f.ta_by_category["rank"]) == list(range(1, len(ranked) + 1))
    assert set(f.ta_requests["state"]) <= set(EXPECTED["responding"])  # XXE (in progress) asked for training
    assert len(f.ta_requests) == len(f.ta_requests.drop_duplicates(["state", "provision", "category"]))
    # the heat map's matrix: States per provision and kind of assistance
    assert f.ta_matrix.loc["Convention art. 10(1)", "Legislative drafting"] == 1
    assert int(f.ta_matrix["Legislative drafting"].sum()) == 4  # XXA 6(1), XXB 10(1) and 23, XXD 5(1)
    priority = f.ta_by_priority.set_index(["category", "priority"])["requests"]
    assert priority["legislative_drafting", "high"] == 3 and priority["legislative_drafting", "low"] == 1
    assert f.challenges.set_index("challenge")["states"].to_dict() == EXPECTED["challenges"]


def test_labels_follow_the_language(fixture):
    _, _, data = fixture
    f = data.findings("fr")
    assert f.provisions.set_index("provision").loc["untoc_5_1", "citation"] == "Convention art. 5, par. 1"
    assert f.ta_by_category.set_index("category").loc["training", "category_label"] == \
        "Renforcement des capacités ou formation"
    assert f.statuses.set_index("status").loc["accepted", "label"] == "Acceptée"


def test_completion_is_shown_for_what_the_reader_may_see(fixture):
    core, people, data = fixture
    completion = data.findings().completion.set_index("state")
    assert list(completion.index) == sorted(ANSWERS) + ["XXF"]
    for state in EXPECTED["responding"]:
        # the fixture answers only questions the skip logic asks
        assert completion.loc[state, "answered"] == len(ANSWERS[state])
        assert 0 < completion.loc[state, "completion"] <= 1
    assert not completion.loc["XXE", "readable"]  # in progress: a reviewer may not read it
    assert completion.loc["XXF", "answered"] == 0 and completion.loc["XXF", "completion"] == 0
    by_region = data.findings().completion_by_region.set_index("region")
    assert by_region.loc["African States", ["states", "responding"]].tolist() == [2, 1]

    # an administrator reads XXE's progress too, but the findings still count responding States only
    admin = dataset.load(Workspace(core, people["admin"], CYCLE)).findings()
    assert admin.completion.set_index("state").loc["XXE", "answered"] == len(ANSWERS["XXE"])
    reviewer = data.findings()
    assert admin.provisions.equals(reviewer.provisions)
    assert admin.ta_by_category.equals(reviewer.ta_by_category)


def test_filters(fixture):
    _, _, data = fixture
    african = data.findings(region="African States")
    assert african.summary.registered == 2 and list(african.summary.responding) == ["XXA"]
    provisions = african.provisions.set_index("provision")
    assert provisions.loc["untoc_5_1", ["yes", "responding"]].tolist() == [1, 1]
    art6 = data.findings(article=6)
    assert list(art6.provisions["provision"]) == ["untoc_6_1", "untoc_6_2"]
    assert art6.ta_by_category.set_index("category")["states"].to_dict() == {"training": 2,
                                                                             "legislative_drafting": 1}
    assert art6.challenges.set_index("challenge")["states"].to_dict() == {"capacity": 1, "resources": 1}
    assert data.findings(instrument="TIP").provisions.empty
    assert len(data.findings(level="mandatory").provisions) == 5


def test_values_rebuilt_from_the_frame_give_the_same_findings(fixture):
    _, _, data = fixture
    rebuilt = values_from_frame(data.frame, data.checklist)
    assert rebuilt["XXA"]["untoc_6_1_ta_needed"] == ["legislative_drafting", "training"]
    plain = analyse(data.frame, data.statuses, data.regions, data.checklist)
    typed = data.findings()
    assert plain.provisions.equals(typed.provisions)
    assert plain.ta_requests.equals(typed.ta_requests)


def test_follow_ups_no_longer_asked_do_not_count(core):
    people = build(core)
    admin = Workspace(core, people["admin"], CYCLE)
    admin.add_state("XXG", "African States")
    fp = core.accounts.create(people["admin"], "fp.xxg", PASSWORD, "focal_point", "XXG",
                              must_change_password=False).actor()
    mine = Workspace(core, fp, CYCLE)
    mine.edit("XXG", "untoc_5_1_status", "no", text="No")
    mine.edit("XXG", "untoc_5_1_ta_needed", ["research_data"])
    mine.edit("XXG", "untoc_5_1_ta_priority", "high")
    # the technical assistance request stays in the store, but the skip logic no longer asks it
    mine.edit("XXG", "untoc_5_1_status", "yes", text="Yes, since the new law")
    mine.submit("XXG")
    f = dataset.load(Workspace(core, people["reviewer"], CYCLE)).findings()
    provisions = f.provisions.set_index("provision")
    assert provisions.loc["untoc_5_1", ["yes", "no", "responding"]].tolist() == [4, 1, 5]
    assert f.ta_by_category.set_index("category").loc["research_data", "states"] == 1  # XXC only
    assert "XXG" not in set(f.ta_requests["state"])


def test_only_shared_good_practices_are_loaded(fixture):
    core, people, _ = fixture
    now = datetime.now(UTC)
    rows = [("Shared", CYCLE, True, None), ("No consent", CYCLE, False, None),
            ("Withdrawn", CYCLE, True, now), ("Other cycle", "cycle-1", True, None)]
    with Session(core.engine) as session:
        for title, cycle, consent, withdrawn in rows:
            session.add(GoodPractice(state="XXA", cycle=cycle, question_id="untoc_5_1_status", title=title,
                                     text="A joint unit", consent=consent, marked_by="reviewer",
                                     withdrawn_at=withdrawn))
        session.commit()
    practices = dataset.load(Workspace(core, people["reviewer"], CYCLE)).findings().practices
    assert practices[["title", "state", "cycle", "provision", "citation"]].values.tolist() == [
        ["Shared", "XXA", CYCLE, "untoc_5_1", "Convention art. 5(1)"]]


def test_only_the_secretariat_loads_the_dataset(fixture):
    core, people, _ = fixture
    with pytest.raises(Forbidden):
        dataset.load(Workspace(core, people["XXA"], CYCLE))


def test_arabic_citations_letter_subparagraphs_in_abjad_order():
    from assistant.analysis.findings import citation
    from assistant.checklist.loader import load_checklist
    from assistant.settings import PROJECT_ROOT

    checklist = load_checklist(PROJECT_ROOT / "knowledge" / "checklist")
    q = next(q for q in checklist.questions if q.type == "status" and q.ref and q.ref.subparagraph == "a")
    assert citation(q, "ar").endswith("(أ)") and citation(q, "en").endswith("(a)")
