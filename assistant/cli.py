"""`omnibus` command line (also `python -m assistant`). Subcommands and JSON shapes are a stable interface."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from assistant.checklist.loader import ChecklistError
from assistant.settings import LANGUAGES


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _items(arg: str) -> Iterator[str]:
    """The argument itself, or with '-' one item per standard-input line (blank lines skipped)."""
    if arg != "-":
        yield arg
        return
    for line in sys.stdin:
        line = line.rstrip("\n")
        if line.strip():
            yield line


def _app():  # type: ignore[no-untyped-def]
    from assistant.service import Omnibus

    return Omnibus()


def cmd_index(args: argparse.Namespace) -> int:
    app = _app()
    report = app.build_index(rebuild=args.rebuild)
    summary = {
        "model": app.index.embeddings.model_id,
        "path": str(app.settings.chroma_path),
        "passages": len(app.corpus),
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "unchanged": report.unchanged,
        "rebuilt": report.rebuilt,
        "reason": report.reason,
        "seconds": round(report.seconds, 2),
        "seeded": report.seeded,
    }
    if args.write_seed:
        summary["seed"] = str(app.index.write_seed(app.corpus, app.settings.seed_path))
    print(_dump(summary) if args.json else
          f"Index {summary['path']} ({summary['model']}): {report.added} added, {report.updated} updated, "
          f"{report.removed} removed, {report.unchanged} unchanged in {report.seconds:.1f} s"
          + (f" (rebuilt: {report.reason})" if report.rebuilt else ""))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    retriever = _app().retriever()
    for query in _items(args.query):
        hits = retriever.search(query, k=args.k, lang=args.lang, instrument=args.instrument, article=args.article)
        if args.json:
            print(_dump([h.to_json() for h in hits]), flush=True)
        else:
            for i, h in enumerate(hits, 1):
                print(f"{i}. [{h.kind}] {h.label()} {h.title} ({h.score:.4f})\n   {h.text}")
            print()
    return 0


def cmd_interpret(args: argparse.Namespace) -> int:
    from assistant.settings import get_settings
    from assistant.understanding.interpreter import Interpreter

    interpreter = Interpreter(get_settings().knowledge_dir / "understanding")
    for text in _items(args.text):
        result = interpreter.interpret(text, args.lang).to_json(entities=args.entities)
        if args.json:
            print(_dump(result), flush=True)
        else:
            print(f"{result['intent']}: value={result['value']} command={result['command']} "
                  f"references={result['references']}"
                  + (f" entities={result['entities']}" if args.entities else ""))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from assistant.store.answers import StoreError

    app = _app()
    try:
        dialogue = app.dialogue(args.state, args.respondent, args.lang)
    except StoreError as exc:
        print(f"omnibus chat: {exc}", file=sys.stderr)
        return 2

    def emit(turn: Any) -> None:
        if args.jsonl:
            print(_dump(turn.to_json()), flush=True)
        else:
            print(f"\n{turn.text}\n[{turn.progress['answered']}/{turn.progress['total']}]", flush=True)

    emit(dialogue.opening())
    lines: Iterable[str] = sys.stdin
    for line in lines:
        emit(dialogue.reply(line.rstrip("\n")))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from assistant.store.export import answers_frame, write_export

    app = _app()
    frame = answers_frame(app.engine, app.checklist, state=args.state, history=args.history, lang=args.lang)
    if args.out is None:
        if args.format in ("xlsx", "parquet"):
            print("omnibus export: --out PATH is required for xlsx and parquet", file=sys.stderr)
            return 2
        data = write_export(frame, args.format, None)
        sys.stdout.buffer.write(data or b"")
        return 0
    write_export(frame, args.format, Path(args.out))
    print(f"{len(frame)} rows written to {args.out}", file=sys.stderr)
    return 0


def cmd_checklist(args: argparse.Namespace) -> int:
    from assistant.checklist.loader import load_checklist
    from assistant.settings import get_settings

    folder = Path(args.path) if args.path else get_settings().checklist_path
    checklist = load_checklist(folder)
    questions = [
        {
            "id": q.id,
            "type": q.type,
            "instrument": q.ref.instrument if q.ref else None,
            "article": q.ref.article if q.ref else None,
            "paragraph": q.ref.paragraph if q.ref else None,
            "condition": q.relevant,
            "languages": checklist.languages(q),
            "section": q.section,
            "level": q.level,
            "choices": q.choices,
        }
        for q in checklist.questions
    ]
    if args.json:
        print(_dump({"questions": questions}))
    else:
        for q in questions:
            where = f"{q['instrument']} art. {q['article']}" if q["instrument"] else ""
            print(f"{q['id']:<32} {q['type']:<16} {where:<16} {','.join(q['languages'])}")
        print(f"{len(questions)} questions")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from assistant.checklist.coverage import coverage, markdown
    from assistant.checklist.loader import load_checklist
    from assistant.settings import get_settings

    settings = get_settings()
    folder = Path(args.path) if args.path else settings.checklist_path
    rows = coverage(load_checklist(folder), settings.knowledge_dir / "digests")
    if args.json:
        print(_dump([r.to_json() for r in rows]))
    else:
        print(markdown(rows))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="omnibus", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="build or refresh the vector store from knowledge/")
    p.add_argument("--rebuild", action="store_true", help="drop and rebuild everything")
    p.add_argument("--write-seed", action="store_true",
                   help="then save the vectors to vectorstore/seed/ (ship them so fresh installs skip embedding)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", help="retrieve provisions and good practices")
    p.add_argument("query", help="the query, or '-' for one query per input line")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--lang", choices=LANGUAGES, default=None, help="language of the query (guessed if absent)")
    p.add_argument("--instrument", choices=("UNTOC", "TIP", "SOM", "FP"), default=None)
    p.add_argument("--article", type=int, default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("interpret", help="how a reply is understood")
    p.add_argument("text", help="the reply, or '-' for one reply per input line")
    p.add_argument("--lang", choices=LANGUAGES, default="en")
    p.add_argument("--json", action="store_true")
    p.add_argument("--entities", action="store_true",
                   help='add "entities": years, numbers and institutions named in the reply')
    p.set_defaults(func=cmd_interpret)

    p = sub.add_parser("chat", help="a headless conversation: one user message per input line")
    p.add_argument("--state", required=True, help="ISO 3166-1 alpha-3 code")
    p.add_argument("--respondent", required=True)
    p.add_argument("--lang", choices=LANGUAGES, default="en")
    p.add_argument("--jsonl", action="store_true", help="one JSON object per assistant turn")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("export", help="export answers as a tidy table")
    p.add_argument("--format", choices=("csv", "xlsx", "parquet", "jsonl"), default="csv")
    p.add_argument("--out", default=None, help="file to write (standard output for csv and jsonl if absent)")
    p.add_argument("--state", default=None, help="only this State")
    p.add_argument("--history", action="store_true", help="every revision, not only the current answers")
    p.add_argument("--lang", choices=LANGUAGES, default="en", help="language of choice labels")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("checklist", help="the checklist's structure")
    p.add_argument("--json", action="store_true")
    p.add_argument("--path", default=None, help="a checklist folder to validate instead of knowledge/checklist")
    p.set_defaults(func=cmd_checklist)

    p = sub.add_parser("coverage", help="articles and obligation paragraphs covered, per instrument")
    p.add_argument("--json", action="store_true")
    p.add_argument("--path", default=None, help="a checklist folder instead of knowledge/checklist")
    p.set_defaults(func=cmd_coverage)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr)
    try:
        return int(args.func(args) or 0)
    except ChecklistError as exc:
        print(f"omnibus: checklist error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
