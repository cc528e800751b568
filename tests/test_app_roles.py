"""Each role's pages through AppTest: what each can see and do, and what it cannot."""

from assistant.access.actor import Actor
from assistant.workspace import Workspace
from tests.apptest import account, core, open_app, texts

FP = Actor("ana", "focal_point", "XXA")
SECRETARIAT = ["Overview", "Per provision", "Technical assistance", "Responses", "Search answers", "Good practices",
               "Report and exports"]


def test_menus_per_role(fresh):
    menus = {
        ("ana", "focal_point", "XXA"): ["Checklist", "Review and submit", "Team and assignments", "Answer history",
                                        "Good practices", "Change password"],
        ("carl", "contributor", "XXA"): ["Checklist", "Review and submit", "Answer history", "Change password"],
        ("rita", "reviewer", None): [*SECRETARIAT, "Change password"],
        ("admin", "admin", None): [*SECRETARIAT, "Administration", "Training sandbox", "Change password"],
        ("tess", "trainer", None): ["Training sandbox", "Change password"],
    }
    for (user, role, state), expected in menus.items():
        at = open_app(user=user, role=role, state=state)
        assert at.radio(key="page").options == expected, role


def test_focal_point_reviews_edits_and_submits(fresh):
    at = open_app()
    at.chat_input[0].set_value("Yes").run()
    at = open_app(page="Review and submit")
    assert "**in progress**" in at.markdown[1].value or any("in progress" in m.value for m in at.markdown)
    assert at.metric[0].value == "1 / 8"
    assert at.metric[1].value == "4"  # art. 6(1), 6(2), 10(1) and 23 of the slice's five mandatory provisions
    at.selectbox(key="edit_pick").set_value(next(o for o in at.selectbox(key="edit_pick").options
                                                 if "untoc_6_1_status" in o)).run()
    at.radio(key="edit_value_untoc_6_1_status").set_value("in_part")
    at.text_input(key="edit_note").input("Only conversion is covered")
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception and "Saved for Convention art. 6(1)" in at.success[0].value
    answer = core().store("XXA").current()["untoc_6_1_status"]
    assert (answer.value, answer.channel, answer.respondent, answer.text) == (
        "in_part", "form", "ana", "Only conversion is covered")
    assert at.button(key="submit_go").disabled
    at.checkbox(key="submit_sure").check().run()
    at.button(key="submit_go").click().run()
    assert not at.exception
    assert Workspace(core(), FP).status("XXA") == "submitted"
    chat = open_app()
    assert "This response is submitted" in chat.info[0].value and not chat.chat_input


def test_focal_point_creates_a_contributor_and_assigns_a_section(fresh):
    at = open_app(page="Team and assignments")
    assert at.selectbox(key="new_role").options == ["Contributor"]  # no other role within reach
    at.text_input(key="new_username").input("Carl")
    at.text_input(key="new_name").input("Carl, Ministry of Justice")
    at.text_input(key="new_password").input("temporary-123")
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception
    created = core().accounts.get("carl")
    assert (created.role, created.state, created.must_change_password) == ("contributor", "XXA", True)
    at.selectbox(key="assign_instrument").set_value("UNTOC")
    at.number_input(key="assign_article").set_value(6)
    next(b for b in at.get("form_submit_button") if b.label == "Assign").click()
    at.run()
    assert not at.exception
    assert core().assignments.sections("XXA", "carl")[0].label == "UNTOC art. 6"


def test_contributor_is_walked_through_their_section_only(fresh):
    account("carl", "contributor", "XXA", "Carl")
    at = open_app(user="carl", role="contributor", name="Carl")
    assert "No section of the checklist is assigned to you yet" in at.info[0].value and not at.chat_input
    Workspace(core(), FP).assign("XXA", "carl", "UNTOC:6")
    at = open_app(user="carl", role="contributor", name="Carl")
    assert "Your sections: UNTOC art. 6" in at.caption[1].value
    assert "Convention art. 6(1)" in texts(at)[0][1]
    at.chat_input[0].set_value("Yes, article 3 of the Anti-Money Laundering Act").run()
    assert "Recorded for Convention art. 6(1): **Yes**" in texts(at)[-1][1]
    at = open_app(user="carl", role="contributor", name="Carl", page="Review and submit")
    assert not at.checkbox  # only the focal point submits
    assert all("untoc_5" not in o for o in at.selectbox(key="edit_pick").options)


