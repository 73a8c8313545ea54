"""Hostile text in every search box and filter of the admin and the portal never gives a 500
(issue #13): NUL bytes (a DataError on PostgreSQL), thousands of words (a RecursionError in
the search backends), control characters, NFD, bytes that are not UTF-8.
"""

import unicodedata
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from wagtail.test.utils import WagtailTestUtils

from portal.search import MAX_SEARCH_CHARS, MAX_SEARCH_WORDS, clean_query, clean_query_text
from tests.exemplar_stories.support.factories import make_story

pytestmark = pytest.mark.django_db

MANY_WORDS = " ".join(f"từ{i}" for i in range(1000))
TEN_THOUSAND_WORDS = " ".join(["gương"] * 10_000)


@pytest.fixture
def story():
    return make_story("Gương sáng hộ tịch")


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(WagtailTestUtils.create_superuser("chief", password="pw"))
    return client


def admin_search_urls(story):
    """(url, parameter) of every search box and text filter in the admin."""
    index_id = story.get_parent().pk
    return [
        ("/admin/pages/search/", "q"),
        (f"/admin/pages/{index_id}/", "q"),
        ("/admin/choose-page/search/", "q"),
        ("/admin/images/", "q"),
        ("/admin/images/chooser/results/", "q"),
        ("/admin/documents/", "q"),
        ("/admin/documents/chooser/results/", "q"),
        ("/admin/users/", "q"),
        ("/admin/snippets/exemplar_stories/unit/", "q"),
        ("/admin/api/main/pages/", "search"),
        ("/admin/exemplar_stories/registration/", "q"),
        ("/admin/exemplar_stories/registration/", "status__exact"),
        ("/admin/exemplar_stories/syndicationdelivery/", "q"),
    ]


PUBLIC_PARAMS = [
    "q",
    "loai",
    "don-vi",
    "linh-vuc",
    "phong-trao",
    "doi-tuong",
    "nam",
    "quy",
    "trang",
]


def public_search_urls(story):
    index = "/dien-hinh-tien-tien/"
    urls = [(index, param) for param in PUBLIC_PARAMS]
    urls += [(f"{index}feed/{kind}/", "q") for kind in ("atom", "rss", "json")]
    urls += [(f"{index}feed/atom/", "trang-feed"), (story.url, "q")]
    return urls


def get_raw(client, url, param, value):
    """A GET with the value percent-encoded as UTF-8 (surrogatepass, so a lone surrogate
    arrives as the bytes a client would send), or as raw bytes."""
    if isinstance(value, bytes):
        encoded = quote(value, safe="")
    else:
        encoded = quote(value.encode("utf-8", "surrogatepass"), safe="")
    return client.get(url, QUERY_STRING=f"{quote(param)}={encoded}")


def assert_no_server_error(client, urls, value):
    for url, param in urls:
        response = get_raw(client, url, param, value)
        assert response.status_code < 500, (url, param, value[:80])


# --- the attacks of the issue, one by one ----------------------------------------------------


@pytest.mark.parametrize("words", [200, 300, 1000])
def test_a_long_admin_page_search_gives_results_not_a_recursion_error(admin_client, story, words):
    query = " ".join(["gương"] * (words - 1) + ["sáng"])
    for url in ("/admin/pages/search/", "/admin/choose-page/search/"):
        assert admin_client.get(url, {"q": query}).status_code == 200, url


@pytest.mark.parametrize(
    "url",
    [
        "/admin/images/",
        "/admin/images/chooser/results/",
        "/admin/documents/",
        "/admin/documents/chooser/results/",
    ],
)
def test_image_and_document_searches_of_1000_words_give_results(admin_client, url):
    assert admin_client.get(url, {"q": MANY_WORDS}).status_code == 200


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/admin/pages/search/", "q"),
        ("/admin/api/main/pages/", "search"),
        ("/admin/exemplar_stories/registration/", "q"),
        ("/admin/exemplar_stories/syndicationdelivery/", "q"),
        ("/admin/images/", "q"),
    ],
)
def test_a_nul_byte_in_an_admin_search_is_dropped_before_the_database(
    admin_client, story, url, param
):
    response = admin_client.get(url, {param: "gương\x00sáng"})
    assert response.status_code == 200


def test_the_admin_search_still_finds_a_page_once_cleaned(admin_client, story):
    response = admin_client.get("/admin/pages/search/", {"q": "Gương\x00 sáng"})
    assert response.status_code == 200
    assert "Gương sáng hộ tịch" in response.content.decode()


def test_a_nul_byte_in_the_public_search_is_refused_with_a_message(client, story):
    response = client.get("/dien-hinh-tien-tien/", {"q": "gương\x00"})
    assert response.status_code == 400
    assert "ký tự không hợp lệ" in response.content.decode()


# --- the cap itself --------------------------------------------------------------------------


def test_search_text_is_capped_in_words_and_characters():
    assert len(clean_query_text(TEN_THOUSAND_WORDS).split()) == MAX_SEARCH_WORDS
    assert len(clean_query_text("x" * 5000)) == MAX_SEARCH_CHARS
    assert clean_query_text("a\x00b\x1fc\ud800d") == "a b c d"
    assert clean_query_text(unicodedata.normalize("NFD", "Hồng")) == "Hồng"


def test_a_parsed_query_is_capped_across_its_phrases():
    from wagtail.search.utils import parse_query_string

    _filters, query = parse_query_string(f'{MANY_WORDS} "{MANY_WORDS}"', operator="and")
    cleaned = clean_query(query)
    words = sum(len(q.query_string.split()) for q in cleaned.subqueries)
    assert words == MAX_SEARCH_WORDS


def test_a_query_of_control_characters_only_is_an_empty_search():
    from wagtail.search.utils import parse_query_string

    assert clean_query(parse_query_string("\x00\x01", operator="and")[1]) == ""


# --- anything at all, everywhere -------------------------------------------------------------

HOSTILE_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["Cc", "Cs", "Zs", "Mn"]), max_size=50
    ),
    st.lists(
        st.sampled_from(
            [
                "gương",
                "sáng",
                '"',
                "'",
                "-",
                "OR",
                "AND",
                "NOT",
                "*",
                "\x00",
                ":",
                "(",
                ")",
                "^",
                "title:x",
                "NEAR(a b)",
                "+",
                "\\",
                "%",
                "_",
            ]
        ),
        max_size=400,
    ).map(" ".join),
)
NASTY = [
    "\x00",
    "gương\x00sáng",
    unicodedata.normalize("NFD", "Phòng Tư pháp huyện Kế Sách"),
    TEN_THOUSAND_WORDS,
    '"' + MANY_WORDS + '"',
    "\ud800",
    "\x1b[31m\r\n\t\x7f\x85",
    "%00' OR 1=1 --",
]


def _hypothesis_test(urls_of, client_fixture):
    @settings(
        max_examples=6,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(value=HOSTILE_TEXT)
    @example(value=b"\xff\xfe")  # not UTF-8
    @example(value=b"\xed\xa0\x80")  # a lone surrogate, encoded as a client can
    def run(request, story, value):
        client = request.getfixturevalue(client_fixture)
        assert_no_server_error(client, urls_of(story), value)

    for nasty in NASTY:
        run = example(value=nasty)(run)
    return run


test_no_admin_search_box_or_filter_gives_a_500 = _hypothesis_test(admin_search_urls, "admin_client")
test_no_public_search_box_or_filter_gives_a_500 = _hypothesis_test(public_search_urls, "client")
