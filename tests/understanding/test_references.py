import pytest

from assistant.checklist.loader import load_checklist
from assistant.settings import PROJECT_ROOT
from assistant.understanding.choices import extract_integer, match_choices
from assistant.understanding.interpreter import Interpreter


@pytest.fixture(scope="module")
def interpreter() -> Interpreter:
    return Interpreter(PROJECT_ROOT / "knowledge" / "understanding")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Yes, section 12 of the Organized Crime Act 2011", "en", ["section 12 of the Organized Crime Act 2011"]),
        ("Yes, sections 45 to 49 of the Penal Code", "en", ["sections 45 to 49 of the Penal Code"]),
        ("To some extent, Act No. 12 of 2005 covers it", "en", ["Act No. 12 of 2005"]),
        ("Oui, article 450-1 du Code pénal", "fr", ["article 450-1 du Code pénal"]),
        ("Oui, la loi n° 2005-750", "fr", ["loi n° 2005-750"]),
        ("No", "en", []),
    ],
)
def test_references(interpreter, text, lang, expected):
    assert interpreter.interpret(text, lang).references == expected


def test_choices_by_words_numbers_and_language():
    ta = load_checklist(PROJECT_ROOT / "knowledge" / "checklist").choices["ta"]
    assert match_choices("legislative drafting and training", ta) == ["legislative_drafting", "training"]
    assert match_choices("1, 5", ta) == ["legislative_drafting", "training"]
    assert match_choices("Formation et rédaction législative", ta) == ["legislative_drafting", "training"]
    assert match_choices("none", ta) == ["none"]
    assert match_choices("purple elephants", ta) == []
    consulted = load_checklist(PROJECT_ROOT / "knowledge" / "checklist").choices["consulted"]
    assert match_choices("Police and other law enforcement, and civil society", consulted) == [
        "law_enforcement", "civil_society"]


@pytest.mark.parametrize(("text", "number"), [("12", 12), ("About 1,234 convictions", 1234), ("unknown", None),
                                             ("45 convictions in 2023", 45),
                                             ("In 2023, 45 convictions", 45), ("2024", 2024)])
def test_integers(text, number):
    assert extract_integer(text) == number


@pytest.mark.parametrize("text,lang,expected", [
    ("Sí, artículo 2 de la Ley 1908 de 2018.", "es", ["artículo 2 de la Ley 1908 de 2018"]),
    ("La Ley Federal contra la Delincuencia Organizada está vigente.", "es",
     ["Ley Federal contra la Delincuencia Organizada"]),
    ("نعم، المادة 2 من القانون رقم 64 لسنة 2010 تجرّم ذلك.", "ar", ["المادة 2 من القانون رقم 64 لسنة 2010"]),
    ("تجرّم المادة 86 من قانون العقوبات الاتفاق الجنائي", "ar", ["المادة 86 من قانون العقوبات"]),
    ("Да, статьёй 210 Уголовного кодекса.", "ru", ["статьёй 210 Уголовного кодекса"]),
    ("Да, это регулируется Федеральным законом № 115-ФЗ.", "ru", ["Федеральным законом № 115-ФЗ"]),
    ("是，《刑法》第二百九十四条规定了该罪。", "zh", ["《刑法》第二百九十四条"]),
    ("Our Criminal Code covers it.", "en", ["Criminal Code"]),
])
def test_references_in_six_languages(interpreter, text, lang, expected):
    assert interpreter.interpret(text, lang).references == expected


@pytest.mark.parametrize("text,lang,years,numbers,institutions", [
    ("Yes: since 2019 the Financial Intelligence Unit and the police have handled 45 cases under Act No. 12 of 2005.",
     "en", [2019], [45], ["Financial Intelligence Unit", "police"]),
    ("Sí, la Fiscalía abrió 12 causas en 2023.", "es", [2023], [12], ["Fiscalía"]),
    ("Да, прокуратура в 2021 году направила в суд 1 250 дел.", "ru", [2021], [1250], ["прокуратура"]),
    ("是的，检察机关2022年办理了30起案件。", "zh", [2022], [30], ["检察机关"]),
    ("نعم، أحالت النيابة العامة 7 قضايا في عام 2021", "ar", [2021], [7], ["النيابة العامة"]),
    ("Oui, le parquet a ouvert 3 enquêtes.", "fr", [], [3], ["parquet"]),
])
def test_years_counts_and_institutions(interpreter, text, lang, years, numbers, institutions):
    entities = interpreter.interpret(text, lang).entities
    assert (entities.years, entities.numbers, entities.institutions) == (years, numbers, institutions)
