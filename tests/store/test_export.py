import io
import json
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from assistant.checklist.loader import load_checklist
from assistant.checklist.models import Checklist, ChoiceList, Question, Ref, Section
from assistant.settings import PROJECT_ROOT
from assistant.store.answers import StateStore
from assistant.store.database import make_engine
from assistant.store.export import (
    CODEBOOK_COLUMNS,
    COLUMNS,
    WIDE_COLUMNS,
    answers_frame,
    codebook,
    wide_frame,
    write_export,
)

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


# --- the Secretariat's exports: long and wide shapes, codebook, Excel sheets, formula neutralisation ------------
# These use the frozen checklist slice of tests/fixtures/checklist (UNTOC arts. 5, 6, 10, 23; English and French).

FIXTURE_CHECKLIST = PROJECT_ROOT / "tests" / "fixtures" / "checklist"
LEGACY_COLUMNS = [
    "state", "cycle", "respondent", "question_id", "section", "instrument", "article", "paragraph", "level", "type",
    "value", "value_label", "text", "references", "lang", "channel", "revision", "previous_value", "recorded_at",
]
PLUS, MINUS, AT = "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"
PAYLOADS = (FORMULA, PLUS, MINUS, AT)
STARTERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


@pytest.fixture
def cycle_data(tmp_path):
    """Three States' rows in two cycles on the checklist slice, with formula payloads in values, texts, names."""
    engine = make_engine(f"sqlite:///{tmp_path / 'cycle.db'}")
    checklist = load_checklist(FIXTURE_CHECKLIST)
    a = StateStore(engine, "XXA", cycle="2026")
    a.record("untoc_5_1_status", "no", respondent="Ana", text="Not yet")
    a.record("untoc_5_1_status", "in_part", respondent="Ana", text="Partly")
    a.record("untoc_5_1_steps", FORMULA, respondent="Ana", text=PLUS)
    a.record("untoc_5_1_challenges", ["capacity", "resources"], respondent="Ana", text="capacity and money")
    a.record("untoc_5_1_ta_needed", ["legislative_drafting", "training"], respondent="Ana", text="drafting, training")
    a.record("untoc_23_status", "yes", respondent="Ana", text=MINUS, references=[AT])
    b = StateStore(engine, "XXB", cycle="2026")
    b.record("untoc_23_status", "no", respondent=AT, text="No")  # a hostile display name
    b.record("untoc_5_1_status", "yes", respondent=AT, text="Yes")
    b.record("untoc_5_1_law", MINUS, respondent=AT, text=MINUS)
    StateStore(engine, "XXA", cycle="2027").record("untoc_6_1_status", "yes", respondent="Ana", text="Yes")
    return engine, checklist


def _cells(sheet):
    return [c for row in sheet.iter_rows() for c in row]


def _assert_no_live_formula(cells):
    assert not any(c.data_type == "f" for c in cells)
    assert not any(isinstance(c.value, str) and c.value.startswith(STARTERS) for c in cells)


def test_long_frame_keeps_its_public_columns_and_adds_the_question_text(cycle_data):
    engine, checklist = cycle_data
    frame = answers_frame(engine, checklist, lang="fr")
    assert list(frame.columns) == COLUMNS == [*LEGACY_COLUMNS, "question"]
    row = frame[(frame.state == "XXA") & (frame.question_id == "untoc_5_1_status")].iloc[0]
    assert row.question == checklist.question("untoc_5_1_status").text["fr"]
    assert (row.value, row.value_label, row.revision) == ("in_part", "Oui, en partie", 2)
    # current answers in checklist order within each State and cycle
    xxa = frame[(frame.state == "XXA") & (frame.cycle == "2026")]
    assert list(xxa.question_id) == ["untoc_5_1_status", "untoc_5_1_steps", "untoc_5_1_challenges",
                                     "untoc_5_1_ta_needed", "untoc_23_status"]


