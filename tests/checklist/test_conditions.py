import pytest

from assistant.checklist.conditions import Condition, ConditionError


@pytest.mark.parametrize(
    ("text", "answers", "expected"),
    [
        ("${a} = 'yes'", {"a": "yes"}, True),
        ("${a} = 'yes'", {}, False),
        ("${a} != 'yes'", {"a": "no"}, True),
        ("${a} != 'yes'", {}, False),  # unanswered never satisfies a comparison
        ("${a} in ['yes', 'in_part']", {"a": "in_part"}, True),
        ("${a} in ['yes', 'in_part']", {"a": "no"}, False),
        ("${a} not in ['yes']", {"a": "no"}, True),
        ("${a} = 'yes' and ${b} > 3", {"a": "yes", "b": 4}, True),
        ("${a} = 'yes' and ${b} > 3", {"a": "yes", "b": 2}, False),
        ("${a} = 'no' or ${b} >= 2", {"a": "yes", "b": 2}, True),
        ("not (${a} = 'no')", {"a": "yes"}, True),
        ("selected(${m}, 'training')", {"m": ["drafting", "training"]}, True),
        ("selected(${m}, 'training')", {"m": ["drafting"]}, False),
        ("answered(${m}) and not selected(${m}, 'none')", {"m": ["training"]}, True),
        ("answered(${m}) and not selected(${m}, 'none')", {"m": ["none"]}, False),
        ("answered(${m})", {}, False),
        ("count(${m}) = 2", {"m": ["x", "y"]}, True),
        ("${n} > 'x'", {"n": 3}, False),  # type mismatch is false, not an exception
    ],
)
def test_evaluates(text, answers, expected):
    assert Condition(text).evaluate(answers) is expected


def test_references():
    assert Condition("${a} = 'yes' and selected(${b}, 'x')").references() == {"a", "b"}


@pytest.mark.parametrize(
    "text",
    ["", "${a} = ", "__import__('os')", "${a} == 'yes'", "open(${a})", "${a} = 'yes' )", "selected('x', 'y')",
     "${a} in", "exec('x')", "${a}; rm -rf /"],
)
def test_rejects_bad_conditions(text):
    with pytest.raises(ConditionError):
        Condition(text)
