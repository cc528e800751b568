"""Time from a reply to the recorded answer (in-process, SQLite in WAL mode), and index build time.

Usage: python benchmarks/dialogue.py [--rounds 20]
Prints a Markdown table row per measure, to paste into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import git_rev, machine, summary, today  # noqa: E402

REPLIES = [
    "Not yet, a bill is before Parliament",
    "The bill should pass in 2027",
    "limited resources and coordination",
    "legislative drafting and training",
    "high",
    "Yes, section 12 of the Organized Crime Act 2011",
    "Two cases in 2024",
    "Partly: self-laundering is not covered",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--vectorstore", default=None,
                        help="reuse an index folder (build time then measures a refresh)")
    args = parser.parse_args()

    from assistant.service import Omnibus
    from assistant.settings import Settings

    tmp = Path(tempfile.mkdtemp(prefix="omnibus-bench-"))
    # the scripted replies follow the test slice (UNTOC 5, 6, 10, 23); benchmarks/full_checklist.py times the
    # whole checklist
    from assistant.settings import PROJECT_ROOT

    core = Omnibus(Settings(data_dir=tmp / "data", vectorstore_dir=Path(args.vectorstore) if args.vectorstore
                            else tmp / "vs", checklist_dir=PROJECT_ROOT / "tests" / "fixtures" / "checklist"))
    start = time.perf_counter()
    report = core.build_index()
    build = time.perf_counter() - start
    start = time.perf_counter()
    again = core.build_index()
    refresh = time.perf_counter() - start

    reply_times, side_times, signed_times = [], [], []
    states = ["XAA", "XAB", "XAC", "XAD", "XAE", "XAF", "XAG", "XAH", "XAI", "XAJ"]
    # the same through a signed-in focal point: every write checks role, State, section and response status
    from assistant.workspace import Workspace

    admin = core.accounts.create_first_admin("admin", "benchmark-pass-1").actor()
    focal = {s: core.accounts.create(admin, f"fp.{s.lower()}", "benchmark-pass-1", "focal_point", s).actor()
             for s in ["XBA", "XBB", "XBC", "XBD", "XBE", "XBF", "XBG", "XBH", "XBI", "XBJ"]}
    for i in range(args.rounds):
        state = list(focal)[i % len(focal)]
        dialogue = Workspace(core, focal[state]).dialogue(state, "en")
        dialogue.opening()
        for text in REPLIES:
            t0 = time.perf_counter()
            turn = dialogue.reply(text)
            if turn.recorded:
                signed_times.append(time.perf_counter() - t0)
    for i in range(args.rounds):
        dialogue = core.dialogue(states[i % len(states)], f"bench{i}", "en")
        dialogue.opening()
        for text in REPLIES:
            t0 = time.perf_counter()
            turn = dialogue.reply(text)
            elapsed = time.perf_counter() - t0
            if turn.recorded:
                reply_times.append(elapsed)
        t0 = time.perf_counter()
        dialogue.reply("what does serious crime mean?")
        side_times.append(time.perf_counter() - t0)

    print(f"machine: {machine()}; date {today()}; commit {git_rev()}")
    print("| measure | result |")
    print("| --- | --- |")
    print(f"| full index build ({report.added} passages, {core.index.embeddings.model_id}) | {build:.1f} s |")
    print(f"| index refresh with nothing changed ({again.unchanged} unchanged) | {refresh:.2f} s |")
    print(f"| reply to recorded answer (interpret + store + next question) | {summary(reply_times)} |")
    print(f"| side question answered with citations (retrieval, no LLM) | {summary(side_times)} |")
    print(f"| reply to recorded answer, signed in as a focal point (access checks on every write) | "
          f"{summary(signed_times)} |")


if __name__ == "__main__":
    main()