def test_wide_has_one_row_per_state_and_cycle_with_the_codes(cycle_data):
    engine, checklist = cycle_data
    long = answers_frame(engine, checklist)
    wide = wide_frame(long)
    assert list(wide.columns[: len(WIDE_COLUMNS)]) == WIDE_COLUMNS
    assert list(zip(wide.state, wide.cycle, strict=True)) == [("XXA", "2026"), ("XXA", "2027"), ("XXB", "2026")]
    assert list(wide.answered) == [5, 1, 3]
    assert list(wide.respondents) == ["Ana", "Ana", AT]
    # question columns: those answered, in checklist order (from the frame, without passing the checklist)
    order = [q.id for q in checklist.questions]
    questions = list(wide.columns[len(WIDE_COLUMNS):])
    assert questions == sorted(set(long.question_id), key=order.index)
    assert questions[:3] == ["untoc_5_1_status", "untoc_5_1_law", "untoc_5_1_steps"]
    rows = wide.set_index(["state", "cycle"])
    assert rows.loc[("XXA", "2026"), "untoc_5_1_status"] == "in_part"  # the current revision
    assert rows.loc[("XXA", "2026"), "untoc_5_1_ta_needed"] == "legislative_drafting;training"
    assert rows.loc[("XXA", "2026"), "untoc_5_1_steps"] == FORMULA  # raw in the frame
    assert rows.loc[("XXB", "2026"), "untoc_23_status"] == "no"
    assert rows.loc[("XXA", "2027"), "untoc_6_1_status"] == "yes"
    assert pd.isna(rows.loc[("XXA", "2027"), "untoc_5_1_status"])  # not answered in that cycle
    latest = long[(long.state == "XXA") & (long.cycle == "2026")].recorded_at.max()
    assert pd.Timestamp(rows.loc[("XXA", "2026"), "last_recorded_at"]) == pd.Timestamp(latest)
    # the same after a filter like Workspace.frame's, with the checklist given, or with a frame that lost its attrs
    readable = long[long.state.isin(["XXA", "XXB"])].reset_index(drop=True)
    assert list(wide_frame(readable).columns) == list(wide.columns)
    bare = long.copy()
    bare.attrs = {}
    assert list(wide_frame(bare, checklist).columns) == list(wide.columns)


def test_wide_without_the_checklist_order_merges_the_states_orders(cycle_data):
    engine, checklist = cycle_data
    long = answers_frame(engine, checklist, cycle="2026")
    long.attrs = {}
    questions = list(wide_frame(long).columns[len(WIDE_COLUMNS):])
    # each State's order is kept (XXA: status, steps, challenges, ta_needed, 23; XXB: status, law, 23); where the
    # rows do not say (law against steps), the first seen goes first
    assert questions == ["untoc_5_1_status", "untoc_5_1_steps", "untoc_5_1_challenges", "untoc_5_1_ta_needed",
                         "untoc_5_1_law", "untoc_23_status"]


def test_wide_labels_in_french(cycle_data):
    engine, checklist = cycle_data
    wide = wide_frame(answers_frame(engine, checklist, lang="fr"), labels=True).set_index(["state", "cycle"])
    assert wide.loc[("XXA", "2026"), "untoc_5_1_status"] == "Oui, en partie"
    assert wide.loc[("XXA", "2026"), "untoc_5_1_ta_needed"] == (
        "Rédaction de textes législatifs;Renforcement des capacités ou formation")
    assert wide.loc[("XXB", "2026"), "untoc_23_status"] == "Non"


def test_wide_refuses_the_history_and_copes_with_no_answers(cycle_data, tmp_path):
    engine, checklist = cycle_data
    with pytest.raises(ValueError, match="history"):
        wide_frame(answers_frame(engine, checklist, history=True))
    empty = wide_frame(answers_frame(engine, checklist, state="XXZ"))
    assert empty.empty and list(empty.columns) == WIDE_COLUMNS
    for fmt in ("csv", "xlsx", "parquet", "jsonl"):
        assert write_export(empty, fmt, None, checklist=checklist) is not None


