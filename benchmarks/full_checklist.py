"""A fictional State answers the whole checklist through `omnibus chat --jsonl` (a real process, SQLite file):
turns, and the time from a reply written to its turn read back (median, p95), per language.

Usage: python benchmarks/full_checklist.py [--lang en] [--lang fr]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import git_rev, machine, summary, today  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", action="append", default=None)
    args = parser.parse_args()

    from assistant.checklist.loader import load_checklist
    from tests.test_full_checklist import CHECKLIST, reply_for

    checklist = load_checklist(CHECKLIST)
    by_id = {q.id: q for q in checklist.questions}
    print(f"machine: {machine()}; date {today()}; commit {git_rev()}; {len(checklist.questions)} questions")
    print()
    print("| language | turns | reply to next turn | whole checklist |\n| --- | --- | --- | --- |")
    for lang in args.lang or ["en", "fr"]:
        env = dict(os.environ, OMNIBUS_DATA_DIR=tempfile.mkdtemp(prefix="omnibus-bench-"),
                   OMNIBUS_CHECKLIST_DIR=str(CHECKLIST))
        proc = subprocess.Popen([sys.executable, "-m", "assistant", "chat", "--state", "XQZ", "--respondent",
                                 "Benchmark", "--lang", lang, "--jsonl"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, env=env, bufsize=1)
        assert proc.stdin is not None and proc.stdout is not None
        turn = json.loads(proc.stdout.readline())
        latencies: list[float] = []
        provisions = 0
        start = time.perf_counter()
        while turn["question_id"] is not None:
            question = by_id[turn["question_id"]]
            provisions += question.type == "status"
            message, _ = reply_for(question, checklist, lang, turn["text"], provisions)
            t0 = time.perf_counter()
            proc.stdin.write(message + "\n")
            proc.stdin.flush()
            turn = json.loads(proc.stdout.readline())
            latencies.append(time.perf_counter() - t0)
        total = time.perf_counter() - start
        proc.stdin.close()
        proc.wait()
        print(f"| {lang} | {len(latencies)} | {summary(latencies)} | {total:.0f} s |")


if __name__ == "__main__":
    main()
