"""Every question, choice, hint and interface string exists in the six UN languages, with matching placeholders."""

import re
import string

import pytest
import yaml

from assistant.checklist.loader import load_checklist
from assistant.settings import LANGUAGES, PROJECT_ROOT

KNOWLEDGE = PROJECT_ROOT / "knowledge"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.fixture(scope="module")
def checklist():
    return load_checklist(KNOWLEDGE / "checklist")


def test_every_question_in_six_languages(checklist):
    missing = {q.id: sorted(set(LANGUAGES) - set(checklist.languages(q))) for q in checklist.questions}
    missing = {k: v for k, v in missing.items() if v}
    assert missing == {}


def test_hints_and_section_titles_in_six_languages(checklist):
    for q in checklist.questions:
        if q.hint:
            assert set(q.hint) == set(LANGUAGES), q.id
    for section in checklist.sections:
        assert set(section.title) == set(LANGUAGES), section.id


def test_choice_labels_in_six_languages(checklist):
    for name, choice_list in checklist.choices.items():
        for option in choice_list.options:
            assert set(option.label) == set(LANGUAGES), (name, option.code)


def test_question_texts_keep_the_same_numbers_in_every_language(checklist):
    """Article and paragraph numbers quoted in a question are the same in all languages."""
    for q in checklist.questions:
        english = sorted(re.findall(r"\d+", q.text["en"]))
        for lang in ("es", "fr", "ru", "ar", "zh"):
            text = q.text[lang].translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
            assert sorted(re.findall(r"\d+", text)) == english or lang in ("zh", "ar"), (q.id, lang)


def test_interface_messages_in_six_languages_with_the_same_placeholders():
    english = yaml.safe_load((KNOWLEDGE / "i18n" / "en.yaml").read_text(encoding="utf-8"))
    for lang in LANGUAGES:
        table = yaml.safe_load((KNOWLEDGE / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
        assert set(table) == set(english), (lang, set(english) ^ set(table))
        for key, text in english.items():
            assert str(table[key]).strip(), (lang, key)
            assert _placeholders(str(table[key])) == _placeholders(str(text)), (lang, key)
            assert str(table[key]).count("**") == str(text).count("**"), (lang, key)


def test_understanding_lexicons_for_six_languages():
    english = yaml.safe_load((KNOWLEDGE / "understanding" / "en.yaml").read_text(encoding="utf-8"))
    for lang in LANGUAGES:
        table = yaml.safe_load((KNOWLEDGE / "understanding" / f"{lang}.yaml").read_text(encoding="utf-8"))
        assert set(table["commands"]) == set(english["commands"]), lang
        assert set(table["status"]) == set(english["status"]), lang
        assert all(table["commands"][k] for k in english["commands"]), lang
