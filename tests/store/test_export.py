import io
import json

import openpyxl
import pandas as pd
import pytest

from assistant.checklist.loader import load_checklist
from assistant.settings import PROJECT_ROOT
from assistant.store.answers import StateStore
from assistant.store.database import make_engine
from assistant.store.export import COLUMNS, answers_frame, write_export

FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def filled(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    checklist = load_checklist(PROJECT_ROOT / "knowledge" / "checklist")
    a = StateStore(engine, "XXA")
    a.record("untoc_5_1_status", "no", respondent="Ana", text="Not yet")
    a.record("untoc_5_1_status", "in_part", respondent="Ana", text="Partly")
    a.record("untoc_5_1_steps", FORMULA, respondent="Ana", text=FORMULA)
    a.record("untoc_5_1_ta_needed", ["legislative_drafting", "training"], respondent="Ana", text="drafting, training")
    StateStore(engine, "XXB").record("untoc_23_status", "yes", respondent="Bo", text="+yes <b>bold</b>")
    return engine, checklist


def test_tidy_frame_current_answers(filled):
    engine, checklist = filled
    frame = answers_frame(engine, checklist)
    assert list(frame.columns) == COLUMNS
    assert len(frame) == 4
    row = frame[(frame.state == "XXA") & (frame.question_id == "untoc_5_1_status")].iloc[0]
    assert (row.value, row.revision, row.instrument, row.article, row.paragraph) == ("in_part", 2, "UNTOC", 5, 1)
    assert row.value_label == "Yes, in part"
    ta = frame[frame.question_id == "untoc_5_1_ta_needed"].iloc[0]
    assert ta.value == "legislative_drafting;training"
    assert pd.isna(frame[frame.question_id == "untoc_23_status"].iloc[0].paragraph)


def test_history_and_state_filter(filled):
    engine, checklist = filled
    assert len(answers_frame(engine, checklist, history=True)) == 5
    only_b = answers_frame(engine, checklist, state="XXB")
    assert set(only_b.state) == {"XXB"}


def test_french_labels(filled):
    engine, checklist = filled
    frame = answers_frame(engine, checklist, state="XXA", lang="fr")
    assert "Oui, en partie" in set(frame.value_label)


def test_csv_neutralises_formulas_and_round_trips(filled, tmp_path):
    engine, checklist = filled
    frame = answers_frame(engine, checklist)
    out = tmp_path / "a.csv"
    write_export(frame, "csv", out)
    back = pd.read_csv(out, encoding="utf-8-sig")
    steps = back[back.question_id == "untoc_5_1_steps"].iloc[0]
    assert steps.value == "'" + FORMULA
    assert back[back.state == "XXB"].iloc[0].text == "'+yes <b>bold</b>"
    assert len(back) == len(frame)


def test_xlsx_cells_are_text_not_formulas(filled, tmp_path):
    engine, checklist = filled
    out = tmp_path / "a.xlsx"
    write_export(answers_frame(engine, checklist), "xlsx", out)
    sheet = openpyxl.load_workbook(out)["answers"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == "'" + FORMULA for c in cells)
    assert pd.read_excel(out).shape[0] == 4


def test_parquet_and_jsonl_keep_the_original_text(filled, tmp_path):
    engine, checklist = filled
    frame = answers_frame(engine, checklist)
    write_export(frame, "parquet", tmp_path / "a.parquet")
    back = pd.read_parquet(tmp_path / "a.parquet")
    assert FORMULA in set(back.value)
    lines = write_export(frame, "jsonl", None).decode().splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 4 and {r["state"] for r in rows} == {"XXA", "XXB"}
    assert any(r["text"] == FORMULA for r in rows)


def test_unknown_format(filled):
    engine, checklist = filled
    with pytest.raises(ValueError, match="unknown format"):
        write_export(answers_frame(engine, checklist), "doc", None)


def test_empty_dataset(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    frame = answers_frame(engine, load_checklist(PROJECT_ROOT / "knowledge" / "checklist"))
    assert frame.empty and list(frame.columns) == COLUMNS
    assert pd.read_csv(io.BytesIO(write_export(frame, "csv", None)), encoding="utf-8-sig").empty
