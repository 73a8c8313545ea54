"""The project's Vietnamese Wagtail admin (portal/wagtail_locale/): coverage, placeholders, .mo.

The same catalogue also fills the gaps of Django's own Vietnamese catalogues (core, contrib apps,
django-axes: parts/django_*.po), which are part of the coverage check.

No database is needed. After changing a part, rebuild with
`.venv/bin/python portal/wagtail_locale/build.py build`.
"""

import importlib.util
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "portal" / "wagtail_locale" / "build.py"
MIN_PERCENT = 98
REBUILD = "run `.venv/bin/python portal/wagtail_locale/build.py build`"


def _load_build_script():
    spec = importlib.util.spec_from_file_location("wagtail_locale_build", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build_script()


def _merged(domain):
    po_path, mo_path = build.output_paths(domain)
    assert po_path.exists(), f"{po_path.relative_to(ROOT)} is missing: {REBUILD}"
    return po_path, mo_path


def _translations(catalogue):
    """{(msgctxt, msgid): translation} for the translated entries of a .po or .mo file."""
    result = {}
    for entry in catalogue.translated_entries():
        if not entry.msgid:
            continue
        key = (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
        result[key] = (
            entry.msgstr
            if not entry.msgid_plural
            else tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        )
    return result


def test_every_wagtail_catalogue_is_translated():
    """Wagtail's catalogues and the Django ones (build.DJANGO_CATALOGUES) are all checked."""
    assert set(build.DJANGO_CATALOGUES) <= set(build.CATALOGUES)
    rows = build.coverage()
    below = build.below_threshold(rows, MIN_PERCENT)
    assert not below, (
        f"Vietnamese Wagtail catalogues below {MIN_PERCENT}%: "
        + ", ".join(f"{r.catalogue} {r.translated}/{r.msgids} ({r.percent:.1f}%)" for r in below)
        + f"; translate the missing entries in portal/wagtail_locale/parts/ and {REBUILD}"
        + "\n"
        + build.format_table(rows)
    )


@pytest.mark.parametrize("domain", build.DOMAINS)
def test_placeholders_match_the_source(domain):
    po_path, _ = _merged(domain)
    problems = build.check_placeholders(polib.pofile(str(po_path)), origin=po_path.name)
    assert not problems, "Placeholders differ from the source string:\n" + "\n".join(problems)


@pytest.mark.parametrize("domain", build.DOMAINS)
def test_mo_is_compiled_from_the_current_po(domain):
    po_path, mo_path = _merged(domain)
    assert mo_path.exists(), f"{mo_path.relative_to(ROOT)} is missing: {REBUILD}"
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(mo_path))
    assert len(mo.translated_entries()) == len(po.translated_entries()), (
        f"{mo_path.name} has {len(mo.translated_entries())} translations, "
        f"{po_path.name} has {len(po.translated_entries())}: {REBUILD}"
    )
    assert _translations(mo) == _translations(po), f"{mo_path.name} is stale: {REBUILD}"
    assert mo.metadata.get("Plural-Forms") == "nplurals=1; plural=0;"


def test_placeholder_check_catches_a_dropped_placeholder():
    good = polib.POEntry(
        msgid="Site '%(object)s' created.", msgstr="Đã tạo trang web '%(object)s'."
    )
    bad = polib.POEntry(msgid="Site '%(object)s' created.", msgstr="Đã tạo trang web.")
    plural = polib.POEntry(
        msgid="Delete 1 user",
        msgid_plural="Delete %(counter)s users",
        msgstr_plural={0: "Xóa người dùng"},
    )
    assert build.placeholder_problems(good) == []
    assert build.placeholder_problems(bad)
    assert build.placeholder_problems(plural)


def test_django_timesince_matches_the_wagtail_admin():
    """Django's timesince ("5 minutes ago" in the admin) uses the same unit as Wagtail's "0 minutes"."""
    po_path, _ = _merged("django")
    translations = _translations(polib.pofile(str(po_path)))
    assert translations[("", "0 minutes", "")] == "0 phút"
    units = {
        "year": "năm",
        "month": "tháng",
        "week": "tuần",
        "day": "ngày",
        "hour": "giờ",
        "minute": "phút",
    }
    for english, vietnamese in units.items():
        key = ("", f"%(num)d {english}", f"%(num)d {english}s")
        assert translations[key] == (f"%(num)d {vietnamese}",)
