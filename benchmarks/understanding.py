"""Reply understanding, offline: accuracy per language and per class, the yes / in_part / no confusion,
reference extraction, and interpretation time.

A reply is correct when intent, value and command all match the label. References are scored separately
(exact set match) on the replies whose label lists references.

Usage: python benchmarks/understanding.py [--replies benchmarks/data/understanding_replies.yaml] [--errors]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import git_rev, machine, percentile, today  # noqa: E402

HERE = Path(__file__).resolve().parent


def label_of(item: dict) -> str:
    if item["intent"] == "answer":
        return str(item["value"])
    if item["intent"] == "command":
        return f"command:{item['command']}"
    return "question"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--replies", default=str(HERE / "data" / "understanding_replies.yaml"))
    parser.add_argument("--errors", action="store_true", help="list every error")
    args = parser.parse_args()

    from assistant.settings import PROJECT_ROOT
    from assistant.understanding.interpreter import Interpreter

    replies = yaml.safe_load(Path(args.replies).read_text(encoding="utf-8"))["replies"]
    interpreter = Interpreter(PROJECT_ROOT / "knowledge" / "understanding")
    interpreter.interpret("warm up", "en")

    per_lang: dict[str, list[bool]] = defaultdict(list)
    per_class: dict[str, list[bool]] = defaultdict(list)
    confusion: Counter[tuple[str, str]] = Counter()
    refs_ok: list[bool] = []
    times: list[float] = []
    errors: list[str] = []
    for item in replies:
        start = time.perf_counter()
        got = interpreter.interpret(item["text"], item["lang"]).to_json()
        times.append(time.perf_counter() - start)
        want = {"intent": item["intent"], "value": item.get("value"), "command": item.get("command")}
        ok = all(got[k] == want[k] for k in want)
        per_lang[item["lang"]].append(ok)
        per_lang["all"].append(ok)
        per_class[label_of(item)].append(ok)
        confusion[(label_of(item), label_of(got))] += 1
        if item.get("references"):
            refs_ok.append(sorted(got["references"]) == sorted(item["references"]))
        if not ok:
            errors.append(f"{item['id']}: want {label_of(item)}, got {label_of(got)} :: {item['text']}")

    def acc(values: list[bool]) -> str:
        return f"{sum(values) / len(values):.3f}" if values else "-"

    print(f"machine: {machine()}; date {today()}; commit {git_rev()}; {len(replies)} replies")
    print()
    print("| language | n | accuracy |\n| --- | --- | --- |")
    for lang in sorted(k for k in per_lang if k != "all") + ["all"]:
        print(f"| {lang} | {len(per_lang[lang])} | {acc(per_lang[lang])} |")
    print()
    print("| class | n | accuracy |\n| --- | --- | --- |")
    for cls in sorted(per_class):
        print(f"| {cls} | {len(per_class[cls])} | {acc(per_class[cls])} |")
    print()
    statuses = ["yes", "in_part", "no", "unknown"]
    print("| label \\ read as | " + " | ".join(statuses) + " | other |")
    print("| --- " * (len(statuses) + 2) + "|")
    for want in statuses:
        row = [str(confusion[(want, got)]) for got in statuses]
        other = sum(n for (w, g), n in confusion.items() if w == want and g not in statuses)
        print(f"| {want} | " + " | ".join(row) + f" | {other} |")
    print()
    print(f"| measure | result |\n| --- | --- |\n"
          f"| \"no\" read as \"yes\" | {confusion[('no', 'yes')]} |\n"
          f"| references extracted exactly | {acc(refs_ok)} (n={len(refs_ok)}) |\n"
          f"| interpretation time | median {statistics.median(times) * 1000:.2f} ms, "
          f"p95 {percentile(times, 0.95) * 1000:.2f} ms |")
    if args.errors and errors:
        print("\nerrors:")
        for line in errors:
            print("  " + line)


if __name__ == "__main__":
    main()
