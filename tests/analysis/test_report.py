"""The analytical report: the right "N of M" sentences in English and French, a self-contained HTML page,
Markdown with its charts beside it, user text shown literally, and only the Secretariat may build it."""

import html
import re

import pytest
import yaml
from sqlalchemy.orm import Session

from assistant.access.policy import Forbidden
from assistant.analysis import dataset
from assistant.analysis.report import REPORT_LANGUAGES, Texts, build_report, provision_sentence, write_report
from assistant.settings import PROJECT_ROOT
from assistant.store.schema import GoodPractice
from assistant.workspace import Workspace
from tests.fixtures.secretariat import CYCLE, PASSWORD, build

SENTENCES = {
    "en": ["4 of 6 registered States responded (67%).",
           "3 of 4 responding States reported that their law fully implements Convention art. 5(1); "
           "1 reported that it does not.",
           "3 of 4 responding States reported that their law fully implements Convention art. 6(1); "
           "1 reported that it does so in part.",
           "None of the 4 responding States reported that their law fully implements Convention art. 10(1); "
           "1 reported that it does so in part; 1 reported that it does not; 1 did not know; "
           "1 did not answer.",
           "4 of 4 responding States requested technical assistance: 10 requests in all, "
           "7 of them of high priority.",
           "The most requested kind of assistance is Legislative drafting, requested by 3 States.",
           "No good practice has been identified in this cycle yet."],
    "fr": ["4 des 6 États inscrits ont répondu (67 %).",
           "Convention art. 5, par. 1 : 3 des 4 États ayant répondu ont indiqué que leur législation y donne "
           "pleinement effet ; 1 a indiqué que ce n'est pas le cas.",
           "Convention art. 6, par. 2 : 1 des 4 États ayant répondu a indiqué que sa législation y donne "
           "pleinement effet ; 1 a indiqué que ce n'est le cas qu'en partie ; 2 n'ont pas répondu.",
           "La forme d'assistance la plus demandée est : Rédaction de textes législatifs, "
           "demandée par 3 États.",
           "Aucune bonne pratique n'a encore été recensée au cours de ce cycle."],
}
# a resource fetched from elsewhere (the SVG namespace URIs are names, not fetches)
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(\s*["']?https?:""",
                      re.IGNORECASE)


def _text(markup: str) -> str:
    """Visible text of the HTML page: tags out, entities resolved, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _md_text(markdown: str) -> str:
    """Visible text of the Markdown: backslash escapes resolved, whitespace collapsed."""
    return " ".join(re.sub(r"\\([\\`*_\[\]<>#|~$=+@-])", r"\1", markdown).split())


@pytest.fixture
def fixture(core):
    people = build(core)
    return core, people, dataset.load(Workspace(core, people["reviewer"], CYCLE))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_report_in_both_languages(fixture, tmp_path, lang):
    _, _, data = fixture
    report = build_report(data, lang)
    written = write_report(report, tmp_path / f"report-{lang}.html")
    page = written["html"].read_text(encoding="utf-8")
    markdown = written["md"].read_text(encoding="utf-8")
    for sentence in SENTENCES[lang]:
        assert sentence in _text(page), sentence
        assert sentence in _md_text(markdown), sentence

    # one self-contained, accessible page
    assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}" dir="ltr">' in page
    assert not EXTERNAL.search(page)
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert page.count("<svg") == len(report.figures()) >= 5
    assert page.count("<table") == page.count("<caption>") >= 6
    assert '<th scope="col">' in page and '<th scope="row">' in page

    # Markdown: the same charts as SVG files beside it, referenced relatively
    charts = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", markdown)
    assert len(charts) == len(report.figures())
    for chart in charts:
        assert not chart.startswith(("/", "http")) and chart.startswith(f"report-{lang}-charts/")
        assert (tmp_path / chart).read_text(encoding="utf-8").startswith("<svg")
    assert "| ---: |" in markdown or "---: |" in markdown


PLURAL = re.compile(r"_(zero|one|two|few|many|other)$")


def test_every_sentence_exists_in_every_report_language():
    """Same sentences and placeholders as English; counted sentences may have the plural forms their language
    needs (Russian few/many, Arabic two/few/many...), always with _other."""
    def shape(table):
        out = {}
        for key, value in table.items():
            if isinstance(value, dict):
                out[key] = {k: sorted(re.findall(r"\{(\w+)\}", str(v))) for k, v in value.items()}
            else:
                out.setdefault(PLURAL.sub("", key), set()).update(re.findall(r"\{(\w+)\}", str(value)))
        return out

    folder = PROJECT_ROOT / "knowledge" / "report"
    english = yaml.safe_load((folder / "en.yaml").read_text("utf-8"))
    for path in sorted(folder.glob("*.yaml")):
        table = yaml.safe_load(path.read_text("utf-8"))
        assert shape(table) == shape(english), path.name
        counted = {PLURAL.sub("", k) for k in table if PLURAL.search(k)}
        assert all(f"{k}_other" in table for k in counted), path.name


def test_folder_output_and_formats(fixture, tmp_path):
    _, _, data = fixture
    report = build_report(data, "en", article=6)
    written = write_report(report, tmp_path, formats=("md",))
    assert list(written) == ["md"] and written["md"].name == f"report-{CYCLE}-en.md"
    text = _md_text(written["md"].read_text(encoding="utf-8"))
    assert "This report is limited to: article 6." in text
    assert "Convention art. 5(1)" not in text
    with pytest.raises(ValueError):
        write_report(report, tmp_path, formats=("pdf",))


def test_user_text_is_shown_literally(core, tmp_path):
    admin = core.accounts.create_first_admin("admin", PASSWORD).actor()
    reviewer = core.accounts.create(admin, "rev", PASSWORD, "reviewer", must_change_password=False).actor()
    boss = Workspace(core, admin)
    boss.open_cycle("2030", "<b>Special</b> cycle")
    boss.add_state("XXA", "African States")
    fp = core.accounts.create(admin, "fp.a", PASSWORD, "focal_point", "XXA",
                              must_change_password=False).actor()
    mine = Workspace(core, fp, "2030")
    attack = "<script>alert('x')</script> =HYPERLINK(\"http://evil.example\") [click](javascript:alert(1))"
    mine.edit("XXA", "untoc_5_1_status", "yes", text=attack)

    review = Workspace(core, reviewer, "2030")
    before = build_report(dataset.load(review), "en")
    assert "No State has submitted its response yet" in _md_text(before.markdown())

    mine.submit("XXA")
    text = mine.answers("XXA")["untoc_5_1_status"].text
    with Session(core.engine) as session:  # what the good-practice loop stores: the answer's own text
        session.add(GoodPractice(state="XXA", cycle="2030", question_id="untoc_5_1_status", consent=True,
                                 title="=SUM(A1) <img src=x onerror=alert(1)>", text=text, marked_by="rev"))
        session.commit()
    report = build_report(dataset.load(review), "en")
    written = write_report(report, tmp_path / "report.html")
    page = written["html"].read_text(encoding="utf-8")
    markdown = written["md"].read_text(encoding="utf-8")

    sentence = "1 of 1 responding States reported that their law fully implements Convention art. 5(1)."
    assert sentence in _text(page)
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Special&lt;/b&gt;" in page
    assert not EXTERNAL.search(page)
    assert not re.search(r"(?<!\\)<(script|img|b>)|(?<!\\)\]\(javascript", markdown)  # only escaped forms
    assert "\\<script\\>" in markdown and "\\[click\\]" in markdown
    assert "### \\=SUM(A1)" in markdown  # a title that would start a formula
    for line in markdown.splitlines():
        assert not line.lstrip("|> ").startswith(("=", "+", "@")), line
    assert _md_text(markdown).count(attack) == 1 and _text(page).count(attack) == 1


def test_a_focal_point_cannot_build_the_report(fixture):
    core, people, _ = fixture
    with pytest.raises(Forbidden):
        build_report(dataset.load(Workspace(core, people["XXA"], CYCLE)), "en")


def test_charts_render_with_nothing_to_show():
    import pandas as pd

    from assistant.analysis import charts
    from assistant.analysis.findings import analyse
    from assistant.analysis.report import compose
    from assistant.checklist.loader import load_checklist
    from assistant.store.export import COLUMNS
    from tests.conftest import FIXTURE_CHECKLIST

    checklist = load_checklist(FIXTURE_CHECKLIST)
    for statuses in ({}, {"XXA": "submitted"}):  # nobody registered; one State submitted an empty response
        f = analyse(pd.DataFrame(columns=COLUMNS), statuses, {"XXA": "African States"}, checklist, lang="fr")
        for draw, frame in ((charts.status_chart, f.statuses), (charts.completion_chart, f.completion),
                            (charts.provision_chart, f.provisions_long), (charts.ta_chart, f.ta_by_category),
                            (charts.ta_priority_chart, f.ta_by_priority), (charts.ta_heatmap, f.ta_matrix)):
            assert charts.to_svg(draw(frame, "fr"), "fr").startswith("<svg")
        markdown = compose(f).markdown()
        assert "Aucun État ayant répondu n'a demandé d'assistance technique." in markdown or not statuses
        assert "pas encore soumis" not in markdown  # an empty submitted response is not hidden


def test_one_provision_chart_per_instrument_on_the_real_checklist(tmp_path):
    """The whole checklist has some 230 provisions: the report charts them instrument by instrument."""
    from assistant.service import Omnibus
    from assistant.settings import Settings

    core = Omnibus(Settings(data_dir=tmp_path / "data", vectorstore_dir=tmp_path / "vs",
                            checklist_dir=PROJECT_ROOT / "knowledge" / "checklist"))
    admin = core.accounts.create_first_admin("admin", PASSWORD).actor()
    fp = core.accounts.create(admin, "fp", PASSWORD, "focal_point", "XXA", must_change_password=False).actor()
    reviewer = core.accounts.create(admin, "rev", PASSWORD, "reviewer", must_change_password=False).actor()
    ws = Workspace(core, fp)
    ws.edit("XXA", "party_to", ["untoc", "tip"])
    ws.edit("XXA", "untoc_5_1_status", "yes", text="Yes")
    ws.edit("XXA", "tip_5_1_status", "no", text="No")
    ws.submit("XXA")
    report = build_report(dataset.load(Workspace(core, reviewer)), "en")
    names = [f.name for f in report.figures()]
    assert {"answers-by-provision-untoc", "answers-by-provision-tip"} <= set(names)
    assert "answers-by-provision-som" not in names  # not a party: not asked
    html_text = report.html()
    assert "Responding States by answer, per provision (N = 1): Trafficking in Persons Protocol" in html_text
    assert "provisions were not asked of any responding State" in html_text  # SOM and FP


@pytest.mark.parametrize("lang", REPORT_LANGUAGES)
def test_report_in_every_report_language(fixture, tmp_path, lang):
    """Each language's own sentences, with the fixture's numbers; right to left for Arabic; no English gap."""
    _, _, data = fixture
    t = Texts(lang)
    written = write_report(build_report(data, lang), tmp_path / f"report-{lang}.html")
    page = _text(written["html"].read_text(encoding="utf-8"))
    rate = t.count("response_rate", 4, responding=4, registered=6, rate=t.percent(4 / 6))
    assert rate in page
    row = next(r for r in data.findings(lang).provisions.itertuples() if r.provision == "untoc_5_1")
    assert provision_sentence(row, t) in page
    html_start = written["html"].read_text(encoding="utf-8")[:80]
    assert f'dir="{"rtl" if lang == "ar" else "ltr"}"' in html_start
    if lang != "en":
        english = Texts("en")
        assert english("section_provisions") not in page or t("section_provisions") == english("section_provisions")
