"""Search across captured answers, in any language, limited to what the reader may see."""

import pytest

from assistant.access.policy import Forbidden
from assistant.workspace import Workspace

PASSWORD = "correct-horse-1"


def test_search_finds_answers_across_languages_and_only_readable_ones(core):
    admin = core.accounts.create_first_admin("admin", PASSWORD).actor()
    people = {name: core.accounts.create(admin, name, PASSWORD, role, state, must_change_password=False).actor()
              for name, role, state in [("fp.a", "focal_point", "XXA"), ("fp.b", "focal_point", "XXB"),
                                        ("fp.c", "focal_point", "XXC"), ("rev", "reviewer", None)]}
    Workspace(core, people["fp.a"]).edit("XXA", "untoc_6_1_law", "Anti-Money Laundering Act 2015",
                                         text="Money laundering is punished by the Anti-Money Laundering Act 2015, "
                                              "section 3")
    Workspace(core, people["fp.b"]).edit("XXB", "untoc_6_1_law", "Code pénal",
                                         text="Le blanchiment d'argent est puni par l'article 324-1 du Code pénal",
                                         lang="fr")
    Workspace(core, people["fp.b"]).edit("XXB", "untoc_23_status", "yes",
                                         text="La subornation de témoins est réprimée par le Code pénal", lang="fr")
    Workspace(core, people["fp.c"]).edit("XXC", "untoc_6_1_law", "Ley 12",
                                         text="El lavado de dinero está tipificado en la Ley 12 de 2010", lang="es")
    for fp, state in (("fp.a", "XXA"), ("fp.b", "XXB")):
        Workspace(core, people[fp]).submit(state)
    reviewer = Workspace(core, people["rev"])
    hits = reviewer.search_answers("lavado de activos", k=3)  # Spanish query
    assert {h.state for h in hits} <= {"XXA", "XXB"}  # XXC has not submitted: never shown
    top_two = {(h.state, h.question_id) for h in hits[:2]}
    assert top_two == {("XXA", "untoc_6_1_law"), ("XXB", "untoc_6_1_law")}
    assert hits[0].text and hits[0].respondent in ("fp.a", "fp.b")
    with pytest.raises(Forbidden):
        Workspace(core, people["fp.a"]).search_answers("blanchiment")
