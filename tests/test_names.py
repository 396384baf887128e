"""One definition of "the same district" (schemas/names.py)."""
from schemas.names import fold, is_acronym, loose_key, strict_key


def test_loose_key_groups_one_articles_forms_of_a_district():
    forms = ["Pomona Unified School District", "Pomona USD", "Pomona Unified", "the Pomona district"]
    assert {loose_key(f) for f in forms} == {"pomona"}
    assert loose_key("Elkhorn Area School District") == loose_key("Elkhorn")


def test_strict_key_keeps_county_and_city_apart_across_articles():
    assert strict_key("Orange County Public Schools") != strict_key("Orange Unified")
    assert strict_key("Kansas City Public Schools") == "kansas city"
    assert strict_key("Pomona USD") == strict_key("Pomona Unified School District") == "pomona"


def test_marks_accents_and_abbreviations_fold_the_same_way():
    assert loose_key("Hawaiʻi Department of Education") == loose_key("Hawaii DOE".replace(" DOE", "")) == "hawaii"
    assert strict_key("St. Vrain Valley Schools") == strict_key("Saint Vrain Valley School District")
    assert fold("Peñasco") == "penasco"
    assert strict_key("Mapleton K-12 School District") == "mapleton"


def test_a_name_of_generic_words_only_keeps_its_words():
    assert strict_key("Public Schools") == "public schools"


def test_acronyms():
    assert is_acronym("LAUSD") and is_acronym("M-DCPS") and not is_acronym("Pomona") and not is_acronym("A")
