"""The consultation workflow on the real core: State isolation, roles, sections, status, cycles, audit."""

import sqlite3

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.access.actor import Actor
from assistant.access.policy import Forbidden
from assistant.store.answers import StateStore
from assistant.store.database import make_engine
from assistant.store.schema import AnswerRevision
from assistant.workspace import Workspace

PASSWORD = "correct-horse-1"


@pytest.fixture
def people(core):
    accounts = core.accounts
    admin = accounts.create_first_admin("admin", PASSWORD).actor()
    made = {"admin": admin}
    for name, role, state in [("fp.a", "focal_point", "XXA"), ("fp.b", "focal_point", "XXB"),
                              ("c.a", "contributor", "XXA"), ("rev", "reviewer", None), ("tr", "trainer", None)]:
        made[name] = accounts.create(admin, name, PASSWORD, role, state, must_change_password=False).actor()
    return made


def ws(core, actor: Actor, cycle=None) -> Workspace:
    return Workspace(core, actor, cycle)


def test_one_state_never_sees_or_writes_another(core, people):
    a, b = ws(core, people["fp.a"]), ws(core, people["fp.b"])
    a.dialogue("XXA").reply("Yes, section 12 of the Organized Crime Act 2011")
    a.comment("XXA", "Note for our team")
    assert set(a.answers("XXA")) == {"untoc_5_1_status", "untoc_5_1_law"}
    for attempt in (lambda: b.answers("XXA"), lambda: b.dialogue("XXA"), lambda: b.history("XXA", "untoc_5_1_status"),
                    lambda: b.frame("XXA"), lambda: b.comments("XXA"), lambda: b.events("XXA"),
                    lambda: b.edit("XXA", "untoc_5_1_status", "no"), lambda: b.submit("XXA"),
                    lambda: b.assign("XXA", "c.a", "UNTOC"), lambda: b.contributions("XXA")):
        with pytest.raises(Forbidden):
            attempt()
    assert b.frame().empty  # their own export holds nothing of XXA
    contributor = ws(core, people["c.a"])
    with pytest.raises(Forbidden):
        contributor.answers("XXB")
    assert b.readable_states() == ["XXB"] and a.readable_states() == ["XXA"]
    for outsider in ("rev", "tr"):
        with pytest.raises(Forbidden):
            ws(core, people[outsider]).answers("XXA")  # not submitted yet (reviewer), never (trainer)


def test_submit_lock_return_with_comments_and_accept(core, people):
    fp, rev = ws(core, people["fp.a"]), ws(core, people["rev"])
    fp.dialogue("XXA").reply("Not yet, a bill is before Parliament")
    assert fp.status("XXA") == "in_progress" and rev.readable_states() == []
    with pytest.raises(Forbidden):
        rev.accept("XXA")
    assert fp.submit("XXA", "Consulted four ministries") == "submitted"
    # locked: the chat and the form both refuse, nothing is recorded
    turn = fp.dialogue("XXA").reply("We need training")
    assert turn.text.startswith("Nothing was recorded: The response is submitted")
    with pytest.raises(Forbidden, match="submitted"):
        fp.edit("XXA", "untoc_5_1_status", "yes")
    assert set(fp.answers("XXA")) == {"untoc_5_1_status"}
    # the reviewer reads it, cannot change it, and returns it with a comment on a question
    assert rev.readable_states() == ["XXA"] and rev.answers("XXA")["untoc_5_1_status"].value == "no"
    with pytest.raises(Forbidden):
        rev.edit("XXA", "untoc_5_1_status", "yes")
    with pytest.raises(Forbidden):
        rev.submit("XXA")
    assert rev.return_response("XXA", "Please complete", {"untoc_5_1_status": "Which bill? Give its number."}) \
        == "returned"
    comments = fp.comments("XXA")
    assert [(c.question_id, c.author, c.text) for c in comments] == [
        ("untoc_5_1_status", "rev", "Which bill? Give its number.")]
    fp.edit("XXA", "untoc_5_1_status", "no", text="Bill 12/2026 is before Parliament")
    assert fp.submit("XXA") == "submitted"
    assert rev.accept("XXA", "Thank you") == "accepted"
    with pytest.raises(Forbidden):
        fp.edit("XXA", "untoc_5_1_status", "yes")
    with pytest.raises(Forbidden, match="cannot be submitted"):
        fp.submit("XXA")
    assert [(e.status, e.actor) for e in fp.events("XXA")] == [
        ("submitted", "fp.a"), ("returned", "rev"), ("submitted", "fp.a"), ("accepted", "rev")]
    assert fp.events("XXA")[0].note == "Consulted four ministries"