def test_codebook_explains_every_column_and_question(cycle_data):
    _, checklist = cycle_data
    book = codebook(checklist, "fr")
    assert list(book.columns) == CODEBOOK_COLUMNS
    columns = book[book.kind == "column"]
    assert list(columns.name) == COLUMNS and columns.meaning.str.len().min() > 10
    assert set(WIDE_COLUMNS) <= set(book[book.kind == "wide column"].name)
    for kind, names in (("level", {"mandatory", "consider", "optional", "none"}),
                        ("type", {"status", "text", "select_one", "select_multiple", "integer"}),
                        ("channel", {"chat", "form", "derived", "reuse", "carried", "import"}),
                        ("instrument", {"UNTOC", "TIP", "SOM", "FP"}),
                        ("section", {"untoc_criminalization"})):
        assert set(book[book.kind == kind].name) == names, kind
    assert book[(book.kind == "level") & (book.name == "mandatory")].meaning.iloc[0].startswith("Obligatoire")
    assert book[(book.kind == "section")].meaning.iloc[0].startswith("Convention : incrimination")
    questions = book[book.kind == "question"].set_index("name")
    assert list(questions.index) == [q.id for q in checklist.questions]
    status = questions.loc["untoc_5_1_status"]
    assert status.meaning == checklist.question("untoc_5_1_status").text["fr"]
    assert (status.instrument, status.article, status.paragraph, status.level, status.type) == (
        "UNTOC", 5, 1, "mandatory", "status")
    assert status.codes == "yes = Oui; in_part = Oui, en partie; no = Non; unknown = Ne sait pas"
    assert pd.isna(questions.loc["untoc_23_status"].paragraph)
    ta = questions.loc["untoc_5_1_ta_needed"]
    assert "legislative_drafting = Rédaction de textes législatifs" in ta.codes
    assert ta.condition == "${untoc_5_1_status} in ['no', 'in_part', 'unknown']"
    assert codebook(checklist, "en").set_index("name").loc["untoc_5_1_status"].codes.startswith("yes = Yes; in_part")


