"""Who may do what: pure checks, one per action, used by the app, the command line and the exports alike.

Each check raises Forbidden with a message that says why; nothing here touches the database."""

from __future__ import annotations

from assistant.access.actor import ADMIN, CONTRIBUTOR, FOCAL_POINT, REVIEWER, ROLES, TRAINER, Actor
from assistant.errors import Explained

NOT_STARTED, IN_PROGRESS, SUBMITTED, RETURNED, ACCEPTED = (
    "not_started", "in_progress", "submitted", "returned", "accepted")
STATUSES = (NOT_STARTED, IN_PROGRESS, SUBMITTED, RETURNED, ACCEPTED)
# A State can change its answers only while the response is with it.
EDITABLE = (NOT_STARTED, IN_PROGRESS, RETURNED)
# The Secretariat's reviewers read a response once the State has submitted it.
VISIBLE_TO_REVIEWERS = (SUBMITTED, RETURNED, ACCEPTED)
# (action, from) -> to
TRANSITIONS = {
    ("submit", NOT_STARTED): SUBMITTED,
    ("submit", IN_PROGRESS): SUBMITTED,
    ("submit", RETURNED): SUBMITTED,
    ("return", SUBMITTED): RETURNED,
    ("return", ACCEPTED): RETURNED,
    ("accept", SUBMITTED): ACCEPTED,
}


class Forbidden(Explained, PermissionError):
    pass


def _own_state(actor: Actor, state: str) -> bool:
    return actor.state is not None and actor.state == state


def can_read_response(actor: Actor, state: str, status: str) -> None:
    if actor.role == ADMIN:
        return
    if actor.role == REVIEWER:
        if status in VISIBLE_TO_REVIEWERS:
            return
        raise Forbidden(f"{state} has not submitted this cycle's response yet.", "forbidden_not_submitted", state=state)
    if actor.role in (FOCAL_POINT, CONTRIBUTOR) and _own_state(actor, state):
        return
    if actor.role == TRAINER:
        raise Forbidden("Trainers use the training sandbox only.", "forbidden_role")
    raise Forbidden("You can only see your own State's response.", "forbidden_own_state")


def can_write_answer(actor: Actor, state: str, status: str, in_scope: bool, cycle_open: bool = True) -> None:
    """in_scope: the question lies in a section assigned to this contributor (ignored for focal points);
    cycle_open: the reporting cycle has not been closed by the Secretariat."""
    if actor.role not in (FOCAL_POINT, CONTRIBUTOR):
        raise Forbidden("Only a State's focal points and contributors answer its checklist.", "forbidden_role")
    if not _own_state(actor, state):
        raise Forbidden("You can only answer for your own State.", "forbidden_own_state")
    if status not in EDITABLE:
        raise Forbidden(f"The response is {status.replace('_', ' ')}: it cannot be changed now.", "forbidden_locked",
                        status=status)
    if not cycle_open:
        raise Forbidden("This reporting cycle is closed: its answers can no longer change.", "forbidden_cycle_closed")
    if actor.role == CONTRIBUTOR and not in_scope:
        raise Forbidden("This question is not in a section assigned to you.", "forbidden_not_in_section")


def transition(actor: Actor, action: str, state: str, status: str) -> str:
    """The status after `action` (submit, return, accept), or Forbidden."""
    if action == "submit":
        if actor.role != FOCAL_POINT or not _own_state(actor, state):
            raise Forbidden("Only the State's focal point submits its response.", "forbidden_role")
    elif action in ("return", "accept"):
        if actor.role not in (REVIEWER, ADMIN):
            raise Forbidden("Only the Secretariat returns or accepts a response.", "forbidden_role")
    else:
        raise Forbidden(f"Unknown action {action!r}.", "forbidden_role")
    target = TRANSITIONS.get((action, status))
    if target is None:
        raise Forbidden(f"A response that is {status.replace('_', ' ')} cannot be {action}ed."
                        if action != "submit"
                        else f"A response that is {status.replace('_', ' ')} cannot be submitted.",
                        "forbidden_transition", status=status)
    return target


def can_comment(actor: Actor, state: str, status: str) -> None:
    if actor.role in (REVIEWER, ADMIN):
        can_read_response(actor, state, status)
        return
    if actor.role == FOCAL_POINT and _own_state(actor, state):
        return
    raise Forbidden("Only the Secretariat and the State's focal points comment on a response.", "forbidden_role")


def can_manage_account(actor: Actor, role: str, state: str | None) -> None:
    """Create, disable, enable or reset the password of an account with this role and State."""
    if role not in ROLES:
        raise Forbidden(f"Unknown role {role!r}.", "forbidden_role")
    if actor.role == ADMIN:
        return
    if actor.role == FOCAL_POINT and role == CONTRIBUTOR and state is not None and _own_state(actor, state):
        return
    if actor.role == FOCAL_POINT:
        raise Forbidden("Focal points manage their own State's contributors only.", "forbidden_role")
    raise Forbidden("Only administrators and focal points manage accounts.", "forbidden_role")


def can_assign(actor: Actor, state: str) -> None:
    if actor.role == ADMIN or (actor.role == FOCAL_POINT and _own_state(actor, state)):
        return
    raise Forbidden("Only the State's focal point assigns its sections.", "forbidden_role")


def can_administer(actor: Actor) -> None:
    """States, reporting cycles and the audit log."""
    if actor.role != ADMIN:
        raise Forbidden("Only Secretariat administrators manage States and reporting cycles.", "forbidden_role")


def can_review(actor: Actor) -> None:
    """The Secretariat's pages: overview, all submitted responses, reports."""
    if actor.role not in (REVIEWER, ADMIN):
        raise Forbidden("Only the Secretariat reviews responses.", "forbidden_role")


def can_use_sandbox(actor: Actor) -> None:
    if actor.role not in (TRAINER, ADMIN):
        raise Forbidden("The training sandbox is for trainers.", "forbidden_role")


def can_mark_practice(actor: Actor, state: str, status: str) -> None:
    """The Secretariat marks good practices in responses it can read."""
    if actor.role not in (REVIEWER, ADMIN):
        raise Forbidden("Only the Secretariat marks good practices.", "forbidden_role")
    can_read_response(actor, state, status)


def can_set_consent(actor: Actor, state: str) -> None:
    """The State (its focal point) gives or withdraws consent; the Secretariat records it on the State's word."""
    if actor.role in (REVIEWER, ADMIN) or (actor.role == FOCAL_POINT and _own_state(actor, state)):
        return
    raise Forbidden("Only the State's focal point or the Secretariat changes consent to share a practice.",
                    "forbidden_role")
