"""The Secretariat's analytical report of a cycle, in English or French, as one self-contained HTML file and
as Markdown with its charts as SVG files beside it.

build_report turns the findings into a list of blocks (headings, sentences, tables, charts, good practices);
the two renderers only lay them out. Every sentence is a template of knowledge/report/<lang>.yaml and every
number in it comes from assistant.analysis.findings. Answers and good practices are user input: the HTML
escapes every value and the Markdown shows them literally."""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import altair as alt
from babel import Locale

from assistant.analysis import charts
from assistant.analysis.dataset import Dataset
from assistant.analysis.findings import ANSWERS, TEXTS_DIR, Findings, report_texts
from assistant.i18n import Messages
from assistant.languages import is_rtl
from assistant.sanitize import md_escape
from assistant.states import state_name

FORMATS = ("html", "md")


# Sentences --------------------------------------------------------------------------------------------------
# The languages the report is written in: those with a file in knowledge/report (English first).
REPORT_LANGUAGES = tuple(sorted((p.stem for p in TEXTS_DIR.glob("*.yaml")), key=lambda code: (code != "en", code)))


class Texts:
    """The report's templates in one language, with the plural rule that language's file states."""

    def __init__(self, lang: str):
        self.lang = lang
        self.table = report_texts(lang)
        # CLDR plural categories (Babel): one / few / many / other in Russian, zero to many in Arabic, ...
        self._plural = Locale.parse(lang).plural_form

    def __call__(self, key: str, **values: Any) -> str:
        return str(self.table[key]).format(**values)

    def count(self, key: str, n: int, zero: bool = True, **values: Any) -> str:
        """key_zero (where the language has one and `zero`), else the key of n's CLDR plural category (key_one,
        key_few, key_many...) when the language's file has it, else key_other; n is also given as {count}."""
        if n == 0 and zero and f"{key}_zero" in self.table:
            return self(f"{key}_zero", count=n, **values)
        category = self._plural(n)
        if category != "zero" and f"{key}_{category}" in self.table:
            return self(f"{key}_{category}", count=n, **values)
        return self(f"{key}_other", count=n, **values)

    def percent(self, share: float) -> str:
        if share is None or math.isnan(share):
            return self("not_available")
        return self("percent", value=round(share * 100))

    def state(self, code: str) -> str:
        name = state_name(code, self.lang)
        return code if name == code else f"{name} ({code})"

    def region(self, name: str) -> str:
        return self.table["regions"].get(name, name)


# Blocks -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = ""  # "note" for the smaller print


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()  # columns aligned right; the first column heads its row


@dataclass(frozen=True)
class Figure:
    name: str  # file name of the SVG in the Markdown version
    caption: str
    chart: alt.TopLevelMixin


@dataclass(frozen=True)
class Practice:
    title: str
    meta: str
    text: str


Block = Heading | Paragraph | Table | Figure | Practice


@dataclass
class Report:
    lang: str
    cycle: str
    title: str
    blocks: list[Block]
    findings: Findings
    _svg: dict[str, str] = field(default_factory=dict, repr=False)

    def svg(self, figure: Figure) -> str:
        """The figure's SVG, rendered once for both formats."""
        if figure.name not in self._svg:
            self._svg[figure.name] = charts.to_svg(figure.chart, self.lang)
        return self._svg[figure.name]

    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    def html(self) -> str:
        return render_html(self)

    def markdown(self, charts_dir: str = "report-charts") -> str:
        return render_markdown(self, charts_dir)

    def chart_files(self, charts_dir: str = "report-charts") -> dict[str, str]:
        """{relative path: SVG} of the charts the Markdown refers to (e.g. to zip them with it)."""
        return {f"{charts_dir}/{figure.name}.svg": self.svg(figure) for figure in self.figures()}