def test_reviewer_sees_submitted_responses_only_and_returns_one(fresh):
    account()
    ws = Workspace(core(), FP)
    ws.dialogue("XXA").reply("Not yet")
    at = open_app(user="rita", role="reviewer", state=None, page="Responses")
    assert "No response has been submitted" in at.info[0].value
    ws.submit("XXA")
    at = open_app(user="rita", role="reviewer", state=None, page="Responses")
    assert at.selectbox(key="review_state").options == ["XXA"]  # a fictional State: its code, once
    assert any("**No**" in m.value for m in at.markdown)
    at.selectbox(key="comment_target").set_value(next(o for o in at.selectbox(key="comment_target").options
                                                      if "untoc_5_1_status" in o))
    at.text_area(key="comment_text").input("Which bill? Please give its number.")
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception
    at.button(key="return_go").click().run()
    assert ws.status("XXA") == "returned"
    review = open_app(page="Review and submit")
    assert any("Which bill? Please give its number." in w.value for w in review.warning)
    chat = open_app()  # back with the State: the chat is open again, the comments on top
    assert "returned the response with 1 comment(s)" in chat.warning[0].value
    assert "Convention art. 5(1): Which bill? Please give its number." in chat.warning[0].value
    assert chat.chat_input


def test_administrator_adds_a_state_and_opens_a_cycle_from_the_previous_one(fresh):
    account()
    Workspace(core(), FP).dialogue("XXA").reply("Yes")
    at = open_app(user="admin", role="admin", state=None, page="Administration")
    at.text_input(key="add_state_code").input("xxc")
    at.selectbox(key="add_state_region").set_value("African States")
    next(b for b in at.get("form_submit_button") if b.label == "Add or update the State").click()
    at.run()
    assert not at.exception and core().registry.regions() == {"XXC": "African States"}
    at.text_input(key="cycle_id").input("2027")
    at.text_input(key="cycle_title").input("Second cycle")
    at.selectbox(key="cycle_prefill").set_value("cycle-1")
    next(b for b in at.get("form_submit_button") if b.label == "Open the cycle").click()
    at.run()
    assert not at.exception and core().cycles.current().id == "2027"
    audit = at.dataframe[-1].value
    assert {"state_added", "cycle_opened", "account_created"} <= set(audit["action"])
    official = open_app()
    assert "In the last reporting cycle (cycle-1) your State reported: **Yes**" in texts(official)[-1][1]
    at = open_app(user="admin", role="admin", state=None, page="Administration")
    at.selectbox(key="cycle_close_pick").set_value("cycle-1")
    at.button(key="cycle_close_go").click().run()
    assert not at.exception
    assert [c.id for c in core().cycles.list() if c.open] == ["2027"]


def test_contributor_with_a_protocol_the_state_is_not_party_to(fresh, monkeypatch):
    from assistant.settings import PROJECT_ROOT

    monkeypatch.setenv("OMNIBUS_CHECKLIST_DIR", str(PROJECT_ROOT / "knowledge" / "checklist"))
    account("carl", "contributor", "XXA", "Carl")
    Workspace(core(), FP).assign("XXA", "carl", "TIP")
    Workspace(core(), FP).edit("XXA", "party_to", ["untoc"])
    at = open_app(user="carl", role="contributor", name="Carl")
    assert "None of the questions in your sections applies yet" in at.info[0].value and not at.chat_input
    Workspace(core(), FP).edit("XXA", "party_to", ["untoc", "tip"])
    at = open_app(user="carl", role="contributor", name="Carl")
    assert "Trafficking in Persons Protocol art. 5(1)" in texts(at)[0][1]