def test_xlsx_has_a_sheet_per_instrument_and_a_codebook(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'full.db'}")
    checklist = load_checklist(PROJECT_ROOT / "knowledge" / "checklist")
    store = StateStore(engine, "XXA")
    store.record("party_to", ["untoc", "tip"], respondent="Ana", text="The Convention and the TIP Protocol")
    store.record("untoc_5_1_status", "yes", respondent="Ana", text="Yes")
    store.record("tip_5_1_status", "in_part", respondent="Ana", text=FORMULA)
    frame = answers_frame(engine, checklist, lang="fr")
    out = tmp_path / "full.xlsx"
    write_export(frame, "xlsx", out, checklist=checklist, lang="fr")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["General", "UNTOC", "TIP", "Codebook"]
    sheets = pd.read_excel(out, sheet_name=None)
    assert list(sheets["General"].question_id) == ["party_to"]
    assert list(sheets["UNTOC"].question_id) == ["untoc_5_1_status"]
    assert list(sheets["TIP"].question_id) == ["tip_5_1_status"]
    assert list(sheets["TIP"].columns) == COLUMNS
    assert sheets["TIP"].text.iloc[0] == "'" + FORMULA
    assert sheets["General"].value_label.iloc[0] == (
        "Convention des Nations Unies contre la criminalité transnationale organisée;"
        "Protocole relatif à la traite des personnes")
    codes = sheets["Codebook"]
    assert list(codes.columns) == CODEBOOK_COLUMNS
    assert len(codes[codes.kind == "question"]) == len(checklist.questions)
    assert set(codes[codes.kind == "section"].name) == {s.id for s in checklist.sections}
    assert codes.set_index("name").loc["tip_5_1_status"].meaning == checklist.question("tip_5_1_status").text["fr"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert 8 <= sheet.column_dimensions["A"].width <= 60
        _assert_no_live_formula(_cells(sheet))
    # long texts: capped at 60 characters (XlsxWriter stores 60 as 60.71, its character-to-pixel rounding)
    assert 60 <= book["Codebook"].column_dimensions["C"].width < 61


def test_csv_and_every_excel_sheet_neutralise_formulas(cycle_data, tmp_path):
    engine, checklist = cycle_data
    long = answers_frame(engine, checklist)
    wide = wide_frame(long)
    # long CSV
    back = pd.read_csv(io.BytesIO(write_export(long, "csv", None)), encoding="utf-8-sig", keep_default_na=False)
    text = back.astype(str).to_numpy().ravel().tolist()
    for payload in PAYLOADS:
        assert "'" + payload in text and payload not in text
    # wide CSV: the values and the respondents' names
    back = pd.read_csv(io.BytesIO(write_export(wide, "csv", None)), encoding="utf-8-sig", keep_default_na=False)
    rows = back.set_index(["state", "cycle"])
    assert rows.loc[("XXA", 2026), "untoc_5_1_steps"] == "'" + FORMULA
    assert rows.loc[("XXB", 2026), "untoc_5_1_law"] == "'" + MINUS
    assert rows.loc[("XXB", 2026), "respondents"] == "'" + AT
    # Excel, long (per instrument + codebook) and wide (+ codebook)
    for frame, name, sheets in ((long, "long.xlsx", ["UNTOC", "Codebook"]), (wide, "wide.xlsx", ["Wide", "Codebook"])):
        write_export(frame, "xlsx", tmp_path / name, checklist=checklist)
        book = openpyxl.load_workbook(tmp_path / name)
        assert book.sheetnames == sheets
        for sheet in book.worksheets:
            _assert_no_live_formula(_cells(sheet))
        values = {c.value for c in _cells(book[sheets[0]])}
        assert {"'" + FORMULA, "'" + MINUS, "'" + AT} <= values
    # the wide shape without a checklist: one "Wide" sheet
    write_export(wide, "xlsx", tmp_path / "bare.xlsx")
    assert openpyxl.load_workbook(tmp_path / "bare.xlsx").sheetnames == ["Wide"]


def _hostile_checklist() -> Checklist:
    """A checklist whose own texts would be formulas: the codebook must be neutralised too."""
    return Checklist(
        sections=(Section(id="s", title={"en": "=1+1", "fr": "@SUM(1)"}, instrument="UNTOC"),),
        questions=(
            Question(id="q_status", type="status", choices="status", section="s", level="mandatory",
                     ref=Ref(instrument="UNTOC", article=5, paragraph=1),
                     text={"en": FORMULA, "fr": PLUS}),
            Question(id="q_text", type="text", section="s", text={"en": MINUS, "fr": AT},
                     relevant="${q_status} in ['yes']"),
        ),
        choices={"status": ChoiceList.model_validate(
            {"name": "status", "options": [{"code": "yes", "label": {"en": "-yes", "fr": "=oui"}}]})},
    )


def test_codebook_is_neutralised_in_spreadsheets_and_raw_elsewhere(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'hostile.db'}")
    checklist = _hostile_checklist()
    StateStore(engine, "XXA").record("q_status", "yes", respondent="Ana", text="yes")
    StateStore(engine, "XXA").record("q_text", "\x01=cmd", respondent="Ana", text="\t=cmd")  # hidden starters
    long = answers_frame(engine, checklist, lang="fr")
    assert long.set_index("question_id").loc["q_status", "question"] == PLUS
    # q_text is on no instrument: its answer goes to the "General" sheet
    for frame, first, sheets in ((long, "General", ["General", "UNTOC"]), (wide_frame(long), "Wide", ["Wide"])):
        out = tmp_path / f"{first}.xlsx"
        write_export(frame, "xlsx", out, checklist=checklist, lang="fr")
        book = openpyxl.load_workbook(out)
        assert book.sheetnames == [*sheets, "Codebook"]
        for sheet in book.worksheets:
            _assert_no_live_formula(_cells(sheet))
        codes = {c.value for c in _cells(book["Codebook"])}
        assert {"'" + PLUS, "'" + AT, "'@SUM(1)", "yes = =oui"} <= codes
        assert "'=cmd" in {c.value for c in _cells(book[first])}  # the control character is dropped first
    book_fr = codebook(checklist, "fr")
    csv = pd.read_csv(io.BytesIO(write_export(book_fr, "csv", None)), encoding="utf-8-sig", keep_default_na=False)
    assert {"'" + PLUS, "'" + AT, "'@SUM(1)"} <= set(csv.meaning)
    assert not csv.astype(str).map(lambda v: v.startswith(STARTERS)).to_numpy().any()
    # programs get the raw text
    write_export(book_fr, "parquet", tmp_path / "codebook.parquet")
    assert {PLUS, AT, "@SUM(1)"} <= set(pd.read_parquet(tmp_path / "codebook.parquet").meaning)
    rows = [json.loads(x) for x in write_export(book_fr, "jsonl", None).decode().splitlines()]
    assert {PLUS, AT} <= {r["meaning"] for r in rows}


def test_parquet_and_jsonl_keep_raw_values_in_both_shapes(cycle_data, tmp_path):
    engine, checklist = cycle_data
    long = answers_frame(engine, checklist)
    wide = wide_frame(long)
    write_export(long, "parquet", tmp_path / "long.parquet", checklist=checklist)
    back = pd.read_parquet(tmp_path / "long.parquet")
    assert list(back.columns) == COLUMNS and len(back) == len(long)
    assert {FORMULA, MINUS} <= set(back.value) and PLUS in set(back.text) and AT in set(back.references)
    assert not back.attrs  # the checklist order stays out of the file
    write_export(wide, "parquet", tmp_path / "wide.parquet")
    back = pd.read_parquet(tmp_path / "wide.parquet")
    assert list(back.columns) == list(wide.columns) and len(back) == 3
    row = back.set_index(["state", "cycle"]).loc[("XXA", "2026")]
    assert row.untoc_5_1_steps == FORMULA and row.answered == 5 and pd.isna(row.untoc_5_1_law)
    rows = [json.loads(x) for x in write_export(wide, "jsonl", None).decode().splitlines()]
    assert [(r["state"], r["cycle"]) for r in rows] == [("XXA", "2026"), ("XXA", "2027"), ("XXB", "2026")]
    assert rows[0]["untoc_5_1_steps"] == FORMULA and rows[0]["untoc_5_1_law"] is None
    assert rows[2]["respondents"] == AT and rows[0]["answered"] == 5
    lines = [json.loads(x) for x in write_export(long, "jsonl", None).decode().splitlines()]
    assert set(lines[0]) == set(COLUMNS) and PLUS in {r["text"] for r in lines}


def test_write_export_rejects_an_unknown_shape(cycle_data):
    engine, checklist = cycle_data
    with pytest.raises(ValueError, match="unknown shape"):
        write_export(answers_frame(engine, checklist), "csv", None, shape="tall")


def test_command_line_wide_shape_and_its_refusal_with_history(cycle_data, tmp_path, monkeypatch, capsys):
    from assistant import cli

    engine, checklist = cycle_data
    monkeypatch.delenv("OMNIBUS_USER", raising=False)
    app = SimpleNamespace(engine=engine, checklist=checklist, accounts=SimpleNamespace(any_account=lambda: False))
    monkeypatch.setattr(cli, "_app", lambda: app)
    out = tmp_path / "wide.xlsx"
    assert cli.main(["export", "--shape", "wide", "--format", "xlsx", "--lang", "fr", "--out", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames == ["Wide", "Codebook"]
    wide = pd.read_excel(out, sheet_name="Wide")
    assert len(wide) == 3 and list(wide.columns[:len(WIDE_COLUMNS)]) == WIDE_COLUMNS
    codes = pd.read_excel(out, sheet_name="Codebook").set_index("name")
    assert codes.loc["untoc_5_1_status"].codes.startswith("yes = Oui")
    assert cli.main(["export", "--shape", "wide", "--format", "csv", "--state", "XXB"]) == 0
    back = pd.read_csv(io.StringIO(capsys.readouterr().out.lstrip("\ufeff")))
    assert list(back.state) == ["XXB"] and back.untoc_23_status.iloc[0] == "no"
    assert cli.main(["export", "--format", "xlsx", "--out", str(tmp_path / "long.xlsx")]) == 0
    assert openpyxl.load_workbook(tmp_path / "long.xlsx").sheetnames == ["UNTOC", "Codebook"]
    assert cli.main(["export", "--shape", "wide", "--history", "--format", "csv"]) == 2
    assert "cannot be combined with --history" in capsys.readouterr().err


def test_other_tables_keep_the_single_answers_sheet(cycle_data, tmp_path):
    engine, checklist = cycle_data
    table = pd.DataFrame({"provision": ["untoc_5_1", "untoc_23"], "requests": [2, 1], "note": [MINUS, "ok"]})
    for options in ({}, {"checklist": checklist}):
        write_export(table, "xlsx", tmp_path / "t.xlsx", **options)
        book = openpyxl.load_workbook(tmp_path / "t.xlsx")
        assert book.sheetnames[0] == "answers" and book["answers"]["C2"].value == "'" + MINUS
    write_export(codebook(checklist), "xlsx", tmp_path / "c.xlsx")
    assert openpyxl.load_workbook(tmp_path / "c.xlsx").sheetnames == ["answers"]
