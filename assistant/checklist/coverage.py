"""How much of each instrument the checklist covers: articles and obligation paragraphs with a question."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from assistant.checklist.models import Checklist
from assistant.settings import LANGUAGES

INSTRUMENTS = ("UNTOC", "TIP", "SOM", "FP")

# The substantive articles the self-assessment checklist covers. The rest are general provisions, savings
# clauses and final clauses (relation to the Convention, settlement of disputes, signature...), which the
# assistant can explain but which ask nothing of a State's domestic law.
SCOPE: dict[str, frozenset[int]] = {
    "UNTOC": frozenset(range(5, 32)) | {34},
    "TIP": frozenset(range(5, 14)),
    "SOM": frozenset(range(5, 17)) | {18},
    "FP": frozenset(range(5, 16)),
}


@dataclass
class Coverage:
    instrument: str
    articles_with_obligations: int
    articles_covered: int
    paragraphs_with_obligations: int
    paragraphs_covered: int
    questions: int
    languages_complete: list[str]
    missing: list[str]  # in-scope obligation paragraphs without a question, e.g. "art. 7(3)"
    out_of_scope: list[int]  # articles with obligation wording outside the checklist's scope (final clauses...)

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def obligation_paragraphs(digests_dir: Path) -> dict[str, set[tuple[int, int | None]]]:
    out: dict[str, set[tuple[int, int | None]]] = {i: set() for i in INSTRUMENTS}
    for path in sorted(Path(digests_dir).glob("*.en.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for art in data["articles"]:
            for para in art["paragraphs"]:
                if para.get("level", "none") != "none":
                    out[data["instrument"]].add((int(art["article"]), para.get("paragraph")))
    return out


def coverage(checklist: Checklist, digests_dir: Path) -> list[Coverage]:
    obligations = obligation_paragraphs(digests_dir)
    rows = []
    for instrument in INSTRUMENTS:
        questions = [q for q in checklist.questions if q.ref and q.ref.instrument == instrument]
        cited = {(q.ref.article, q.ref.paragraph) for q in questions if q.ref and q.type == "status"}
        wanted = {p for p in obligations[instrument] if p[0] in SCOPE[instrument]}
        covered = {p for p in wanted if p in cited or (p[0], None) in cited}
        languages = [lang for lang in LANGUAGES if questions and all(lang in checklist.languages(q) for q in questions)]
        rows.append(Coverage(
            instrument=instrument,
            articles_with_obligations=len({a for a, _ in wanted}),
            articles_covered=len({a for a, _ in covered}),
            paragraphs_with_obligations=len(wanted),
            paragraphs_covered=len(covered),
            questions=len(questions),
            languages_complete=languages,
            missing=[f"art. {a}" + (f"({p})" if p is not None else "") for a, p in sorted(wanted - covered,
                                                                                     key=lambda x: (x[0], x[1] or 0))],
            out_of_scope=sorted({a for a, _ in obligations[instrument] if a not in SCOPE[instrument]}),
        ))
    return rows


def markdown(rows: list[Coverage]) -> str:
    lines = ["| instrument | substantive articles covered | obligation paragraphs covered | questions | "
             "languages complete |",
             "| --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r.instrument} | {r.articles_covered} / {r.articles_with_obligations} | "
                     f"{r.paragraphs_covered} / {r.paragraphs_with_obligations} | {r.questions} | "
                     f"{', '.join(r.languages_complete) or '-'} |")
    return "\n".join(lines)
