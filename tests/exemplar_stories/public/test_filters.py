"""Whatever arrives in the query string, the index, its search and the feeds never answer 500.

Property-based (hypothesis): arbitrary keys and values, control characters, any Unicode,
huge values, repeated keys and broken percent-encoding. Examples are kept few and without a
deadline so the suite stays fast; the database is only read, so one set of stories serves
every example.
"""

import os
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exemplar_stories.models import Field

from ..support.factories import make_index, make_movement, make_story, make_unit

pytestmark = pytest.mark.django_db

# A longer hunt on demand: ROBUSTNESS_EXAMPLES=2000 pytest tests/exemplar_stories/public/test_filters.py
MAX_EXAMPLES = int(os.environ.get("ROBUSTNESS_EXAMPLES", "60"))
INDEX_URL = "/dien-hinh-tien-tien/"
URLS = [
    INDEX_URL,
    f"{INDEX_URL}feed/atom/",
    f"{INDEX_URL}feed/rss/",
    f"{INDEX_URL}feed/json/",
]
PARAMS = ["loai", "don-vi", "linh-vuc", "phong-trao", "doi-tuong", "nam", "quy", "q", "trang"]
GOOD_VALUES = [
    "dien-hinh-tien-tien",
    "mo-hinh-moi",
    "ca-nhan",
    "tap-the",
    "phong-tu-phap-huyen-ke-sach",
    "tro-giup-phap-ly",
    "2026",
    "1",
    "4",
    "0",
    "-1",
    "99999999999999999999999",
    "Kế Sách",
]

keys = st.one_of(st.sampled_from(PARAMS), st.text(max_size=20))
values = st.one_of(
    st.sampled_from(GOOD_VALUES),
    st.text(),  # any Unicode, control characters included
    st.text(alphabet=st.characters(codec="utf-8", categories=["Nd", "No"]), max_size=8),
    st.integers().map(str),
    # Huge values: a short piece repeated thousands of times.
    st.builds(lambda piece, n: piece * n, st.text(min_size=1, max_size=4), st.integers(1, 5000)),
)
pairs = st.lists(st.tuples(keys, values), max_size=12)  # repeated keys included
# Raw fragments that no form would send: broken escapes, bytes that are not UTF-8, NUL.
junk = st.lists(
    st.sampled_from(["%", "%Z", "%ff", "%fe%fe", "%00", "%C3", "&", "=", ";", "+", "%2B", "q"]),
    max_size=10,
).map("".join)


def query_string(pairs, junk):
    encoded = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
    return f"{encoded}&{junk}" if junk else encoded


@pytest.fixture
def stories():
    unit = make_unit("Phòng Tư pháp huyện Kế Sách")
    legal_aid = Field.objects.get(name="Trợ giúp pháp lý")
    for n in range(3):
        make_story(f"Gương sáng {n}", unit=unit, field=legal_aid, movement=make_movement())


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(url=st.sampled_from(URLS), pairs=pairs, junk=junk)
def test_no_query_string_makes_the_index_or_the_feeds_fail(stories, url, pairs, junk):
    response = Client(raise_request_exception=False).get(f"{url}?{query_string(pairs, junk)}")
    assert response.status_code < 500, (url, pairs, junk)


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(param=st.sampled_from(PARAMS), value=values)
def test_a_bad_filter_value_gives_the_index_page_not_an_error(stories, param, value):
    response = Client(raise_request_exception=False).get(INDEX_URL, {param: value})
    # 200, or 400 when a value was refused: either way the index page, with its message.
    assert response.status_code in (200, 400), (param, value)
    assert "exemplar_stories/exemplar_index_page.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("param", ["nam", "quy", "trang"])
def test_digits_that_int_cannot_read_are_a_friendly_error(client, param):
    make_index()
    # Unicode digits (str.isdigit() says yes, int() says no or reads "٣" as 3), and more digits
    # than int() accepts.
    for value in ["²", "¹²", "٣", "①", "߀", "9" * 5000]:
        for url in [INDEX_URL, f"{INDEX_URL}feed/atom/"]:
            response = client.get(url, {param: value})
            assert response.status_code < 500, (url, value)
        response = client.get(INDEX_URL, {param: value})
        assert response.status_code == 400
        assert response.context["filter_errors"]