# Building ---------------------------------------------------------------------------------------------------
def _n(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(int(value))


def _joined(t: Texts, labels: list[str]) -> str:
    return t("list_separator").join(labels)


def _top(frame: Any, column: str) -> Any:
    """The rows sharing the highest value of column (the frame is ranked already)."""
    return frame[frame[column] == frame[column].max()]


def _responses(f: Findings, t: Texts) -> list[Block]:
    s = f.summary
    blocks: list[Block] = [Heading(t("section_responses"))]
    if not s.registered:
        return [*blocks, Paragraph(t("no_states"))]
    blocks.append(Paragraph(t.count("response_rate", len(s.responding), responding=len(s.responding),
                                    registered=s.registered, rate=t.percent(s.rate))))
    blocks.append(Table(t("status_caption"), (t("col_status"), t("col_states")),
                        tuple((row.label, _n(row.states)) for row in f.statuses.itertuples()), numeric=(1,)))
    blocks.append(Figure("responses-by-status", t("status_caption"), charts.status_chart(f.statuses, t.lang)))
    return blocks


def _completion(f: Findings, t: Texts) -> list[Block]:
    c = f.completion
    blocks: list[Block] = [Heading(t("section_completion")), Paragraph(t("completion_intro"))]
    if not math.isnan(f.mean_completion):
        blocks.append(Paragraph(t("completion_average", value=t.percent(f.mean_completion))))
    hidden = int((~c["readable"]).sum()) if len(c) else 0
    if hidden:
        blocks.append(Paragraph(t.count("completion_hidden", hidden), kind="note"))
    if not len(c):
        return blocks
    statuses = t.table["statuses"]
    blocks.append(Table(
        t("completion_caption"),
        (t("col_state"), t("col_region"), t("col_status"), t("col_answered"), t("col_applicable"),
         t("col_completion")),
        tuple((t.state(r.state), t.region(r.region), statuses.get(r.status, r.status),
               _n(r.answered) if r.readable else t("not_available"),
               _n(r.applicable) if r.readable else t("not_available"), t.percent(r.completion))
              for r in c.itertuples()),
        numeric=(3, 4, 5)))
    blocks.append(Table(
        t("completion_region_caption"),
        (t("col_region"), t("col_states"), t("col_responding"), t("col_average")),
        tuple((t.region(r.region), _n(r.states), _n(r.responding), t.percent(r.completion))
              for r in f.completion_by_region.itertuples()),
        numeric=(1, 2, 3)))
    if c["completion"].notna().any():
        blocks.append(Figure("completion-by-state", t("completion_caption"),
                             charts.completion_chart(c, t.lang)))
    return blocks


def provision_sentence(row: Any, t: Texts) -> str:
    """E.g. "3 of 4 responding States reported that their law fully implements Convention art. 5(1);
    1 reported that it does not." Clauses with a zero count are left out (the lead clause always stays)."""
    # "None of the 4 responding States ...", but not "None of the 1 ..."
    parts = [t.count("provision_lead", int(row.yes), zero=int(row.responding) > 1, yes=int(row.yes),
                     responding=int(row.responding), citation=row.citation)]
    for key, n in (("provision_in_part", row.in_part), ("provision_no", row.no),
                   ("provision_unknown", row.unknown), ("provision_no_answer", row.no_answer),
                   ("provision_not_asked", row.not_asked)):
        if int(n):
            parts.append(t.count(key, int(n)))
    return t("clause_separator").join(parts) + t("sentence_end")


def _provisions(f: Findings, t: Texts, status_label: dict[str, str]) -> list[Block]:
    blocks: list[Block] = [Heading(t("section_provisions"))]
    if not f.responding:
        return [*blocks, Paragraph(t("no_responses"))]
    if f.provisions.empty:
        return [*blocks, Paragraph(t("no_provisions"))]
    blocks.append(Paragraph(t("provisions_intro")))
    # provisions no responding State was asked (a Protocol none of them is party to) get one line, not one each
    asked = f.provisions[f.provisions["asked"] > 0]
    blocks += [Paragraph(provision_sentence(row, t)) for row in asked.itertuples()]
    skipped = len(f.provisions) - len(asked)
    if skipped:
        blocks.append(Paragraph(t.count("provisions_not_asked", skipped)))
    levels = t.table["levels"]
    blocks.append(Table(
        t("provisions_caption", responding=f.responding),
        (t("col_provision"), t("col_level"), status_label["yes"], status_label["in_part"], status_label["no"],
         status_label["unknown"], t("col_no_answer")),
        tuple((r.citation, levels.get(r.level, r.level), _n(r.yes), _n(r.in_part), _n(r.no), _n(r.unknown),
               _n(r.no_answer)) for r in f.provisions.itertuples()),
        numeric=(2, 3, 4, 5, 6)))
    # one chart per instrument: the whole checklist has some 230 provisions, too many bars for one figure
    instruments = list(dict.fromkeys(asked["instrument"]))
    for instrument in instruments:
        members = set(asked.loc[asked["instrument"] == instrument, "provision"])
        part = f.provisions_long[f.provisions_long["provision"].isin(members)]
        name = "answers-by-provision" if len(instruments) == 1 else f"answers-by-provision-{instrument.lower()}"
        caption = t("provisions_caption", responding=f.responding)
        if len(instruments) > 1:
            caption = f"{caption}: {Messages(t.lang)(f'instrument_{instrument}')}"
        blocks.append(Figure(name, caption, charts.provision_chart(part, t.lang)))
    return blocks


def _challenges(f: Findings, t: Texts) -> list[Block]:
    blocks: list[Block] = [Heading(t("section_challenges"))]
    if not f.responding:  # the provisions section already says there is nothing to report
        return []
    if f.challenges.empty:
        return [*blocks, Paragraph(t("challenges_none"))]
    blocks.append(Paragraph(t("challenges_intro")))
    top = _top(f.challenges, "states")
    states = int(top["states"].iloc[0])
    if len(top) == 1:
        blocks.append(Paragraph(t.count("challenges_lead", states, label=top["label"].iloc[0], states=states,
                                        responding=f.responding)))
    else:
        blocks.append(Paragraph(t.count("challenges_lead_tied", states, labels=_joined(t, list(top["label"])),
                                        states=states, responding=f.responding)))
    blocks.append(Table(t("challenges_caption"), (t("col_rank"), t("col_challenge"), t("col_states"),
                                                  t("col_provisions")),
                        tuple((_n(r.rank), r.label, _n(r.states), _n(r.provisions))
                              for r in f.challenges.itertuples()), numeric=(0, 2, 3)))
    return blocks


def _assistance(f: Findings, t: Texts) -> list[Block]:
    blocks: list[Block] = [Heading(t("section_ta"))]
    if not f.responding:  # the provisions section already says there is nothing to report
        return []
    ranked = f.ta_by_category
    if ranked.empty:
        return [*blocks, Paragraph(t("ta_none"))]
    blocks.append(Paragraph(t.count("ta_lead", f.ta_states, states=f.ta_states, responding=f.responding,
                                    requests=len(f.ta_requests), high=f.ta_high)))
    top = _top(ranked, "states")
    states = int(top["states"].iloc[0])
    if len(top) == 1:
        label = top["category_label"].iloc[0]
        blocks.append(Paragraph(t.count("ta_top", states, label=label, states=states)))
    else:
        blocks.append(Paragraph(t.count("ta_top_tied", states, labels=_joined(t, list(top["category_label"])),
                                        states=states)))
    blocks.append(Paragraph(t("ta_note"), kind="note"))
    blocks.append(Table(
        t("ta_category_caption"),
        (t("col_rank"), t("col_category"), t("col_states"), t("col_requests"), t("col_high"), t("col_medium"),
         t("col_low"), t("col_unspecified")),
        tuple((_n(r.rank), r.category_label, _n(r.states), _n(r.requests), _n(r.high), _n(r.medium),
               _n(r.low), _n(r.unspecified)) for r in ranked.itertuples()),
        numeric=(0, 2, 3, 4, 5, 6, 7)))
    blocks.append(Figure("ta-by-category", t("ta_category_caption"), charts.ta_chart(ranked, t.lang)))
    blocks.append(Figure("ta-by-priority", t.table["charts"]["ta_priority_title"],
                         charts.ta_priority_chart(f.ta_by_priority, t.lang)))
    blocks.append(Table(
        t("ta_provision_caption"),
        (t("col_provision"), t("col_states"), t("col_requests"), t("col_high_requests")),
        tuple((r.citation, _n(r.states), _n(r.requests), _n(r.high)) for r in f.ta_by_provision.itertuples()),
        numeric=(1, 2, 3)))
    blocks.append(Figure("ta-heatmap", t.table["charts"]["heatmap_title"],
                         charts.ta_heatmap(f.ta_matrix, t.lang)))
    return blocks


def _practices(f: Findings, t: Texts) -> list[Block]:
    blocks: list[Block] = [Heading(t("section_practices"))]
    if f.practices.empty:
        return [*blocks, Paragraph(t("practices_none"))]
    blocks.append(Paragraph(t.count("practices_intro", len(f.practices))))
    blocks += [Practice(p.title, t("practice_meta", state=t.state(p.state), cycle=p.cycle,
                                   citation=p.citation), p.text)
               for p in f.practices.itertuples()]
    return blocks


def compose(findings: Findings, cycle_title: str = "", today: date | None = None) -> Report:
    """The report of already computed findings (in their language)."""
    t = Texts(findings.lang)
    f = findings
    # the answers' labels (Yes, In part, ...) are the checklist's, carried by provisions_long
    answers = f.provisions_long.drop_duplicates("answer").set_index("answer")["answer_label"].to_dict()
    status_label = {a: answers.get(a, a) for a in ANSWERS}
    title = t("title", cycle=f.cycle)
    blocks: list[Block] = [Heading(title, 1)]
    if cycle_title:
        blocks.append(Paragraph(t("subtitle", cycle_title=cycle_title), kind="subtitle"))
    blocks.append(Paragraph(t("generated", date=(today or date.today()).isoformat()), kind="note"))
    blocks.append(Paragraph(t("scope")))
    if f.filters:
        described = []
        for key, value in f.filters.items():
            shown = {"region": t.region, "level": lambda v: t.table["levels"].get(v, v),
                     "instrument": lambda v: Messages(t.lang)(f"instrument_{v}")}.get(key, str)(value)
            described.append(t(f"filter_{key}", value=shown))
        blocks.append(Paragraph(t("filtered", filters=_joined(t, described)), kind="note"))
    blocks += _responses(f, t) + _completion(f, t) + _provisions(f, t, status_label) + _challenges(f, t)
    blocks += _assistance(f, t) + _practices(f, t)
    return Report(lang=f.lang, cycle=f.cycle, title=title, blocks=blocks, findings=f)


def build_report(data: Dataset, lang: str = "en", **selection: Any) -> Report:
    """The analytical report of the dataset's cycle; a selection (instrument, article, level, region)
    narrows it."""
    return compose(data.findings(lang, **selection), data.cycle_title)


# HTML -------------------------------------------------------------------------------------------------------
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1a1a1a;
margin:0;background:#fff;line-height:1.5}
main{max-width:60rem;margin:0 auto;padding:2rem 1.25rem 4rem}
h1{font-size:1.6rem;line-height:1.25;color:#003a70}h2{font-size:1.3rem;margin-top:2.5rem;color:#003a70;
border-bottom:1px solid #c8d3e0;padding-bottom:.2rem}h3{font-size:1.05rem;margin:1.2rem 0 .2rem}
.note,.meta{font-size:.9rem;color:#4a4a4a}.subtitle{font-size:1.1rem}
table{border-collapse:collapse;margin:1rem 0 1.5rem;font-size:.92rem;min-width:50%}
caption{text-align:left;font-weight:600;padding-bottom:.35rem}
th,td{border:1px solid #c8d3e0;padding:.3rem .55rem;text-align:left;vertical-align:top}
thead th{background:#eef3f8}tbody th{font-weight:normal}
.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0 2rem}figure svg{width:100%;max-width:50rem;height:auto}
figcaption{font-size:.9rem;color:#4a4a4a}
blockquote{margin:.3rem 0 1rem;padding:.2rem .9rem;border-left:4px solid #56b4e9;background:#f5f9fc}
@media print{h2{break-after:avoid}figure,table{break-inside:avoid}}
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _html_table(table: Table, number: int) -> str:
    num = ' class="num"'
    head = "".join(f'<th scope="col"{num if i in table.numeric else ""}>{_e(h)}</th>'
                   for i, h in enumerate(table.header))
    body = []
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            css = num if i in table.numeric else ""
            cells.append(f'<th scope="row"{css}>{_e(cell)}</th>' if i == 0 else f"<td{css}>{_e(cell)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<table id="table-{number}"><caption>{_e(table.caption)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def _paragraphs(text: str) -> str:
    return "<br>".join(_e(line) for line in text.splitlines()) or ""


def render_html(report: Report) -> str:
    """One self-contained page: inline CSS and SVG, no script, no external resource."""
    parts, tables = [], 0
    for block in report.blocks:
        if isinstance(block, Heading):
            parts.append(f"<h{block.level}>{_e(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            css = f' class="{_e(block.kind)}"' if block.kind else ""
            parts.append(f"<p{css}>{_e(block.text)}</p>")
        elif isinstance(block, Table):
            tables += 1
            parts.append(_html_table(block, tables))
        elif isinstance(block, Figure):
            # dir="ltr": SVG text anchors are laid out left to right; Arabic labels still read right to left
            parts.append(f'<figure id="{_e(block.name)}"><div role="img" aria-label="{_e(block.caption)}" dir="ltr">'
                         f"{report.svg(block)}</div><figcaption>{_e(block.caption)}</figcaption></figure>")
        elif isinstance(block, Practice):
            parts.append(f'<article class="practice"><h3>{_e(block.title)}</h3>'
                         f'<p class="meta">{_e(block.meta)}</p>'
                         f"<blockquote><p>{_paragraphs(block.text)}</p></blockquote></article>")
    body = "\n".join(parts)
    direction = "rtl" if is_rtl(report.lang) else "ltr"
    return (f'<!DOCTYPE html>\n<html lang="{_e(report.lang)}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(report.title)}</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


# Markdown ---------------------------------------------------------------------------------------------------
_BLOCK_START = re.compile(r"^(\d+)([.)])")
_FORMULA_START = ("=", "+", "-", "@")


def md_text(text: Any) -> str:
    """Literal Markdown for one line of text: no markup, nothing that starts a list, heading or formula."""
    escaped = md_escape(str(text))
    if escaped.startswith(_FORMULA_START):
        return "\\" + escaped
    return _BLOCK_START.sub(r"\1\\\2", escaped)


def _md_cell(text: Any) -> str:
    return md_text(" ".join(str(text).split()))


def _md_table(table: Table) -> str:
    align = ["---:" if i in table.numeric else "---" for i in range(len(table.header))]
    lines = [f"**{_md_cell(table.caption)}**", "",
             "| " + " | ".join(_md_cell(h) for h in table.header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines)


def render_markdown(report: Report, charts_dir: str = "report-charts") -> str:
    """The same content; charts are referenced as charts_dir/<name>.svg (write_report writes them)."""
    parts = []
    for block in report.blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * block.level} {md_text(block.text)}")
        elif isinstance(block, Paragraph):
            text = md_text(block.text)
            parts.append(f"*{text}*" if block.kind == "note" else text)
        elif isinstance(block, Table):
            parts.append(_md_table(block))
        elif isinstance(block, Figure):
            parts.append(f"![{md_text(block.caption)}]({charts_dir}/{block.name}.svg)")
        elif isinstance(block, Practice):
            quote = "\n".join(f"> {md_text(line)}" if line.strip() else ">"
                              for line in block.text.splitlines())
            parts.append(f"### {md_text(block.title)}\n\n{md_text(block.meta)}\n\n{quote}")
    return "\n\n".join(parts) + "\n"


# Files ------------------------------------------------------------------------------------------------------
def write_report(report: Report, out: Path, formats: tuple[str, ...] = FORMATS) -> dict[str, Path]:
    """Write the report. `out` is a file path whose suffix is replaced per format (report.html, report.md, and
    the Markdown's charts in report-charts/), or a folder, which gets report-<cycle>-<lang>.*.
    Returns {format: path written}."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown report format {unknown[0]!r}: use {', '.join(FORMATS)}")
    out = Path(out)
    if out.is_dir() or not out.suffix:
        base = out / f"report-{report.cycle}-{report.lang}"
    else:
        base = out.with_suffix("")
    base.parent.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    if "html" in formats:
        path = base.with_name(base.name + ".html")
        path.write_text(render_html(report), encoding="utf-8")
        written["html"] = path
    if "md" in formats:
        charts_dir = base.name + "-charts"
        folder = base.parent / charts_dir
        folder.mkdir(exist_ok=True)
        for relative, svg in report.chart_files(charts_dir).items():
            (base.parent / relative).write_text(svg, encoding="utf-8")
        path = base.with_name(base.name + ".md")
        path.write_text(render_markdown(report, charts_dir), encoding="utf-8")
        written["md"] = path
    return written