def test_contributors_answer_their_sections_only(core, people):
    fp, contributor = ws(core, people["fp.a"]), ws(core, people["c.a"])
    assert contributor.scope("XXA") == []
    with pytest.raises(Forbidden, match="focal point assigns"):
        contributor.assign("XXA", "c.a", "UNTOC")
    fp.assign("XXA", "c.a", "UNTOC:6")
    with pytest.raises(ValueError, match="not a contributor of XXA"):
        fp.assign("XXA", "fp.b", "UNTOC")
    with pytest.raises(ValueError, match="A section is an instrument"):
        fp.assign("XXA", "c.a", "Penal Code")
    dialogue = contributor.dialogue("XXA")
    assert dialogue.current == "untoc_6_1_status"  # article 5 is not theirs
    assert {q.ref.article for q in dialogue.applicable()} == {6}
    dialogue.reply("Yes, article 3 of the Anti-Money Laundering Act")
    with pytest.raises(Forbidden, match="not in a section assigned"):
        contributor.edit("XXA", "untoc_5_1_status", "yes")
    fp.dialogue("XXA").reply("Yes")
    assert {(c.username, c.questions) for c in fp.contributions("XXA")} == {("c.a", 2), ("fp.a", 1)}
    assert fp.assignments("XXA") == {"c.a": [contributor.scope("XXA")[0]]}
    assert fp.revoke("XXA", "c.a", "UNTOC:6")
    assert contributor.scope("XXA") == [] and fp.assignments("XXA") == {}


def test_a_new_cycle_asks_whether_earlier_answers_still_hold(core, people):
    admin, fp = people["admin"], people["fp.a"]
    first = ws(core, fp)
    first.dialogue("XXA").reply("Yes, section 12 of the Organized Crime Act 2011")
    first.dialogue("XXA").reply("The 2024 Supreme Court ruling in the Harbour case")  # examples
    first.dialogue("XXA").reply("4")  # convictions
    with pytest.raises(Forbidden):
        ws(core, fp).open_cycle("2027")
    ws(core, admin).open_cycle("2027", "Second cycle", prefill_from="cycle-1")
    second = ws(core, fp)
    assert second.cycle == "2027" and second.answers("XXA") == {}
    dialogue = second.dialogue("XXA")
    opening = dialogue.opening().text
    assert "In the last reporting cycle (cycle-1) your State reported: **Yes**. Is this still accurate?" in opening
    turn = dialogue.reply("yes")
    assert turn.recorded == {"question_id": "untoc_5_1_status", "value": "yes",
                             "text": "Yes, section 12 of the Organized Crime Act 2011"}
    carried = second.answers("XXA")["untoc_5_1_status"]
    assert (carried.channel, carried.cycle, carried.respondent) == ("carried", "2027", "fp.a")
    # the carried reply cites the law, which answers the law follow-up in this cycle too; next comes the count
    assert second.answers("XXA")["untoc_5_1_law"].channel == "derived"
    assert "your State reported: **The 2024 Supreme Court ruling in the Harbour case**" in turn.text
    turn = dialogue.reply("no")
    assert "not carried over" in turn.text and "Is this still accurate" not in turn.text
    assert "Please give examples of implementation" in turn.text
    turn = dialogue.reply("Two 2026 convictions in the Delta case")
    assert "your State reported: **4**. Is this still accurate?" in turn.text
    dialogue.reply("It went up to 7 last year")  # a new answer instead of yes or no
    answers = second.answers("XXA")
    assert answers["untoc_5_1_examples"].value == "Two 2026 convictions in the Delta case"
    assert answers["untoc_5_1_convictions"].value == 7
    # cycle-1 is untouched, and each cycle's history is its own
    assert ws(core, fp, "cycle-1").answers("XXA")["untoc_5_1_convictions"].value == 4
    history = second.store("XXA").history("untoc_5_1_status", all_cycles=True)
    assert [(a.cycle, a.revision, a.channel) for a in history] == [("cycle-1", 1, "chat"), ("2027", 2, "carried")]


