import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from ..support.factories import make_index_no_site_serves, make_story, vn_time
from ..support.receiver import validate_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories():
    image = Image.objects.create(title="Ảnh", file=get_test_image_file())
    make_story(
        "Gương sáng quý 4",
        hero_image=image,
        hero_image_alt="Chị Lan",
        published_at=vn_time(2026, 10, 2, 9, 0),
    )
    make_story("Mô hình hay", kind="new_model", published_at=vn_time(2026, 11, 20, 9, 0))
    make_story("Chuyện cũ", published_at=vn_time(2026, 3, 1, 9, 0))
    make_story("Bản nháp", live=False)


def export(tmp_path, *args, stdout=None):
    output = tmp_path / "goi.zip"
    call_command("export_stories", *args, "--output", str(output), stdout=stdout or io.StringIO())
    return zipfile.ZipFile(output)


def test_the_export_bundle_round_trips_against_the_schema(tmp_path, stories):
    bundle = export(tmp_path, "--since", "2026-10-01")
    index = json.loads(bundle.read("index.json"))
    assert index["count"] == 2 and index["schema_version"] == "2"
    assert [s["title"] for s in index["stories"]] == ["Gương sáng quý 4", "Mô hình hay"]
    names = set(bundle.namelist())
    assert "schema/story-v2.json" in names
    for entry in index["stories"]:
        payload = json.loads(bundle.read(entry["file"]))
        validate_payload(payload)
        assert payload["id"] == entry["id"] and payload["event"] == "story.published"
        for image in payload["images"]:
            assert image["file"] in names and bundle.read(image["file"])[:4] == b"\x89PNG"
    assert len([n for n in names if n.startswith("images/")]) == 1


def test_until_and_quarter_narrow_the_export(tmp_path, stories):
    titles = [
        s["title"]
        for s in json.loads(
            export(tmp_path, "--since", "2026-01-01", "--until", "2026-10-31").read("index.json")
        )["stories"]
    ]
    assert titles == ["Chuyện cũ", "Gương sáng quý 4"]
    index = json.loads(export(tmp_path, "--quarter", "2026-Q1").read("index.json"))
    assert [s["title"] for s in index["stories"]] == ["Chuyện cũ"]


def test_a_story_no_site_serves_is_left_out_of_the_export(tmp_path, stories):
    """Live, but no citizen can read it: it has no address to give Sở Nội vụ."""
    make_story(
        "Gương trong kho", index=make_index_no_site_serves(), published_at=vn_time(2026, 10, 5)
    )
    index = json.loads(export(tmp_path, "--since", "2026-10-01").read("index.json"))
    assert [s["title"] for s in index["stories"]] == ["Gương sáng quý 4", "Mô hình hay"]


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "--since"),
        (["--since", "01/10/2026"], "YYYY-MM-DD"),
        (["--since", "2026-13-01"], "YYYY-MM-DD"),
        (["--since", "2026-10-01", "--until", "2026-09-30"], "--until"),
        (["--quarter", "2026-Q5"], "2026-Q4"),
        (["--quarter", "Q4"], "2026-Q4"),
    ],
)
def test_bad_arguments_give_clear_errors(tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        export(tmp_path, *args)


@pytest.mark.parametrize("output", ["bundle.tar", "missing-folder/bundle.zip"])
def test_a_bad_output_gives_a_clear_error(tmp_path, output):
    with pytest.raises(CommandError):
        call_command("export_stories", "--since", "2026-01-01", "--output", str(tmp_path / output))
    assert not list(tmp_path.glob("*.part"))


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_progress_bar_shows_only_on_a_terminal(tmp_path, stories):
    plain = io.StringIO()
    export(tmp_path, "--since", "2026-01-01", stdout=plain)
    assert "[" not in plain.getvalue() and "3" in plain.getvalue()
    terminal = Terminal()
    export(tmp_path, "--since", "2026-01-01", stdout=terminal)
    assert "\r[" in terminal.getvalue() and "3/3" in terminal.getvalue()
