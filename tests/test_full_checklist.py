"""The complete checklist in knowledge/, answered end to end through `omnibus chat --jsonl` by a fictional State,
in English and in French: every applicable question is asked once, every reply is understood and recorded.

The answering script reacts to the question it is asked (as an official would), so it follows the skip logic
rather than a fixed list: status answers cycle through yes / yes, in part / no / don't know, choice questions are
answered with a label in the interface language, and cross-references are accepted with "same".
"""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from assistant.checklist.loader import load_checklist
from assistant.settings import PROJECT_ROOT

CHECKLIST = PROJECT_ROOT / "knowledge" / "checklist"

PHRASES = {
    "en": {
        "status": ["Yes, section 4 of the Organized Crime Act 2011", "Partly, only some offences are covered",
                   "Not yet, a bill is before Parliament", "I don't know"],
        "text": "The Ministry of Justice coordinates this; details are in the annual report 2024.",
        "same": "same",
    },
    "fr": {
        "status": ["Oui, article 4 de la loi n° 2011-12", "En partie, seules certaines infractions sont visées",
                   "Pas encore, un projet de loi est devant le Parlement", "Je ne sais pas"],
        "text": "Le ministère de la justice coordonne ces travaux ; voir le rapport annuel 2024.",
        "same": "même réponse",
    },
}


def reply_for(question, checklist, lang: str, turn_text: str, provision_index: int) -> tuple[str, object]:
    """What a fictional official types, and the value that must be recorded."""
    words = PHRASES[lang]
    if question.type == "status":
        if question.reuse and "**" in turn_text and words["same"] in turn_text.lower():
            return words["same"], None  # the offered earlier answer: value checked against its source
        k = provision_index % 4
        return words["status"][k], ["yes", "in_part", "no", "unknown"][k]
    if question.type == "integer":
        return "12", 12
    if question.type == "text":
        return words["text"], words["text"]
    options = checklist.choices[question.choices].options
    pick = options[provision_index % len(options)]
    if question.id == "party_to":
        pick = next(o for o in options if o.code == "all")
    label = pick.label.get(lang) or pick.label["en"]
    return label, pick.code if question.type == "select_one" else [pick.code]


def test_fictional_states_complete_the_whole_checklist_in_english_and_french(tmp_path):
    # two officials of two States at the same time, one per core, on the same SQLite file
    checklist = load_checklist(CHECKLIST)
    env = dict(os.environ, OMNIBUS_DATA_DIR=str(tmp_path / "data"), OMNIBUS_CHECKLIST_DIR=str(CHECKLIST),
               OMNIBUS_VECTORSTORE_DIR=str(tmp_path / "vs"))  # never used: no side questions in this run
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = [pool.submit(complete, checklist, env, tmp_path, lang, state)
                for lang, state in (("en", "XQA"), ("fr", "XQB"))]
        for run in runs:
            run.result()


def read_turn(proc: subprocess.Popen) -> dict:
    line = proc.stdout.readline()
    if not line:  # the process ended: show why rather than a JSON error on an empty line
        proc.wait(timeout=60)
        raise AssertionError(f"omnibus chat ended (exit {proc.returncode}): {proc.stderr.read()[-2000:]}")
    return json.loads(line)


def complete(checklist, env, tmp_path, lang: str, state: str) -> None:
    by_id = {q.id: q for q in checklist.questions}
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "chat", "--state", state, "--respondent",
                             "Focal Point", "--lang", lang, "--jsonl"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=str(PROJECT_ROOT), bufsize=1)
    expected: dict[str, object] = {}
    asked: list[str] = []
    try:
        turn = read_turn(proc)
        provisions = 0
        while turn["question_id"] is not None:
            qid = turn["question_id"]
            assert qid not in asked or qid == asked[-1], f"{qid} asked again after other questions"
            asked.append(qid)
            question = by_id[qid]
            if question.type == "status":
                provisions += 1
            message, value = reply_for(question, checklist, lang, turn["text"], provisions)
            proc.stdin.write(message + "\n")
            proc.stdin.flush()
            turn = read_turn(proc)
            # every reply is understood and recorded for the question that was asked, first time
            assert turn["recorded"] is not None, (qid, message, turn["text"])
            assert turn["recorded"]["question_id"] == qid
            if value is not None:
                assert turn["recorded"]["value"] == value, (qid, message, turn["recorded"])
            expected[qid] = value
        assert turn["progress"]["answered"] == turn["progress"]["total"]
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
    assert proc.returncode == 0, proc.stderr.read()[-2000:]

    # every provision of every instrument was reached (the State is party to all four)
    statuses = {qid for qid in asked if by_id[qid].type == "status"}
    assert statuses == {q.id for q in checklist.questions if q.type == "status"}
    assert len(set(asked)) == len(asked)

    out = tmp_path / f"answers-{state}.csv"
    subprocess.run([sys.executable, "-m", "assistant", "export", "--state", state, "--format", "csv",
                    "--out", str(out)], env=env, cwd=str(PROJECT_ROOT), check=True, capture_output=True)
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert set(frame.state) == {state} and set(frame.lang) == {lang}
    assert {i for i in frame.instrument.dropna()} == {"UNTOC", "TIP", "SOM", "FP"}
    # the dataset holds what was recorded: one row per question asked, plus the law derived from a cited Act
    recorded = set(frame.question_id)
    assert set(asked) <= recorded
    assert recorded - set(asked) <= {q.id for q in checklist.questions if q.id.endswith("_law")}
