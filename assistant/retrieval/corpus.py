"""The retrievable corpus: article digests (provisions) and good practices, read from knowledge/."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.checklist.models import Checklist


@dataclass(frozen=True)
class Passage:
    id: str
    kind: str  # provision | practice
    instrument: str
    article: int
    paragraph: int | None
    title: str
    text: str
    lang: str
    level: str = "none"
    source: str = ""
    where: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def embedding_text(self) -> str:
        bare = (self.extra.get("alias") and not self.extra.get("part")) or not self.title
        return self.text if bare else f"{self.title}. {self.text}"

    def digest(self) -> str:
        return hashlib.sha256(f"{self.kind}|{self.title}|{self.text}|{self.source}".encode()).hexdigest()[:16]

    def citation(self) -> str:
        label = f"{self.instrument} art. {self.article}"
        if self.paragraph is not None:
            label += f"({self.paragraph})"
        return label


# Subparagraph markers: "(a)", Arabic "(أ)", Russian "a)". A paragraph that lists several (definitions, lists of
# measures) is also indexed part by part, so a question about one item is not drowned by the others.
_SUBPARAGRAPH = re.compile(r"(?:(?<=\s)|^)\((?:[a-j]|[أبجدهوزحطي]|هـ)\)|(?:(?<=\s)|^)[a-j]\)")
SPLIT_SUBPARAGRAPHS = True


def subparagraph_parts(text: str) -> list[str]:
    """The parts of a paragraph that lists subparagraphs, each with the paragraph's opening words for context."""
    marks = [m.start() for m in _SUBPARAGRAPH.finditer(text)]
    if len(marks) < 2:
        return []
    lead = " ".join(text[: marks[0]].split()[:20])
    bounds = marks + [len(text)]
    return [f"{lead} {text[a:b].strip()}".strip() for a, b in zip(bounds, bounds[1:], strict=False)]


def load_digests(folder: Path) -> list[Passage]:
    passages: list[Passage] = []
    for path in sorted(Path(folder).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        instrument, lang = data["instrument"], data["language"]
        for art in data["articles"]:
            for para in art["paragraphs"]:
                number = para.get("paragraph")
                pid = f"{instrument}:{art['article']}:{number if number is not None else '-'}:{lang}"
                passages.append(
                    Passage(
                        id=pid,
                        kind="provision",
                        instrument=instrument,
                        article=int(art["article"]),
                        paragraph=number,
                        title=art["title"],
                        text=" ".join(str(para["text"]).split()),
                        lang=lang,
                        level=para.get("level", "none"),
                    )
                )
                if SPLIT_SUBPARAGRAPHS:
                    for i, part in enumerate(subparagraph_parts(passages[-1].text)):
                        passages.append(Passage(
                            id=f"part:{pid}:{i}", kind="provision", instrument=instrument,
                            article=int(art["article"]), paragraph=number, title=art["title"], text=part,
                            lang=lang, level=para.get("level", "none"), extra={"alias": True, "part": True}))
    return passages


def load_practices(folder: Path) -> list[Passage]:
    passages: list[Passage] = []
    for path in sorted(Path(folder).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        lang = data.get("language", "en")
        for item in data["practices"]:
            first = item["provisions"][0]
            passages.append(
                Passage(
                    id=f"{item['id']}:{lang}",
                    kind="practice",
                    instrument=first["instrument"],
                    article=int(first["article"]),
                    paragraph=first.get("paragraph"),
                    title=item["title"],
                    text=" ".join(str(item["text"]).split()),
                    lang=lang,
                    source=item.get("source", ""),
                    where=item.get("where", ""),
                    extra={"provisions": [f"{p['instrument']}:{p['article']}" for p in item["provisions"]]},
                )
            )
    return passages


def load_aliases(knowledge_dir: Path, checklist: Checklist | None) -> list[Passage]:
    """Extra keys that point at a provision: its official title, the questions and situations officials raise
    about it (knowledge/keys/, written like queries: "doc2query") and the checklist's status question, in every
    language we have. They make provisions findable in languages without a digest; hits on them are shown as
    the provision's digest (see Retriever)."""
    out: list[Passage] = []
    titles_file = Path(knowledge_dir) / "titles.yaml"
    if titles_file.is_file():
        data = yaml.safe_load(titles_file.read_text(encoding="utf-8"))
        for instrument, info in data["instruments"].items():
            for article, names in info["articles"].items():
                for lang, title in names.items():
                    out.append(Passage(id=f"title:{instrument}:{article}:{lang}", kind="provision",
                                       instrument=instrument, article=int(article), paragraph=None, title=title,
                                       text=title, lang=lang, extra={"alias": True}))
    for path in sorted((Path(knowledge_dir) / "keys").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        lang = data["language"]
        for n, key in enumerate(data["keys"]):
            paragraph = key.get("paragraph")
            out.append(Passage(id=f"key:{key['instrument']}:{key['article']}:{paragraph or '-'}:{lang}:{n}",
                               kind="provision", instrument=key["instrument"], article=int(key["article"]),
                               paragraph=paragraph, title="", text=" ".join(str(key["text"]).split()), lang=lang,
                               extra={"alias": True, "key": True}))
    if checklist is not None:
        for q in checklist.questions:
            if q.type != "status" or q.ref is None:
                continue
            for lang, text in q.text.items():
                out.append(Passage(id=f"question:{q.id}:{lang}", kind="provision", instrument=q.ref.instrument,
                                   article=q.ref.article, paragraph=q.ref.paragraph, title="", text=text, lang=lang,
                                   extra={"alias": True}))
    return out


def load_corpus(knowledge_dir: Path, checklist: Checklist | None = None) -> list[Passage]:
    knowledge_dir = Path(knowledge_dir)
    return (load_digests(knowledge_dir / "digests") + load_practices(knowledge_dir / "practices")
            + load_aliases(knowledge_dir, checklist))
