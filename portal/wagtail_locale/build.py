#!/usr/bin/env python
"""Assemble and check the project's Vietnamese translation of the Wagtail admin (and of the
gaps in Django's own Vietnamese catalogues).

Run from the project root with the project's virtualenv (Django settings are not needed)::

    .venv/bin/python portal/wagtail_locale/build.py build
    .venv/bin/python portal/wagtail_locale/build.py coverage [--min 98] [--json]

``build``
    Merges ``parts/*.po`` into ``vi/LC_MESSAGES/django.po`` (every part whose file name does not
    contain "djangojs") and ``vi/LC_MESSAGES/djangojs.po`` (the parts whose name does), then
    writes the ``.mo`` files next to them with polib, so GNU gettext is not needed. Entries are
    deduplicated by (msgctxt, msgid): parts are read in file-name order and the first translated
    entry wins. Parts that do not exist yet are skipped. The build refuses to write anything if a
    translation's placeholders differ from its source string.

``coverage``
    For every Wagtail catalogue we ship a translation for, counts the msgids of the installed
    Wagtail's English catalogue and how many of them are translated by our merged catalogue, or
    failing that by Wagtail's own Vietnamese catalogue. The same is done for Django's catalogues
    (core, contrib apps) and django-axes, whose missing Vietnamese entries we also ship
    (parts ``django_*.po``). django-axes has no English catalogue: its msgids are read from its
    Python source instead. Exits with status 1 when a catalogue is below ``--min`` percent
    (default 98).
"""

import argparse
import ast
import importlib.util
import json
import re
import sys
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
PARTS_DIR = HERE / "parts"
OUTPUT_DIR = HERE / "vi" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
DEFAULT_MIN_PERCENT = 98.0

METADATA = {
    "Project-Id-Version": "sotuphap-portal Wagtail admin (vi)",
    "Report-Msgid-Bugs-To": "",
    "Language-Team": "Vietnamese",
    "Language": "vi",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}

# (label, importable package, gettext domain): the Wagtail catalogues we translate.
WAGTAIL_CATALOGUES = [
    ("wagtail.admin", "wagtail.admin", "django"),
    ("wagtail.admin (js)", "wagtail.admin", "djangojs"),
    ("wagtail", "wagtail", "django"),
    ("wagtail.images", "wagtail.images", "django"),
    ("wagtail.documents", "wagtail.documents", "django"),
    ("wagtail.snippets", "wagtail.snippets", "django"),
    ("wagtail.users", "wagtail.users", "django"),
    ("wagtail.contrib.redirects", "wagtail.contrib.redirects", "django"),
    ("wagtail.contrib.settings", "wagtail.contrib.settings", "django"),
    ("wagtail.sites", "wagtail.sites", "django"),
    ("wagtail.search", "wagtail.search", "django"),
    ("wagtail.embeds", "wagtail.embeds", "django"),
    ("wagtail.locales", "wagtail.locales", "django"),
    ("wagtail_modeladmin", "wagtail_modeladmin", "django"),
]

# The Django catalogues whose Vietnamese gaps we fill (parts/django_*.po). Django core's catalogue
# lives in django/conf/locale. django.contrib.messages, django.contrib.sitemaps and django-csp
# ship no catalogue (no translatable strings), so they are not listed.
DJANGO_CATALOGUES = [
    ("django", "django.conf", "django"),
    ("django.contrib.auth", "django.contrib.auth", "django"),
    ("django.contrib.contenttypes", "django.contrib.contenttypes", "django"),
    ("django.contrib.sessions", "django.contrib.sessions", "django"),
    ("django.contrib.humanize", "django.contrib.humanize", "django"),
    ("django-axes", "axes", "django"),
]

CATALOGUES = WAGTAIL_CATALOGUES + DJANGO_CATALOGUES

# gettext functions whose first argument (after the context for the p* ones) is a msgid.
GETTEXT_FUNCTIONS = {
    "_": 0,
    "gettext": 0,
    "gettext_lazy": 0,
    "gettext_noop": 0,
    "ngettext": 0,
    "ngettext_lazy": 0,
    "pgettext": 1,
    "pgettext_lazy": 1,
    "npgettext": 1,
    "npgettext_lazy": 1,
}

# %(name)s / %(count)d, bare %s / %d, and {name} / {0} / {} (JavaScript and str.format).
PLACEHOLDER_RE = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


class BuildError(Exception):
    """A problem that stops the build; the message is meant for the person running it."""


# --------------------------------------------------------------------------- placeholders


def placeholders(text: str) -> set[str]:
    """The set of placeholders in a msgid or msgstr (a literal "%%" is not one)."""
    return set(PLACEHOLDER_RE.findall((text or "").replace("%%", "")))


