"""Legal accuracy of knowledge/ against the official English text (../shared/reference, never copied here)."""

import re
from collections import Counter

import pytest
import yaml

from assistant.checklist.loader import load_checklist
from assistant.settings import PROJECT_ROOT

pytestmark = pytest.mark.reference
KNOWLEDGE = PROJECT_ROOT / "knowledge"


def _articles(reference):
    return {(ins["id"], a["article"]): a for ins in reference["instruments"] for a in ins["articles"]}


def _digest_files():
    return sorted((KNOWLEDGE / "digests").glob("*.yaml"))


@pytest.mark.parametrize("path", _digest_files(), ids=lambda p: p.name)
def test_digest_articles_and_paragraphs_match_the_instrument(reference, path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    official = {a["article"]: a for ins in reference["instruments"] if ins["id"] == data["instrument"]
                for a in ins["articles"]}
    assert [a["article"] for a in data["articles"]] == sorted(official), "every article, in order"
    for art in data["articles"]:
        ref = official[art["article"]]
        assert [p["paragraph"] for p in art["paragraphs"]] == [p["paragraph"] for p in ref["paragraphs"]], \
            f"{data['instrument']} art. {art['article']}"
        if data["language"] == "en":
            assert art["title"] == ref["title"], f"{data['instrument']} art. {art['article']}"
        for para in art["paragraphs"]:
            assert para["level"] in ("mandatory", "consider", "optional", "none")
            # a real summary, not a stub (Chinese has no spaces: count characters)
            assert (len(para["text"]) >= 10) if data["language"] == "zh" else (len(para["text"].split()) >= 5)


def test_obligation_levels_follow_the_treaty_wording(reference):
    """A 'mandatory' digest must sit on a 'shall', an 'optional' one on a 'may', a 'consider' one on its verbs."""
    official = _articles(reference)
    cues = {
        "mandatory": r"\b(shall|agrees?|may not)\b",  # a prohibition binds as much as a duty
        "optional": r"\bmay\b",
        "consider": r"\b(consider|endeavour|encouraged|seek|strive|guideline|priority consideration)",
    }
    for path in _digest_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for art in data["articles"]:
            ref = {p["paragraph"]: p["text"] for p in official[(data["instrument"], art["article"])]["paragraphs"]}
            for para in art["paragraphs"]:
                cue = cues.get(para["level"])
                if cue:
                    assert re.search(cue, ref[para["paragraph"]], re.I), (
                        f"{path.name}: {data['instrument']} art. {art['article']}({para['paragraph']}) "
                        f"is '{para['level']}' but the treaty text has no such wording")


def test_checklist_references_exist(reference):
    official = _articles(reference)
    checklist = load_checklist(KNOWLEDGE / "checklist")
    for q in checklist.questions:
        if q.ref is None:
            continue
        article = official.get((q.ref.instrument, q.ref.article))
        assert article is not None, q.id
        paragraphs = [p["paragraph"] for p in article["paragraphs"]]
        assert q.ref.paragraph in paragraphs, f"{q.id}: {q.ref.label()} not in {paragraphs}"


def test_checklist_levels_match_the_digests():
    digests = {}
    for path in _digest_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["language"] != "en":
            continue
        for art in data["articles"]:
            for para in art["paragraphs"]:
                digests[(data["instrument"], art["article"], para["paragraph"])] = para["level"]
    for q in load_checklist(KNOWLEDGE / "checklist").questions:
        if q.ref and q.type == "status":
            assert q.level == digests[(q.ref.instrument, q.ref.article, q.ref.paragraph)], q.id


def test_practices_cite_existing_provisions(reference):
    official = _articles(reference)
    for path in (KNOWLEDGE / "practices").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        ids = [p["id"] for p in data["practices"]]
        assert len(ids) == len(set(ids))
        for practice in data["practices"]:
            assert practice["source"].strip() and practice["title"].strip()
            for prov in practice["provisions"]:
                article = official.get((prov["instrument"], prov["article"]))
                assert article is not None, practice["id"]
                if prov.get("paragraph") is not None:
                    assert prov["paragraph"] in [p["paragraph"] for p in article["paragraphs"]], practice["id"]


def _words(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def test_no_official_text_is_copied_into_the_repository(reference):
    n = 12
    shingles = set()
    for ins in reference["instruments"]:
        for art in ins["articles"]:
            for para in art["paragraphs"]:
                w = _words(para["text"])
                shingles.update(" ".join(w[i:i + n]) for i in range(len(w) - n + 1))
    # Official names and article titles may be quoted (they are how provisions are cited); sentences may not.
    names = sorted({ins["name"] for ins in reference["instruments"]}
                   | {a["title"] for ins in reference["instruments"] for a in ins["articles"]}, key=len, reverse=True)
    offenders = {}
    for path in PROJECT_ROOT.rglob("*"):
        if not path.is_file() or any(part in {".git", ".venv", "data", "vectorstore", "test-artifacts",
                                              "node_modules", "__pycache__"} for part in path.parts):
            continue
        if path.suffix not in {".py", ".yaml", ".yml", ".md", ".txt", ".json", ".toml", ".csv"}:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        for name in names:
            text = re.sub(re.escape(name), " | ", text, flags=re.IGNORECASE)
        w = _words(text)
        hits = sum(1 for i in range(len(w) - n + 1) if " ".join(w[i:i + n]) in shingles)
        if hits:
            offenders[str(path.relative_to(PROJECT_ROOT))] = hits
    assert offenders == {}, f"official treaty text copied (12-word runs): {offenders}"


def test_titles_in_six_languages(reference):
    data = yaml.safe_load((KNOWLEDGE / "titles.yaml").read_text(encoding="utf-8"))["instruments"]
    for ins in reference["instruments"]:
        titles = data[ins["id"]]
        assert titles["name"]["en"] == ins["name"]
        assert sorted(titles["articles"]) == [a["article"] for a in ins["articles"]]
        for art in ins["articles"]:
            names = titles["articles"][art["article"]]
            assert names["en"] == art["title"], (ins["id"], art["article"])
            assert set(names) == {"ar", "en", "es", "fr", "ru", "zh"} and all(v.strip() for v in names.values())


def test_digest_titles_agree_with_the_titles_file():
    titles = yaml.safe_load((KNOWLEDGE / "titles.yaml").read_text(encoding="utf-8"))["instruments"]
    for path in _digest_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for art in data["articles"]:
            assert art["title"] == titles[data["instrument"]]["articles"][art["article"]][data["language"]], \
                (path.name, art["article"])


def test_retrieval_keys_point_at_existing_provisions(reference):
    official = _articles(reference)
    for path in sorted((KNOWLEDGE / "keys").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert path.stem == data["language"]
        texts = [k["text"] for k in data["keys"]]
        assert len(texts) == len(set(texts)), f"{path.name}: duplicate keys"
        per_article: Counter = Counter()
        for key in data["keys"]:
            article = official.get((key["instrument"], key["article"]))
            assert article is not None, (path.name, key)
            if key.get("paragraph") is not None:
                assert key["paragraph"] in [p["paragraph"] for p in article["paragraphs"]], (path.name, key)
            per_article[(key["instrument"], key["article"])] += 1
        # every substantive article can be found through officials' own questions, in every language
        wanted = ({("UNTOC", a) for a in [*range(1, 35), 37]} | {("TIP", a) for a in range(1, 15)}
                  | {("SOM", a) for a in range(1, 20)} | {("FP", a) for a in range(1, 16)})
        assert {a for a, n in per_article.items() if n >= 3} >= wanted, f"{path.name}: articles with < 3 keys"
