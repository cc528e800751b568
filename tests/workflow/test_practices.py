"""The good-practice loop on a real index: marked by a reviewer, offered to another State next to the provision
with its citation, gone from retrieval when consent is withdrawn."""

import pytest

from assistant.access.policy import Forbidden
from assistant.workspace import Workspace

PASSWORD = "correct-horse-1"
PRACTICE = ("A joint unit of prosecutors and company registry staff screens every new legal person against "
            "organized crime convictions before registration")


def test_mark_offer_cite_and_withdraw(own_index_core):
    core = own_index_core
    admin = core.accounts.create_first_admin("admin", PASSWORD).actor()
    make = lambda name, role, state=None: core.accounts.create(  # noqa: E731
        admin, name, PASSWORD, role, state, must_change_password=False).actor()
    fp_a, fp_b = make("fp.a", "focal_point", "XXA"), make("fp.b", "focal_point", "XXB")
    reviewer = make("rev", "reviewer")
    a = Workspace(core, fp_a)
    a.edit("XXA", "untoc_10_1_status", "yes", text=f"Yes. {PRACTICE}.")
    review = Workspace(core, reviewer)
    with pytest.raises(Forbidden):
        review.mark_practice("XXA", "untoc_10_1_status", "Screening legal persons", consent=True)  # not submitted
    a.submit("XXA")
    with pytest.raises(Forbidden, match="Only the Secretariat marks"):
        a.mark_practice("XXA", "untoc_10_1_status", "Our own", consent=True)
    with pytest.raises(ValueError, match="has not answered"):
        review.mark_practice("XXA", "untoc_23_status", "Nothing there", consent=True)
    practice = review.mark_practice("XXA", "untoc_10_1_status", "Screening legal persons before registration",
                                    consent=True)
    assert practice.citation == "XXA, cycle cycle-1" and practice.shared

    # another State's official asks "why" on article 10(1): the practice is offered, with its citation
    b = Workspace(core, fp_b).dialogue("XXB")
    b.goto("untoc_10_1_status")
    why = b.command("why")
    assert "Screening legal persons before registration" in why.text
    assert "XXA, cycle cycle-1" in why.text
    assert any(c.get("kind") == "practice" for c in why.citations)
    hits = core.retriever().search("screening legal persons against convictions before registration", k=5,
                                   lang="en")
    assert any(h.kind == "practice" and h.source == "XXA, cycle cycle-1" for h in hits)

    # the other State cannot touch it; the State withdraws consent and it leaves the index
    with pytest.raises(Forbidden):
        Workspace(core, fp_b).set_practice_consent(practice.id, False)
    Workspace(core, fp_a).set_practice_consent(practice.id, False)
    hits = core.retriever().search("screening legal persons against convictions before registration", k=10,
                                   lang="en")
    assert not any(h.source == "XXA, cycle cycle-1" for h in hits)
    assert "gp:" not in str(core.index._collection().get(ids=[f"gp:{practice.id}"])["ids"])
    assert "Screening legal persons" not in Workspace(core, fp_b).dialogue("XXB").command("why").text
    # nothing is deleted: the mark and its consent history stay in the record
    assert [p.consent for p in review.practices("XXA")] == [False]
