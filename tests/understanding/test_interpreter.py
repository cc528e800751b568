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


@pytest.mark.parametrize("text,lang,command", [
    ("I'd rather leave this one for now and come back to it later.", "en", "skip"),
    ("Sorry, I made a mistake on the previous question and want to correct it.", "en", "back"),
    ("We will stop here and continue tomorrow morning.", "en", "pause"),
    ("Could you show me the answers I have given so far?", "en", "answers"),
    ("How does this work, and what can I type?", "en", "help"),
    ("On laisse celle-ci de côté, j'y reviendrai.", "fr", "skip"),
    ("Je me suis trompée à la question précédente.", "fr", "back"),
    ("Hagamos una pausa y seguimos mañana.", "es", "pause"),
    ("Покажите мне мои ответы, пожалуйста.", "ru", "answers"),
    ("这题我回头再答，先看下一题。", "zh", "skip"),
    ("لنتوقف هنا ونكمل غداً إن شاء الله", "ar", "pause"),
])
def test_commands_written_as_sentences(interpreter, text, lang, command):
    result = interpreter.interpret(text, lang)
    assert (result.intent, result.command) == ("command", command), result


@pytest.mark.parametrize("text,lang,argument", [
    ("Could we go straight to article 20 on special investigative techniques?", "en",
     {"instrument": None, "article": 20, "paragraph": None}),
    ("请直接跳到公约第二十条", "zh", {"instrument": "UNTOC", "article": 20, "paragraph": None}),
    ("¿Podemos ir directamente al artículo 19?", "es", {"instrument": None, "article": 19, "paragraph": None}),
])
def test_jumps_written_as_requests(interpreter, text, lang, argument):
    result = interpreter.interpret(text, lang)
    assert (result.intent, result.command, result.argument) == ("command", "goto", argument)


@pytest.mark.parametrize("text,lang,target", [
    ("Would it be possible to continue in Arabic?", "en", "ar"),
    ("Давайте продолжим на французском языке.", "ru", "fr"),
    ("Continuons en anglais, s'il vous plaît.", "fr", "en"),
    ("هل يمكننا المتابعة باللغة الإسبانية؟", "ar", "es"),
])
def test_language_changes_written_as_requests(interpreter, text, lang, target):
    result = interpreter.interpret(text, lang)
    assert (result.intent, result.command, result.argument) == ("command", "language", {"lang": target})


@pytest.mark.parametrize("text,lang", [
    # a command word inside an answer stays an answer
    ("No, we will go back to Parliament with a new bill next year.", "en"),
    ("Yes, in French law this is an offence.", "en"),
    ("Non, les réponses de la police sont insuffisantes et aucune loi n'existe.", "fr"),
])
def test_answers_mentioning_command_words_stay_answers(interpreter, text, lang):
    assert interpreter.interpret(text, lang).intent == "answer"


@pytest.mark.parametrize("text,lang,value", [
    # plans and intentions: nothing in force yet
    ("We plan to address this in the next revision of the Criminal Code.", "en", "no"),
    ("Nous envisageons une réforme en 2027.", "fr", "no"),
    ("Tenemos previsto regularlo el próximo año.", "es", "no"),
    ("Планируем принять такой закон в следующем году.", "ru", "no"),
    ("我们计划在明年修订时加以规定。", "zh", "no"),
    ("نعتزم إدراج ذلك في القانون الجديد.", "ar", "no"),
    # an opening "no" is explained, not softened, by a later "only"
    ("No. Only natural persons can be held criminally liable.", "en", "no"),
    ("Нет, ответственность несут только физические лица.", "ru", "no"),
    # ... but a real "partly" still wins
    ("No, only partly.", "en", "in_part"),
    # a draft that has not reached Parliament is still a no
    ("A draft has been prepared, but it has not been submitted to Parliament.", "en", "no"),
    ("我们正在起草相关法律，但还没有提交审议。", "zh", "no"),
    # not knowing, in longer words
    ("I would need to consult the Ministry of the Interior before answering.", "en", "unknown"),
    ("Impossible de me prononcer à ce stade.", "fr", "unknown"),
])
def test_statuses_in_longer_wordings(interpreter, text, lang, value):
    assert interpreter.interpret(text, lang).value == value


@pytest.mark.parametrize("text,lang", [
    ("There is no obstacle: bank secrecy can never be invoked to refuse assistance.", "en"),
    ("Aucun obstacle : rien ne s'oppose à la confiscation en valeur.", "fr"),
    ("No existe ninguna excepción en nuestra ley.", "es"),
    ("Исключений не предусмотрено.", "ru"),
    ("不存在任何障碍。", "zh"),
    ("لا يوجد أي استثناء في القانون.", "ar"),
])
def test_a_reply_that_only_denies_a_gap_is_a_yes_to_confirm(interpreter, text, lang):
    result = interpreter.interpret(text, lang)
    assert (result.intent, result.value, result.uncertain) == ("answer", "yes", True)


@pytest.mark.parametrize("text,lang", [
    ("We have not ratified the Firearms Protocol yet, so do we need to answer this part?", "en"),
    ("¿Qué se entiende exactamente por grupo estructurado?", "es"),
    ("Что именно считается серьезным преступлением?", "ru"),
])
def test_questions_with_status_words_inside(interpreter, text, lang):
    assert interpreter.interpret(text, lang).intent == "question"


def test_a_law_number_sign_is_not_a_no(interpreter):
    result = interpreter.interpret("Да, это предусмотрено Федеральным законом № 115.", "ru")
    assert result.value == "yes"


@pytest.mark.parametrize("text,value", [("是", "yes"), ("没有", "no"), ("可以", "yes")])
def test_one_character_chinese_replies(interpreter, text, value):
    assert interpreter.interpret(text, "zh").value == value


@pytest.mark.parametrize("text,lang", [
    # one part done, another not, side by side without a "but": in part, confirmed before recording
    ("Judges have been trained; prosecutors not yet.", "en"),
    ("La loi est promulguée, les textes d'application ne sont toujours pas pris.", "fr"),
    ("Для взрослых жертв приюты есть, для детей ничего не предусмотрено.", "ru"),
    ("海关有登记制度，边防还没有。", "zh"),
])
def test_a_part_affirmed_and_a_part_denied_side_by_side_is_in_part(interpreter, text, lang):
    result = interpreter.interpret(text, lang)
    assert (result.value, result.uncertain) == ("in_part", True)


@pytest.mark.parametrize("text,lang", [
    # ... but a hedge or a draft opening the reply is no affirmation
    ("As far as I know, no such offence exists.", "en"),
    ("Que yo sepa, no existe tal delito.", "es"),
    ("A draft decree was prepared, but nothing has been adopted.", "en"),
])
def test_hedges_and_drafts_do_not_make_a_no_partial(interpreter, text, lang):
    assert interpreter.interpret(text, lang).value == "no"


@pytest.mark.parametrize("text,lang", [
    ("That is a matter for the Ministry of the Interior.", "en"),
    ("These figures are not compiled centrally.", "en"),
    ("No soy la persona indicada para contestar.", "es"),
    ("Это вопрос к Генеральной прокуратуре.", "ru"),
])
def test_deferring_to_another_body_is_unknown(interpreter, text, lang):
    assert interpreter.interpret(text, lang).value == "unknown"
