"""Query-string values parsed before they reach the ORM."""

import pytest

from exemplar_stories.core.params import chosen_year


@pytest.mark.parametrize("raw", ["²", "٢٠٢٦", "2026x", "", "-1", "999999999999999999999"])
def test_a_year_that_is_not_one_of_the_years_gives_the_newest(raw):
    assert chosen_year(raw, [2026, 2025]) == 2026


def test_a_listed_year_is_chosen():
    assert chosen_year("2025", [2026, 2025]) == 2025
    assert chosen_year("2025", []) is None