def placeholder_problems(entry: polib.POEntry) -> list[str]:
    """Describe each translation of ``entry`` whose placeholders differ from its source.

    A singular entry must use exactly the placeholders of its msgid. With one plural form
    (Vietnamese), msgstr[0] is used for every count, so it must use the placeholders of
    msgid_plural (or of msgid and msgid_plural together). Empty translations are not checked.
    """
    problems = []
    if entry.msgid_plural:
        plural = placeholders(entry.msgid_plural)
        accepted = (plural, plural | placeholders(entry.msgid))
        for index, text in sorted(entry.msgstr_plural.items()):
            found = placeholders(text)
            if text and found not in accepted:
                problems.append(f"msgstr[{index}] has {sorted(found)}, expected {sorted(plural)}")
    elif entry.msgstr:
        expected, found = placeholders(entry.msgid), placeholders(entry.msgstr)
        if found != expected:
            problems.append(f"msgstr has {sorted(found)}, expected {sorted(expected)}")
    return problems


def describe(entry: polib.POEntry) -> str:
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"{context}{entry.msgid!r}"


def check_placeholders(entries, origin: str = "") -> list[str]:
    """One line per offending entry of ``entries``; an empty list when all is well."""
    lines = []
    for entry in entries:
        if entry.obsolete or not entry.msgid:
            continue
        for problem in placeholder_problems(entry):
            prefix = f"{origin}: " if origin else ""
            lines.append(f"{prefix}{describe(entry)}: {problem}")
    return lines


# --------------------------------------------------------------------------- build


def is_translated(entry: polib.POEntry) -> bool:
    """A usable translation: not obsolete, not fuzzy, and a non-empty msgstr / msgstr[0]."""
    if entry.obsolete or entry.fuzzy or not entry.msgid:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def domain_of(part: Path) -> str:
    return "djangojs" if "djangojs" in part.name else "django"


def part_files(domain: str) -> list[Path]:
    """The existing parts for ``domain``, in file-name order (the merge priority)."""
    return sorted(p for p in PARTS_DIR.glob("*.po") if domain_of(p) == domain)


