import pytest

from assistant.settings import PROJECT_ROOT
from assistant.understanding.interpreter import Interpreter


@pytest.fixture(scope="module")
def interpreter() -> Interpreter:
    return Interpreter(PROJECT_ROOT / "knowledge" / "understanding")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Yes, section 12 of the Organized Crime Act 2011", "yes"),
        ("yep", "yes"),
        ("Yes.", "yes"),
        ("It is criminalized under the Penal Code", "yes"),
        ("Not yet, a bill is before Parliament", "no"),
        ("No", "no"),
        ("nope", "no"),
        ("We have not adopted such a law", "no"),
        ("A draft law is under consideration", "no"),
        ("Partly: companies are not covered", "in_part"),
        ("Yes, but companies are not covered", "in_part"),
        ("To some extent", "in_part"),
        ("Only for drug offences", "in_part"),
        ("Not fully", "in_part"),
        ("I don't know", "unknown"),
        ("Not sure, I need to check with the Ministry of Justice", "unknown"),
        ("Yes, article 3 of Law No. 7 of 2010", "yes"),
        ("Yes, Act No. 12 of 2005", "yes"),
        ("No, Act No. 12 of 2005 was repealed", "no"),
    ],
)
def test_english_status(interpreter, text, value):
    result = interpreter.interpret(text, "en")
    assert result.intent == "answer"
    assert result.value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Oui, article 450-1 du Code pénal", "yes"),
        ("Oui", "yes"),
        ("Pas encore, un projet de loi est devant le Parlement", "no"),
        ("Non", "no"),
        ("Nous n'avons pas adopté de loi", "no"),
        ("En partie : les personnes morales ne sont pas couvertes", "in_part"),
        ("Partiellement", "in_part"),
        ("Seulement pour les infractions liées aux drogues", "in_part"),
        ("Je ne sais pas", "unknown"),
    ],
)
def test_french_status(interpreter, text, value):
    result = interpreter.interpret(text, "fr")
    assert (result.intent, result.value) == ("answer", value)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("what does serious crime mean?", "en"),
        ("Does this cover attempts?", "en"),
        ("What is a controlled delivery", "en"),
        ("Qu'est-ce qu'une infraction grave ?", "fr"),
        ("Comment définir un groupe criminel organisé ?", "fr"),
    ],
)
def test_questions(interpreter, text, lang):
    result = interpreter.interpret(text, lang)
    assert result.intent == "question"
    assert result.value is None


@pytest.mark.parametrize(
    ("text", "lang", "command"),
    [("skip", "en", "skip"), ("Skip.", "en", "skip"), ("go back", "en", "back"), ("pause", "en", "pause"),
     ("passer", "fr", "skip"), ("retour", "fr", "back"), ("Précédent", "fr", "back"), ("pause", "fr", "pause")],
)
def test_commands(interpreter, text, lang, command):
    result = interpreter.interpret(text, lang)
    assert (result.intent, result.command) == ("command", command)


def test_a_command_word_inside_an_answer_is_not_a_command(interpreter):
    result = interpreter.interpret("No, we will go back to Parliament next year", "en")
    assert (result.intent, result.value) == ("answer", "no")


def test_reply_in_another_language_than_the_interface(interpreter):
    assert interpreter.interpret("Pas encore", "en").value == "no"


def test_public_json_shape(interpreter):
    data = interpreter.interpret("Yes, section 12 of the Organized Crime Act 2011", "en").to_json()
    assert data == {"intent": "answer", "value": "yes", "command": None,
                    "references": ["section 12 of the Organized Crime Act 2011"]}
    assert interpreter.interpret("why", "en").to_json()["intent"] == "question"


def test_unclear_reply_has_no_value(interpreter):
    assert interpreter.interpret("hmm, let me think", "en").value is None


@pytest.mark.parametrize("text,lang,value", [
    ("Yes, and there is no exception.", "en", "yes"),
    ("Oui, sans aucune exception.", "fr", "yes"),
    ("Да, и никаких исключений нет.", "ru", "yes"),
    ("是的，没有任何例外。", "zh", "yes"),
])
def test_negations_that_confirm_are_not_a_no(interpreter, text, lang, value):
    result = interpreter.interpret(text, lang)
    assert (result.value, result.uncertain) == (value, False)


@pytest.mark.parametrize("text,lang", [
    ("Participation is criminalized, but mere membership is not yet an offence.", "en"),
    ("L'entente est incriminée, mais la simple participation ne l'est pas encore.", "fr"),
    ("Организация сообщества наказуема, однако простое участие пока не криминализировано.", "ru"),
])
def test_yes_then_no_across_a_contrast_is_in_part_and_confirmed(interpreter, text, lang):
    result = interpreter.interpret(text, lang)
    assert (result.value, result.uncertain) == ("in_part", True)


@pytest.mark.parametrize("text,lang,command,argument", [
    ("Let's skip this one for now", "en", "skip", None),
    ("先跳过吧", "zh", "skip", None),
    ("跳到贩运人口议定书第5条", "zh", "goto", {"instrument": "TIP", "article": 5, "paragraph": None}),
    ("切换到英文", "zh", "language", {"lang": "en"}),
])
def test_commands_with_fillers_and_word_order(interpreter, text, lang, command, argument):
    result = interpreter.interpret(text, lang)
    assert (result.intent, result.command, result.argument) == ("command", command, argument)


def test_chinese_question_without_a_question_mark(interpreter):
    assert interpreter.interpret("共谋和参与有什么区别", "zh").intent == "question"
