from hypothesis import given
from hypothesis import strategies as st

from app.services.outreach import keys


def test_house_numbers_sort_in_walking_order():
    numbers = ["12A", "2", "7 bus 2", "12", "7", "103", "7 bus 10", "9/1"]
    split = [keys.split_house_number(n) for n in numbers]
    ordered = sorted(split, key=lambda nb: keys.address_sort("Kerkstraat", *nb))
    assert [keys.house_label(*nb) for nb in ordered] == [
        "2", "7", "7 bus 2", "7 bus 10", "9 bus 1", "12", "12A", "103"]


def test_streets_sort_before_numbers_and_ignore_accents():
    a = keys.address_sort("Kerkstraat", "50")
    b = keys.address_sort("Kerkstraat Zuid", "1")
    c = keys.address_sort("Éikenlaan", "3")
    assert sorted([a, b, c]) == [c, a, b]


def test_split_house_number_variants():
    assert keys.split_house_number("7 bus 2") == ("7", "2")
    assert keys.split_house_number("7bus2") == ("7", "2")
    assert keys.split_house_number("12a") == ("12A", "")
    assert keys.split_house_number("14 bte 3") == ("14", "3")
    assert keys.split_house_number("zn") == ("zn", "")
    # a range is one address over several numbers, not a box ("5 bus 7" would be wrong)
    assert keys.split_house_number("5-7") == ("5-7", "")
    assert keys.split_house_number("5 - 7a") == ("5-7A", "")


def test_name_key_folds_flemish_particles_and_accents():
    assert keys.name_key("Jef", "Van den Broeck") == keys.name_key("Jef", "Vandenbroeck")
    assert keys.name_key("Rita", "D'Hondt") == keys.name_key("Rita", "Dhondt")
    assert keys.name_key("Hélène", "De Smet") == keys.name_key("Helene", "Desmet")
    assert keys.name_key("Jef", "Peeters") != keys.name_key("Jef", "Peters")

numbers = st.tuples(st.integers(1, 999), st.sampled_from(["", "A", "B", "c"]),
                    st.one_of(st.just(0), st.integers(1, 40)))


@given(st.lists(numbers, min_size=2, max_size=12))
def test_walking_order_matches_number_suffix_box(items):
    texts = [f"{n}{suf}" + (f" bus {box}" if box else "") for n, suf, box in items]
    keyed = sorted(range(len(items)), key=lambda i: keys.address_sort(
        "Kerkstraat", *keys.split_house_number(texts[i])))
    expected = sorted(range(len(items)), key=lambda i: (
        items[i][0], items[i][1].upper(), items[i][2]))
    norm = [(n, suf.upper(), box) for n, suf, box in items]
    assert [norm[i] for i in keyed] == [norm[i] for i in expected]