def load_po(path: Path) -> polib.POFile:
    try:
        return polib.pofile(str(path), encoding="utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise BuildError(f"cannot read {path}: {exc}") from exc


def new_catalogue() -> polib.POFile:
    po = polib.POFile(wrapwidth=78, encoding="utf-8")
    po.header = (
        "Vietnamese translation of the Wagtail admin for the Sở Tư pháp portal.\n"
        "Generated by portal/wagtail_locale/build.py from parts/*.po: do not edit."
    )
    po.metadata = dict(METADATA)
    return po


def copy_entry(entry: polib.POEntry) -> polib.POEntry:
    copied = polib.POEntry(
        msgctxt=entry.msgctxt,
        msgid=entry.msgid,
        flags=[f for f in entry.flags if f != "fuzzy"],
    )
    if entry.msgid_plural:
        copied.msgid_plural = entry.msgid_plural
        copied.msgstr_plural = (
            {0: entry.msgstr_plural.get(0, "")} if is_translated(entry) else {0: ""}
        )
    else:
        copied.msgstr = entry.msgstr if is_translated(entry) else ""
    return copied


def merge(parts: list[Path]) -> tuple[polib.POFile, list[str]]:
    """Merge ``parts`` (first translated wins); return the catalogue and placeholder problems."""
    merged: dict[tuple[str, str], polib.POEntry] = {}
    problems: list[str] = []
    for part in parts:
        po = load_po(part)
        problems += check_placeholders(po, origin=str(part.relative_to(HERE)))
        for entry in po:
            if entry.obsolete or not entry.msgid:
                continue
            key = (entry.msgctxt or "", entry.msgid)
            if key not in merged or (not is_translated(merged[key]) and is_translated(entry)):
                merged[key] = copy_entry(entry)
    catalogue = new_catalogue()
    for key in sorted(merged):
        catalogue.append(merged[key])
    return catalogue, problems


def output_paths(domain: str) -> tuple[Path, Path]:
    return OUTPUT_DIR / f"{domain}.po", OUTPUT_DIR / f"{domain}.mo"


def build() -> dict[str, dict[str, int]]:
    """Write vi/LC_MESSAGES/{django,djangojs}.{po,mo}; raise BuildError on bad placeholders."""
    if not PARTS_DIR.is_dir():
        raise BuildError(f"no parts directory at {PARTS_DIR}")
    results, catalogues, problems = {}, {}, []
    for domain in DOMAINS:
        parts = part_files(domain)
        catalogue, domain_problems = merge(parts)
        catalogues[domain] = catalogue
        problems += domain_problems
        results[domain] = {
            "parts": len(parts),
            "entries": len(catalogue),
            "translated": sum(1 for e in catalogue if is_translated(e)),
        }
    if problems:
        raise BuildError(
            "placeholders differ between source and translation in "
            f"{len(problems)} entr{'y' if len(problems) == 1 else 'ies'}:\n  "
            + "\n  ".join(problems)
        )
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    for domain, catalogue in catalogues.items():
        po_path, mo_path = output_paths(domain)
        catalogue.save(str(po_path))
        catalogue.save_as_mofile(str(mo_path))
    return results


# --------------------------------------------------------------------------- coverage


class CoverageRow:
    """One line of the coverage table (a plain class, so the module loads from a file path)."""

    def __init__(self, catalogue: str, msgids: int, translated: int):
        self.catalogue, self.msgids, self.translated = catalogue, msgids, translated

    def __repr__(self) -> str:
        return f"CoverageRow({self.catalogue!r}, {self.msgids}, {self.translated})"

    @property
    def percent(self) -> float:
        return 100.0 if not self.msgids else 100.0 * self.translated / self.msgids

    def as_dict(self) -> dict:
        return {
            "catalogue": self.catalogue,
            "msgids": self.msgids,
            "translated": self.translated,
            "percent": round(self.percent, 2),
        }


def package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise BuildError(f"package {package!r} is not installed")
    return Path(list(spec.submodule_search_locations)[0])


def wagtail_catalogue(package: str, domain: str, language: str = "en") -> Path:
    return package_dir(package) / "locale" / language / "LC_MESSAGES" / f"{domain}.po"


def translated_keys(path: Path) -> set[tuple[str, str]]:
    """(msgctxt, msgid) of every usable translation in a .po file; empty if it is missing."""
    if not path.exists():
        return set()
    return {(e.msgctxt or "", e.msgid) for e in load_po(path) if is_translated(e)}


def _string(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def python_source_msgids(package: str) -> set[tuple[str, str]]:
    """(msgctxt, msgid) of the literal gettext calls in a package's Python modules.

    For packages that ship no English catalogue (django-axes). Calls on f-strings or variables
    are skipped: they cannot be looked up in a catalogue. Templates are not read.
    """
    found = set()
    for path in sorted(package_dir(package).rglob("*.py")):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except (SyntaxError, UnicodeDecodeError):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name not in GETTEXT_FUNCTIONS:
                continue
            index = GETTEXT_FUNCTIONS[name]
            if len(node.args) <= index:
                continue
            context = _string(node.args[0]) if index else ""
            msgid = _string(node.args[index])
            if msgid and context is not None:
                found.add((context, msgid))
    return found


def source_msgids(label: str, package: str, domain: str) -> set[tuple[str, str]]:
    """The English msgids of a catalogue: its ``en`` .po, or failing that its Python source."""
    source = wagtail_catalogue(package, domain)
    if source.exists():
        return {(e.msgctxt or "", e.msgid) for e in load_po(source) if not e.obsolete and e.msgid}
    if domain == "django" and (package_dir(package) / "locale").is_dir():
        return python_source_msgids(package)
    raise BuildError(f"{label}: no English catalogue at {source}")


def coverage(catalogues=CATALOGUES) -> list[CoverageRow]:
    """Per catalogue: the installed English msgids, and how many we (or the package) translate."""
    ours = {domain: translated_keys(output_paths(domain)[0]) for domain in DOMAINS}
    rows = []
    for label, package, domain in catalogues:
        msgids = source_msgids(label, package, domain)
        theirs = translated_keys(wagtail_catalogue(package, domain, "vi"))
        done = msgids & (ours[domain] | theirs)
        rows.append(CoverageRow(label, len(msgids), len(done)))
    return rows


def total_row(rows: list[CoverageRow]) -> CoverageRow:
    return CoverageRow("TOTAL", sum(r.msgids for r in rows), sum(r.translated for r in rows))


def below_threshold(
    rows: list[CoverageRow], minimum: float = DEFAULT_MIN_PERCENT
) -> list[CoverageRow]:
    return [r for r in rows if r.percent < minimum]


def format_table(rows: list[CoverageRow]) -> str:
    width = max(len("catalogue"), *(len(r.catalogue) for r in rows))
    lines = [f"{'catalogue':<{width}}  {'msgids':>6}  {'translated':>10}  {'percent':>7}"]
    lines.append("-" * len(lines[0]))
    for row in [*rows, None, total_row(rows)]:
        if row is None:
            lines.append("-" * len(lines[0]))
            continue
        lines.append(
            f"{row.catalogue:<{width}}  {row.msgids:>6}  {row.translated:>10}  {row.percent:>6.1f}%"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- command line


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="build", choices=["build", "coverage"])
    parser.add_argument(
        "--min",
        type=float,
        default=DEFAULT_MIN_PERCENT,
        metavar="PERCENT",
        help=f"coverage: fail below this percentage per catalogue (default {DEFAULT_MIN_PERCENT:g})",
    )
    parser.add_argument("--json", action="store_true", help="coverage: print JSON")
    args = parser.parse_args(argv)

    try:
        if args.command == "build":
            for domain, result in build().items():
                po_path, mo_path = output_paths(domain)
                print(
                    f"{po_path.relative_to(HERE)}: {result['translated']}/{result['entries']} "
                    f"translated from {result['parts']} part(s); wrote {mo_path.name}"
                )
            return 0

        rows = coverage()
        failing = below_threshold(rows, args.min)
        if args.json:
            print(
                json.dumps(
                    {
                        "catalogues": [r.as_dict() for r in rows],
                        "total": total_row(rows).as_dict(),
                        "min": args.min,
                        "below_min": [r.catalogue for r in failing],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            print(format_table(rows))
            if failing:
                print(
                    f"\nBelow {args.min:g}%: "
                    + ", ".join(f"{r.catalogue} ({r.percent:.1f}%)" for r in failing)
                )
        return 1 if failing else 0
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
