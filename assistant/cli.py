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


class CliError(Exception):
    """A clear message for the user and exit status 2."""


def _secret(env: str, prompt: str, stdin: bool = False, confirm: bool = False) -> str:
    """A password from the first line of standard input (--password-stdin), the environment, or a prompt."""
    import getpass
    import os

    if stdin:
        return sys.stdin.readline().rstrip("\n")
    if os.environ.get(env):
        return os.environ[env]
    if not sys.stdin.isatty():
        raise CliError(f"no password: set {env}, use --password-stdin, or run in a terminal")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != first:
        raise CliError("the two passwords differ")
    return first


def _actor(app, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The signed-in actor (--user, password from OMNIBUS_PASSWORD or a prompt). Before any account exists the
    command line runs as the local operator, as a single-user installation did before accounts."""
    import os

    from assistant.access.actor import OPERATOR
    from assistant.accounts.service import LoginError

    user = args.user or os.environ.get("OMNIBUS_USER")
    if not user:
        if app.accounts.any_account():
            raise CliError("accounts exist: sign in with --user NAME (or OMNIBUS_USER) and OMNIBUS_PASSWORD")
        return None if getattr(args, "local_ok", False) else OPERATOR
    try:
        account = app.accounts.authenticate(user, _secret("OMNIBUS_PASSWORD", f"Password for {user}: "))
    except LoginError as exc:
        raise CliError(str(exc)) from exc
    return account.actor()


def _state(args: argparse.Namespace, ws) -> str:  # type: ignore[no-untyped-def]
    """--state, or the signed-in user's own State."""
    state = args.state or ws.actor.state
    if not state:
        raise CliError("give --state")
    return str(state)


def _workspace(app, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from assistant.workspace import Workspace

    return Workspace(app, _actor(app, args), args.cycle)


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
        # the seed ships with the code: knowledge/ only, never practices shared from a database
        summary["seed"] = str(app.index.write_seed(app.knowledge_corpus, app.settings.seed_path))
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
    args.local_ok = True
    actor = _actor(app, args)
    try:
        if actor is None:
            # no accounts yet: a single-user installation, as before accounts existed
            if not args.state or not args.respondent:
                raise CliError("give --state and --respondent (or sign in with --user)")
            cycle = args.cycle or app.cycles.current().id
            dialogue = app.dialogue(args.state, args.respondent, args.lang, cycle=cycle)
        else:
            from assistant.workspace import Workspace

            dialogue = Workspace(app, actor, args.cycle).dialogue(args.state or actor.state or "", args.lang)
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
    from assistant.store.export import answers_frame, wide_frame, write_export

    shape = getattr(args, "shape", "long")
    if shape == "wide" and args.history:
        raise ValueError("--shape wide has one row per State and cycle with the current answers: "
                         "it cannot be combined with --history (use the long shape for every revision)")
    app = _app()
    args.local_ok = True
    actor = _actor(app, args)
    if actor is None:
        frame = answers_frame(app.engine, app.checklist, state=args.state, history=args.history, lang=args.lang,
                              cycle=args.cycle)
    else:
        from assistant.workspace import Workspace

        frame = Workspace(app, actor, args.cycle).frame(args.state, history=args.history, lang=args.lang)
    if shape == "wide":
        frame = wide_frame(frame, app.checklist)
    options = {"checklist": app.checklist, "lang": args.lang, "shape": shape}
    if args.out is None:
        if args.format in ("xlsx", "parquet"):
            print("omnibus export: --out PATH is required for xlsx and parquet", file=sys.stderr)
            return 2
        data = write_export(frame, args.format, None, **options)
        sys.stdout.buffer.write(data or b"")
        return 0
    write_export(frame, args.format, Path(args.out), **options)
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


def _account_json(a: Any) -> dict[str, Any]:
    return {"username": a.username, "display_name": a.display_name, "role": a.role, "state": a.state,
            "organisation": a.organisation, "active": a.active, "created_at": a.created_at.isoformat(),
            "created_by": a.created_by}


def cmd_create_admin(args: argparse.Namespace) -> int:
    app = _app()
    password = _secret("OMNIBUS_PASSWORD", "Password for the administrator: ", args.password_stdin, confirm=True)
    account = app.accounts.create_first_admin(args.username, password, args.name or "")
    print(_dump(_account_json(account)))
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    app = _app()
    ws = _workspace(app, args)
    if args.action == "list":
        print(_dump([_account_json(a) for a in ws.accounts()]))
        return 0
    if not args.username:
        raise CliError("give --username")
    if args.action == "create":
        if not args.role:
            raise CliError("give --role")
        password = _secret("OMNIBUS_NEW_PASSWORD", f"Temporary password for {args.username}: ", args.password_stdin)
        account = ws.create_account(args.username, password, args.role, args.state, args.name or "",
                                    args.organisation or "")
        print(_dump(_account_json(account)))
    elif args.action in ("disable", "enable"):
        ws.set_active(args.username, args.action == "enable")
        print(_dump({"username": args.username, "active": args.action == "enable"}))
    else:
        password = _secret("OMNIBUS_NEW_PASSWORD", f"Temporary password for {args.username}: ", args.password_stdin)
        ws.reset_password(args.username, password)
        print(_dump({"username": args.username, "must_change_password": True}))
    return 0


def cmd_states(args: argparse.Namespace) -> int:
    app = _app()
    ws = _workspace(app, args)
    if args.action == "add":
        if not args.code:
            raise CliError("give the State's code")
        ws.add_state(args.code, args.region or "")
    print(_dump([{"state": code, "region": region} for code, region in app.registry.regions().items()]))
    return 0


def cmd_cycles(args: argparse.Namespace) -> int:
    app = _app()
    ws = _workspace(app, args)
    if args.action == "open":
        ws.open_cycle(args.id or "", args.title or "", args.prefill_from)
    elif args.action == "close":
        ws.close_cycle(args.id or "")
    print(_dump([{"id": c.id, "title": c.title, "prefill_from": c.prefill_from, "open": c.open,
                  "opened_at": c.opened_at.isoformat()} for c in app.cycles.list()]))
    return 0


def cmd_assignments(args: argparse.Namespace) -> int:
    app = _app()
    ws = _workspace(app, args)
    state = _state(args, ws)
    if args.action in ("add", "remove"):
        if not args.username or not args.section:
            raise CliError("give --username and --section (e.g. UNTOC:5 or TIP)")
        if args.action == "add":
            ws.assign(state, args.username, args.section)
        else:
            ws.revoke(state, args.username, args.section)
    print(_dump({user: [s.label for s in sections] for user, sections in ws.assignments(state).items()}))
    return 0


def cmd_response(args: argparse.Namespace) -> int:
    app = _app()
    ws = _workspace(app, args)
    state = _state(args, ws)
    if args.action == "submit":
        ws.submit(state, args.note or "")
    elif args.action == "return":
        ws.return_response(state, args.note or "", {args.question: args.text} if args.question and args.text
                           else None)
    elif args.action == "accept":
        ws.accept(state, args.note or "")
    elif args.action == "comment":
        if not args.text:
            raise CliError("give --text")
        ws.comment(state, args.text, args.question)
    out = {
        "state": state.upper(),
        "cycle": ws.cycle,
        "status": ws.status(state),
        "events": [{"status": e.status, "actor": e.actor, "note": e.note, "at": e.at.isoformat()}
                   for e in ws.events(state)],
        "comments": [{"question_id": c.question_id, "author": c.author, "role": c.role, "text": c.text,
                      "at": c.at.isoformat()} for c in ws.comments(state)],
    }
    print(_dump(out))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from assistant.store.imports import ImportFileError, read_rows

    app = _app()
    ws = _workspace(app, args)
    state = _state(args, ws)
    try:
        rows = read_rows(Path(args.file))
    except ImportFileError as exc:
        raise CliError(str(exc)) from exc
    result = ws.import_answers(state, rows, lang=args.lang)
    print(_dump(result))
    return 0 if not result["errors"] else 2


def cmd_report(args: argparse.Namespace) -> int:
    from assistant.analysis.dataset import load
    from assistant.analysis.report import build_report, write_report

    app = _app()
    ws = _workspace(app, args)
    if args.cycle and app.cycles.get(args.cycle) is None:
        raise CliError(f"no cycle {args.cycle!r} (omnibus cycles list)")
    written: dict[str, str] = {}
    for lang in args.lang:
        report = build_report(load(ws, lang), lang)
        out = Path(args.out)
        if len(args.lang) > 1 and out.suffix:
            out = out.with_name(f"{out.stem}-{lang}{out.suffix}")
        for fmt, path in write_report(report, out, tuple(args.format)).items():
            written[f"{fmt}:{lang}"] = str(path)
    print(_dump({"cycle": ws.cycle, "files": written}))
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    app = _app()
    ws = _workspace(app, args)
    state = _state(args, ws)
    rows = [{"revision": a.revision, "value": a.value, "previous_value": a.previous_value,
             "previous_revision": a.previous_revision, "respondent": a.respondent, "channel": a.channel,
             "text": a.text, "references": a.references, "lang": a.lang, "cycle": a.cycle,
             "recorded_at": a.recorded_at.isoformat()} for a in ws.history(state, args.question)]
    print(_dump(rows))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="omnibus", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    parser.add_argument("--user", default=None,
                        help="sign in as this account (password from OMNIBUS_PASSWORD or a prompt); also OMNIBUS_USER")
    parser.add_argument("--cycle", default=None, help="reporting cycle (default: the current open cycle)")
    sub = parser.add_subparsers(dest="command", required=True)
    # --user and --cycle also after the subcommand (omnibus chat --user ana ...)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--user", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--cycle", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    p = sub.add_parser("index", parents=[common], help="build or refresh the vector store from knowledge/")
    p.add_argument("--rebuild", action="store_true", help="drop and rebuild everything")
    p.add_argument("--write-seed", action="store_true",
                   help="then save the vectors to vectorstore/seed/ (ship them so fresh installs skip embedding)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", parents=[common], help="retrieve provisions and good practices")
    p.add_argument("query", help="the query, or '-' for one query per input line")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--lang", choices=LANGUAGES, default=None, help="language of the query (guessed if absent)")
    p.add_argument("--instrument", choices=("UNTOC", "TIP", "SOM", "FP"), default=None)
    p.add_argument("--article", type=int, default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("interpret", parents=[common], help="how a reply is understood")
    p.add_argument("text", help="the reply, or '-' for one reply per input line")
    p.add_argument("--lang", choices=LANGUAGES, default="en")
    p.add_argument("--json", action="store_true")
    p.add_argument("--entities", action="store_true",
                   help='add "entities": years, numbers and institutions named in the reply')
    p.set_defaults(func=cmd_interpret)

    p = sub.add_parser("chat", parents=[common], help="a headless conversation: one user message per input line")
    p.add_argument("--state", default=None, help="ISO 3166-1 alpha-3 code (default: the signed-in user's State)")
    p.add_argument("--respondent", default=None, help="name recorded with each answer (without --user)")
    p.add_argument("--lang", choices=LANGUAGES, default="en")
    p.add_argument("--jsonl", action="store_true", help="one JSON object per assistant turn")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("export", parents=[common], help="export answers as a tidy table")
    p.add_argument("--format", choices=("csv", "xlsx", "parquet", "jsonl"), default="csv",
                   help="xlsx: a sheet per instrument (or 'Wide') and a 'Codebook' sheet explaining every column "
                        "and code")
    p.add_argument("--shape", choices=("long", "wide"), default="long",
                   help="long: one row per answered field; wide: one row per State and cycle, a column per question")
    p.add_argument("--out", default=None, help="file to write (standard output for csv and jsonl if absent)")
    p.add_argument("--state", default=None, help="only this State")
    p.add_argument("--history", action="store_true", help="every revision, not only the current answers (long shape)")
    p.add_argument("--lang", choices=LANGUAGES, default="en", help="language of labels, question texts and codebook")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("checklist", parents=[common], help="the checklist's structure")
    p.add_argument("--json", action="store_true")
    p.add_argument("--path", default=None, help="a checklist folder to validate instead of knowledge/checklist")
    p.set_defaults(func=cmd_checklist)

    p = sub.add_parser("coverage", parents=[common], help="articles and obligation paragraphs covered, per instrument")
    p.add_argument("--json", action="store_true")
    p.add_argument("--path", default=None, help="a checklist folder instead of knowledge/checklist")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("create-admin", parents=[common], help="first run: create the first Secretariat administrator")
    p.add_argument("--username", required=True)
    p.add_argument("--name", default="")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(func=cmd_create_admin)

    p = sub.add_parser("users", parents=[common],
                       help="accounts: list, create, disable, enable, reset (within your scope)")
    p.add_argument("action", choices=("list", "create", "disable", "enable", "reset"))
    p.add_argument("--username", default=None)
    p.add_argument("--role", choices=("admin", "reviewer", "focal_point", "contributor", "trainer"), default=None)
    p.add_argument("--state", default=None)
    p.add_argument("--name", default="")
    p.add_argument("--organisation", default="")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the new password from standard input (else OMNIBUS_NEW_PASSWORD or a prompt)")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("states", parents=[common], help="States taking part: list, add (with a UN regional group)")
    p.add_argument("action", choices=("list", "add"))
    p.add_argument("code", nargs="?", default=None)
    p.add_argument("--region", default=None)
    p.set_defaults(func=cmd_states)

    p = sub.add_parser("cycles", parents=[common],
                       help="reporting cycles: list, open (optionally from an earlier one), close")
    p.add_argument("action", choices=("list", "open", "close"))
    p.add_argument("id", nargs="?", default=None)
    p.add_argument("--title", default="")
    p.add_argument("--from", dest="prefill_from", default=None, help="start from this cycle's answers")
    p.set_defaults(func=cmd_cycles)

    p = sub.add_parser("assignments", parents=[common], help="sections assigned to contributors: list, add, remove")
    p.add_argument("action", choices=("list", "add", "remove"))
    p.add_argument("--state", default=None)
    p.add_argument("--username", default=None)
    p.add_argument("--section", default=None, help="an instrument, or instrument:article (e.g. UNTOC:5)")
    p.set_defaults(func=cmd_assignments)

    p = sub.add_parser("response", parents=[common], help="a State's response: show, submit, return, accept, comment")
    p.add_argument("action", choices=("show", "submit", "return", "accept", "comment"))
    p.add_argument("--state", default=None)
    p.add_argument("--note", default="")
    p.add_argument("--question", default=None, help="question id a comment is about")
    p.add_argument("--text", default=None, help="comment text")
    p.set_defaults(func=cmd_response)

    p = sub.add_parser("report", parents=[common],
                       help="the Secretariat's analytical report of a cycle (HTML and Markdown, chosen languages)")
    p.add_argument("--out", required=True, help="a file (its suffix is replaced per format) or a folder")
    p.add_argument("--lang", nargs="+", choices=LANGUAGES, default=["en", "fr"],
                   help="languages of the report (those with knowledge/report/<lang>.yaml)")
    p.add_argument("--format", nargs="+", choices=("html", "md"), default=["html", "md"])
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("import", parents=[common],
                       help="answers prepared offline (CSV/XLSX: question_id, value, text); all or nothing")
    p.add_argument("--file", required=True)
    p.add_argument("--state", default=None)
    p.add_argument("--lang", choices=LANGUAGES, default="en", help="language the texts are written in")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("history", parents=[common], help="every revision of one answer (JSON)")
    p.add_argument("--state", default=None)
    p.add_argument("--question", required=True)
    p.set_defaults(func=cmd_history)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr)
    from assistant.access.policy import Forbidden

    try:
        return int(args.func(args) or 0)
    except ChecklistError as exc:
        print(f"omnibus: checklist error: {exc}", file=sys.stderr)
        return 2
    except Forbidden as exc:
        print(f"omnibus: not allowed: {exc}", file=sys.stderr)
        return 3
    except (CliError, ValueError) as exc:
        print(f"omnibus {args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
