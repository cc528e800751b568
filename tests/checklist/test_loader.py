import shutil
from pathlib import Path

import pytest

from assistant.checklist.loader import ChecklistError, load_checklist
from assistant.settings import PROJECT_ROOT

SOURCE = PROJECT_ROOT / "knowledge" / "checklist"
FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "checklist"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the frozen test slice, to break in various ways."""
    target = tmp_path / "checklist"
    shutil.copytree(FIXTURE, target)
    return target


def test_loads_the_slice():
    checklist = load_checklist(SOURCE)
    ids = [q.id for q in checklist.questions]
    for article in ("untoc_5_1", "untoc_6_1", "untoc_10_1", "untoc_23"):
        for suffix in ("status", "law", "examples", "steps", "challenges", "ta_needed", "ta_priority"):
            assert f"{article}_{suffix}" in ids
    assert {q.type for q in checklist.questions} == {"status", "text", "select_one", "select_multiple", "integer"}
    law = checklist.question("untoc_5_1_law")
    assert law.relevant == "${untoc_5_1_status} in ['yes', 'in_part']"
    assert law.ref and (law.ref.instrument, law.ref.article, law.ref.paragraph) == ("UNTOC", 5, 1)
    assert checklist.question("untoc_23_status").ref.paragraph is None
    assert set(checklist.choices["ta"].codes()) >= {
        "legislative_drafting", "model_legislation", "legal_advice", "good_practices", "training",
        "onsite_expert", "action_plan", "institution_building", "research_data", "international_cooperation",
        "other", "none"}


def test_every_question_has_english_and_french():
    checklist = load_checklist(SOURCE)
    for q in checklist.questions:
        assert {"en", "fr"} <= set(checklist.languages(q)), q.id


def _section(folder: Path) -> Path:
    return folder / "20_untoc_criminalization.yaml"


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_invalid_yaml_names_the_file(folder):
    _section(folder).write_text("section: x\nitems: [\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match="20_untoc_criminalization.yaml: not valid YAML"):
        load_checklist(folder)


def test_bad_condition_names_file_and_question(folder):
    _break(_section(folder), "relevant: \"${untoc_5_1_status} in ['yes', 'in_part']\"",
           "relevant: \"${untoc_5_1_status} === 'yes'\"")
    with pytest.raises(ChecklistError) as err:
        load_checklist(folder)
    assert err.value.question_id == "untoc_5_1_convictions"
    assert "20_untoc_criminalization.yaml" in str(err.value) and "bad condition" in str(err.value)


def test_condition_on_unknown_question(folder):
    _break(_section(folder), "relevant: \"${untoc_5_1_status} in ['yes', 'in_part']\"",
           "relevant: \"${no_such_question} = 'yes'\"")
    with pytest.raises(ChecklistError, match="untoc_5_1_convictions.*does not exist"):
        load_checklist(folder)


def test_unknown_type_and_choice_list(folder):
    _break(_section(folder), "type: integer", "type: essay")
    with pytest.raises(ChecklistError, match="untoc_5_1_convictions.*type"):
        load_checklist(folder)


def test_duplicate_id(folder):
    _break(_section(folder), "- id: untoc_5_1_convictions", "- id: untoc_5_1_law")
    with pytest.raises(ChecklistError, match="'untoc_5_1_law'.*duplicate id"):
        load_checklist(folder)


def test_missing_english(folder):
    _break(_section(folder), "      en: \"How many convictions", "      es: \"How many convictions")
    with pytest.raises(ChecklistError, match="untoc_5_1_convictions.*English"):
        load_checklist(folder)


def test_unknown_choice_list(folder):
    _break(folder / "pattern.yaml", "choices: priority", "choices: priorities")
    with pytest.raises(ChecklistError, match="unknown choice list 'priorities'"):
        load_checklist(folder)


def test_missing_choices_file(folder):
    (folder / "choices.yaml").unlink()
    with pytest.raises(ChecklistError, match="choices.yaml: file is missing"):
        load_checklist(folder)


def test_not_a_mapping(folder):
    _section(folder).write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match="expected keys"):
        load_checklist(folder)


def test_binary_file(folder):
    _section(folder).write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ChecklistError, match="20_untoc_criminalization.yaml"):
        load_checklist(folder)
