"""The access policy as a table: every role against every action, allowed and forbidden (pure logic)."""

import pytest

from assistant.access.actor import Actor
from assistant.access.policy import (
    STATUSES,
    Forbidden,
    can_administer,
    can_assign,
    can_comment,
    can_manage_account,
    can_read_response,
    can_review,
    can_use_sandbox,
    can_write_answer,
    transition,
)

ADMIN = Actor("adm", "admin")
REVIEWER = Actor("rev", "reviewer")
FP_A = Actor("fpa", "focal_point", "XXA")
CONTRIB_A = Actor("ca", "contributor", "XXA")
TRAINER = Actor("tr", "trainer")
EVERYONE = [ADMIN, REVIEWER, FP_A, CONTRIB_A, TRAINER]


def allowed(check, *args) -> bool:
    try:
        check(*args)
    except Forbidden:
        return False
    return True


@pytest.mark.parametrize("status", STATUSES)
def test_reading_a_response(status):
    submitted = status in ("submitted", "returned", "accepted")
    assert allowed(can_read_response, ADMIN, "XXA", status)
    assert allowed(can_read_response, REVIEWER, "XXA", status) == submitted
    assert allowed(can_read_response, FP_A, "XXA", status)
    assert allowed(can_read_response, CONTRIB_A, "XXA", status)
    assert not allowed(can_read_response, FP_A, "XXB", status)
    assert not allowed(can_read_response, CONTRIB_A, "XXB", status)
    assert not allowed(can_read_response, TRAINER, "XXA", status)


@pytest.mark.parametrize("status", STATUSES)
def test_writing_an_answer(status):
    editable = status in ("not_started", "in_progress", "returned")
    assert allowed(can_write_answer, FP_A, "XXA", status, False) == editable
    assert allowed(can_write_answer, CONTRIB_A, "XXA", status, True) == editable
    assert not allowed(can_write_answer, CONTRIB_A, "XXA", status, False)  # outside the assigned sections
    for other in (ADMIN, REVIEWER, TRAINER):
        assert not allowed(can_write_answer, other, "XXA", status, True)
    assert not allowed(can_write_answer, FP_A, "XXB", status, True)
    assert not allowed(can_write_answer, FP_A, "XXA", status, True, False)  # the cycle is closed
    assert not allowed(can_write_answer, CONTRIB_A, "XXA", status, True, False)


def test_status_transitions():
    assert transition(FP_A, "submit", "XXA", "in_progress") == "submitted"
    assert transition(FP_A, "submit", "XXA", "returned") == "submitted"
    assert transition(REVIEWER, "return", "XXA", "submitted") == "returned"
    assert transition(REVIEWER, "accept", "XXA", "submitted") == "accepted"
    assert transition(ADMIN, "return", "XXA", "accepted") == "returned"
    forbidden = [
        (FP_A, "submit", "XXA", "submitted"), (FP_A, "submit", "XXA", "accepted"),
        (FP_A, "submit", "XXB", "in_progress"),
        (CONTRIB_A, "submit", "XXA", "in_progress"), (REVIEWER, "submit", "XXA", "in_progress"),
        (FP_A, "accept", "XXA", "submitted"), (FP_A, "return", "XXA", "submitted"),
        (REVIEWER, "accept", "XXA", "in_progress"), (REVIEWER, "accept", "XXA", "returned"),
        (REVIEWER, "return", "XXA", "in_progress"), (TRAINER, "accept", "XXA", "submitted"),
        (REVIEWER, "delete", "XXA", "submitted"),
    ]
    for args in forbidden:
        assert not allowed(transition, *args), args


def test_comments():
    assert allowed(can_comment, REVIEWER, "XXA", "submitted")
    assert not allowed(can_comment, REVIEWER, "XXA", "in_progress")
    assert allowed(can_comment, FP_A, "XXA", "returned")
    assert not allowed(can_comment, FP_A, "XXB", "returned")
    assert not allowed(can_comment, CONTRIB_A, "XXA", "returned")
    assert not allowed(can_comment, TRAINER, "XXA", "submitted")


def test_managing_accounts():
    for role in ("admin", "reviewer", "focal_point", "contributor", "trainer"):
        assert allowed(can_manage_account, ADMIN, role, "XXA" if role in ("focal_point", "contributor") else None)
    assert allowed(can_manage_account, FP_A, "contributor", "XXA")
    assert not allowed(can_manage_account, FP_A, "contributor", "XXB")
    assert not allowed(can_manage_account, FP_A, "focal_point", "XXA")
    assert not allowed(can_manage_account, FP_A, "reviewer", None)
    assert not allowed(can_manage_account, FP_A, "admin", None)
    for actor in (REVIEWER, CONTRIB_A, TRAINER):
        assert not allowed(can_manage_account, actor, "contributor", "XXA")
    assert not allowed(can_manage_account, ADMIN, "superuser", None)


def test_assigning_administering_reviewing_and_the_sandbox():
    assert [allowed(can_assign, a, "XXA") for a in EVERYONE] == [True, False, True, False, False]
    assert not allowed(can_assign, FP_A, "XXB")
    assert [allowed(can_administer, a) for a in EVERYONE] == [True, False, False, False, False]
    assert [allowed(can_review, a) for a in EVERYONE] == [True, True, False, False, False]
    assert [allowed(can_use_sandbox, a) for a in EVERYONE] == [True, False, False, False, True]
