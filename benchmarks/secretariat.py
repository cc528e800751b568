"""The Secretariat's side at the scale of a real cycle: N fictional States answer the full checklist (synthetic,
random but skip-logic consistent answers written straight into SQLite), all submit, and we time what a reviewer
does: load the cycle, compute the findings, build the report (en), export long and wide Excel, and sign in.

Usage: python benchmarks/secretariat.py [--states 190] [--seed 7]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import git_rev, machine, today  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _fake_states(n: int) -> list[str]:
    """User-assigned codes only (XAA-XZZ, then QMA-QZZ): never a real State."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    codes = [f"X{a}{b}" for a in letters for b in letters] + [f"Q{a}{b}" for a in letters[12:] for b in letters]
    return codes[:n]


def _answer(q, checklist, rng):  # type: ignore[no-untyped-def]
    if q.type == "status":
        return rng.choices(["yes", "in_part", "no", "unknown"], weights=[5, 2, 2, 1])[0], "Synthetic reply"
    if q.choices:
        codes = [c for c in checklist.choices[q.choices].codes() if c != "none"]
        if q.type == "select_multiple":
            return rng.sample(codes, k=min(len(codes), rng.randint(1, 3))), ""
        return rng.choice(codes), ""
    if q.type == "integer":
        return rng.randint(0, 40), ""
    text = f"Synthetic answer {rng.randint(1, 10_000)} citing Act {rng.randint(1, 99)} of {rng.randint(1990, 2026)}"
    return text, text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--states", type=int, default=190)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="omnibus-bench-secretariat-"))
    os.environ.update(OMNIBUS_DATA_DIR=str(work / "data"), OMNIBUS_VECTORSTORE_DIR=str(work / "vs"))
    os.environ.pop("OMNIBUS_CHECKLIST_DIR", None)

    from sqlalchemy import insert

    from assistant.access.actor import Actor
    from assistant.analysis.dataset import load
    from assistant.analysis.report import build_report, write_report
    from assistant.service import Omnibus
    from assistant.store.export import wide_frame, write_export
    from assistant.store.schema import AnswerRevision
    from assistant.workflow.cycles import REGIONS
    from assistant.workspace import Workspace

    core = Omnibus()
    checklist = core.checklist
    rng = random.Random(args.seed)
    admin = core.accounts.create_first_admin("admin", "benchmark-pass-1").actor()
    core.accounts.create(admin, "reviewer", "benchmark-pass-1", "reviewer", must_change_password=False)
    boss = Workspace(core, admin)
    boss.open_cycle("2026")
    start = time.perf_counter()
    rows = 0
    for code in _fake_states(args.states):
        boss.add_state(code, rng.choice(REGIONS))
        values: dict = {}
        batch = []
        for q in checklist.questions:
            if not q.is_relevant(values) or rng.random() < 0.05:
                continue
            value, text = _answer(q, checklist, rng)
            values[q.id] = value
            batch.append({"state": code, "cycle": "2026", "respondent": f"fp.{code.lower()}", "question_id": q.id,
                          "revision": 1, "value": value, "text": text, "references": [], "lang": "en",
                          "channel": "import"})
        with core.engine.begin() as conn:
            conn.execute(insert(AnswerRevision), batch)
        rows += len(batch)
        core.responses.record(code, "2026", "submitted", f"fp.{code.lower()}")
    fill = time.perf_counter() - start
    reviewer = Actor("reviewer", "reviewer")
    ws = Workspace(core, reviewer)
    timings = {}
    t = time.perf_counter()
    data = load(ws, "en")
    timings["load the cycle (answers of every readable State)"] = time.perf_counter() - t
    t = time.perf_counter()
    findings = data.findings("en")
    timings["findings (all provisions, TA, challenges, completion)"] = time.perf_counter() - t
    t = time.perf_counter()
    report = build_report(data, "en")
    paths = write_report(report, work / "report" / "report.html")
    timings["report build and write (HTML + Markdown, 6 charts)"] = time.perf_counter() - t
    t = time.perf_counter()
    long = ws.frame(lang="en")
    xlsx = write_export(long, "xlsx", None, checklist=checklist, lang="en")
    timings["export long xlsx (sheet per instrument + codebook)"] = time.perf_counter() - t
    t = time.perf_counter()
    wide = write_export(wide_frame(long, checklist), "xlsx", None, checklist=checklist, lang="en", shape="wide")
    timings["export wide xlsx"] = time.perf_counter() - t
    t = time.perf_counter()
    for _ in range(5):
        core.accounts.authenticate("reviewer", "benchmark-pass-1")
    timings["sign-in (argon2id verify), per attempt"] = (time.perf_counter() - t) / 5

    print(f"machine: {machine()}; date {today()}; commit {git_rev()}")
    print(f"{args.states} fictional States, full checklist ({len(checklist.questions)} questions): {rows:,} answers "
          f"written in {fill:.1f} s; {findings.responding} responding; report {paths['html'].stat().st_size:,} "
          f"bytes HTML; long xlsx {len(xlsx or b''):,} bytes ({len(long):,} rows), wide xlsx {len(wide or b''):,} "
          "bytes")
    print()
    print("| step | seconds |\n| --- | --- |")
    for name, seconds in timings.items():
        print(f"| {name} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