def test_a_refresh_keeps_the_declined_carry_over(core, people):
    ws(core, people["fp.a"]).dialogue("XXA").reply("Yes")
    ws(core, people["admin"]).open_cycle("2027", prefill_from="cycle-1")
    second = ws(core, people["fp.a"])
    second.dialogue("XXA").opening()
    second.dialogue("XXA").reply("no")
    again = second.dialogue("XXA")  # a new tab
    assert again.current == "untoc_5_1_status" and again.pending is None
    turn = again.reply("No")
    assert turn.recorded["value"] == "no"


def test_every_revision_keeps_who_when_channel_and_previous_value(core, people):
    fp = ws(core, people["fp.a"])
    fp.dialogue("XXA").reply("Not yet")
    fp.edit("XXA", "untoc_5_1_status", "in_part", text="Partly: companies are not covered")
    fp.edit("XXA", "untoc_5_1_status", "yes", text="Act 5 of 2026")
    history = fp.history("XXA", "untoc_5_1_status")
    assert [(a.revision, a.value, a.previous_value, a.previous_revision, a.channel, a.respondent)
            for a in history] == [
        (1, "no", None, None, "chat", "fp.a"),
        (2, "in_part", "no", 1, "form", "fp.a"),
        (3, "yes", "in_part", 2, "form", "fp.a")]
    assert all(a.recorded_at.tzinfo is not None for a in history)
    with Session(core.engine) as session:  # superseded, never deleted
        assert len(session.scalars(select(AnswerRevision)).all()) == 3


@pytest.mark.parametrize("value,problem", [("perhaps", "not an allowed answer"), (["yes", "maybe"], "not an allowed")])
def test_form_answers_are_validated(core, people, value, problem):
    with pytest.raises(ValueError, match=problem):
        ws(core, people["fp.a"]).edit("XXA", "untoc_5_1_status", value)


def test_form_rejects_oversized_text(core, people):
    with pytest.raises(ValueError, match="too_long"):
        ws(core, people["fp.a"]).edit("XXA", "untoc_5_1_law", "x" * 20_000, text="x" * 20_000)


def test_an_older_database_file_is_migrated_in_place(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:  # the answer_revisions table as it shipped before cycles
        conn.execute("""CREATE TABLE answer_revisions (id INTEGER PRIMARY KEY AUTOINCREMENT, state VARCHAR(8) NOT NULL,
            respondent VARCHAR(200) NOT NULL, question_id VARCHAR(120) NOT NULL, revision INTEGER NOT NULL,
            value JSON, text TEXT NOT NULL, "references" JSON NOT NULL, lang VARCHAR(8) NOT NULL,
            channel VARCHAR(16) NOT NULL, recorded_at DATETIME NOT NULL,
            CONSTRAINT uq_answer_revision UNIQUE (state, question_id, revision))""")
        conn.execute("""INSERT INTO answer_revisions (state, respondent, question_id, revision, value, text,
            "references", lang, channel, recorded_at)
            VALUES ('XXA', 'Ana', 'q1', 1, '"no"', 'Not yet', '[]', 'en', 'chat', '2026-11-30 10:00:00')""")
    engine = make_engine(f"sqlite:///{path}")
    store = StateStore(engine, "XXA")
    assert store.current()["q1"].value == "no" and store.current()["q1"].cycle == "cycle-1"
    answer = store.record("q1", "yes", respondent="Ana")
    assert (answer.revision, answer.previous_value, answer.previous_revision) == (2, "no", 1)
    make_engine(f"sqlite:///{path}")  # idempotent


def test_import_is_all_or_nothing_with_row_numbers(core, people, tmp_path):
    from assistant.store.imports import ImportFileError, read_rows

    fp = ws(core, people["fp.a"])
    good = tmp_path / "answers.csv"
    good.write_text("question_id,value,text\nuntoc_5_1_status,yes,Yes since 2011\n"
                    "untoc_5_1_law,'=Organized Crime Act,\nuntoc_10_1_status,no,\n"
                    "untoc_10_1_ta_needed,training;legal_advice,\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("question_id,value\nuntoc_5_1_status,perhaps\nnot_a_question,yes\nuntoc_6_1_status,yes\n",
                   encoding="utf-8")
    result = fp.import_answers("XXA", read_rows(bad))
    assert result["imported"] == 0 and len(result["errors"]) == 2
    assert result["errors"][0].startswith("row 2:") and "not_a_question" in result["errors"][1]
    assert fp.answers("XXA") == {}  # nothing recorded
    assert fp.import_answers("XXA", read_rows(good)) == {"imported": 4, "errors": []}
    answers = fp.answers("XXA")
    assert answers["untoc_10_1_ta_needed"].value == ["training", "legal_advice"]
    assert answers["untoc_5_1_law"].value == "=Organized Crime Act"  # the spreadsheet's apostrophe removed
    assert {a.channel for a in answers.values()} == {"import"}
    # an export of the same answers (a sheet per instrument and a codebook) imports back as it is
    from assistant.store.export import write_export

    exported = tmp_path / "exported.xlsx"
    write_export(fp.frame("XXA"), "xlsx", exported, checklist=core.checklist)
    rows = read_rows(exported)
    assert {r["question_id"] for r in rows} == set(answers)
    assert next(r for r in rows if r["question_id"] == "untoc_5_1_law")["value"] == "'=Organized Crime Act"
    fp.import_answers("XXA", rows)
    assert fp.answers("XXA")["untoc_5_1_law"].value == "=Organized Crime Act"
    with pytest.raises(ImportFileError, match="lacks the column"):
        read_rows(_write(tmp_path / "x.csv", "question,answer\nq,1\n"))
    with pytest.raises(ImportFileError, match="use a .csv or .xlsx"):
        read_rows(_write(tmp_path / "x.txt", "hello"))
    with pytest.raises(ImportFileError, match="could not be read"):
        read_rows(_write(tmp_path / "broken.xlsx", "not a workbook"))
    # a contributor imports into their sections only
    fp.assign("XXA", "c.a", "UNTOC:23")
    result = ws(core, people["c.a"]).import_answers("XXA", read_rows(bad))
    assert any("not in a section assigned" in e for e in result["errors"])


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_a_refusal_is_explained_in_the_officials_language(core, people):
    fp = ws(core, people["fp.a"])
    fp.dialogue("XXA", "fr").reply("Oui, article 450-1 du Code pénal")
    fp.submit("XXA")
    turn = fp.dialogue("XXA", "fr").reply("Non")
    assert turn.text.startswith("Rien n'a été enregistré")
    assert "La réponse est soumise : elle ne peut pas être modifiée pour le moment." in turn.text


def test_a_closed_cycle_accepts_no_more_answers(core, people):
    fp = ws(core, people["fp.a"])
    fp.dialogue("XXA").reply("Yes")
    ws(core, people["admin"]).close_cycle("cycle-1")
    with pytest.raises(Forbidden, match="cycle is closed"):
        ws(core, people["fp.a"]).edit("XXA", "untoc_6_1_status", "yes")
    turn = ws(core, people["fp.a"]).dialogue("XXA").reply("No")
    assert "This reporting cycle is closed" in turn.text
    assert set(fp.answers("XXA")) == {"untoc_5_1_status"}
