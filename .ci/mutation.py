"""Mutation testing of the rule modules (`make mutation`), with mutmut 3.

Each group below is run on its own: its modules are mutated and only its room's tests are run
against them (mutmut then runs, for each mutant, only the tests that call the mutated function).
A group is a separate mutmut run in its own `mutants/` copy, in a child process, so that one
group's Django setup and mutated imports never leak into the next.

    python .ci/mutation.py                 # every group
    python .ci/mutation.py text signing    # some groups
    python .ci/mutation.py --list

Prints killed/survived/total per group and the survivors (`mutmut show NAME` in the mutants'
directory prints a survivor's diff); writes the same to artifacts/mutation/<group>.txt.
Run it niced (`make mutation` does): it keeps the CPUs busy for a long time.

Each group's mutants and verdicts are kept in .mutation-cache/<group>/ between runs: an
interrupted run goes on where it stopped, and a later run re-tests only the survivors (against
the tests as they are now: mutmut collects the new tests' coverage) and the mutants of changed
code. `--fresh` starts a group from nothing.

The verdicts also outlive the cache (a clean clone has none): .ci/mutation-verdicts/<group>.json,
committed, holds each judged mutant's exit code with the hash of the function it mutates. A run
without a cache takes a recorded kill as given while that function is unchanged (mutmut hashes
each function); every other mutant, survivors included, is judged again. `--fresh` ignores the
record too. `--record` writes the record of the group now in mutants/ (a run that was stopped).
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".mutation-cache"
MUTANTS = ROOT / "mutants"
GROUP_MARK = ".mutation-group"  # in mutants/: which group's run it holds
FINGERPRINT = ".mutation-sources"  # in mutants/: the hash of the modules it mutated
VERDICTS = ROOT / ".ci" / "mutation-verdicts"  # <group>.json: {mutant: [function hash, exit code]}
FRESH_MARK = ".mutation-fresh"  # in mutants/: judge every mutant, ignore the record
POSTGRES_TEMPLATE = "mutation_template"  # with MUTATION_DATABASE_URL: the database copied
T = "tests/exemplar_stories/"

# group: (modules to mutate, the tests that judge them)
GROUPS = {
    "text": (["exemplar_stories/core/text.py"], [T + "core"]),
    "signing": (["exemplar_stories/syndication/signing.py"], [T + "syndication/test_signing.py"]),
    # Authorization in two groups, each judged by the tests of what it decides: who may act on
    # a story and when it may go live (unit scoping, four-eyes), and the admin's gates
    # (registrations by role, Office-only screens, declared list filters).
    "access": (
        ["exemplar_stories/access/stories.py", "exemplar_stories/access/roles.py"],
        [
            T + "access",
            T + "editorial/test_workflow.py",
            T + "models/test_pages.py",
            T + "duty/test_alerts.py",  # the Office's addresses (roles.office_emails)
            T + "consent",  # check_may_go_live gives the consent as the reason
        ],
    ),
    "access_admin": (
        ["exemplar_stories/access/admin.py", "exemplar_stories/access/registrations.py"],
        [
            T + "access/test_list_lookups.py",
            T + "access/test_registration_roles.py",
            T + "registrations/test_registrations.py",
            T + "duty/test_views.py",
            T + "syndication/test_admin.py",
        ],
    ),
    "duty": (
        ["exemplar_stories/duty/selectors.py"],
        [T + "duty/test_selectors.py", T + "duty/test_alerts.py"],
    ),
    "workflow": (
        ["exemplar_stories/models/workflow.py"],
        # The task also asks the consent (consent_covers): its tests judge that part.
        [T + "editorial/test_workflow.py", T + "access/test_four_eyes.py", T + "consent"],
    ),
    "search": (
        [
            "exemplar_stories/public/search.py",
            "exemplar_stories/public/filters.py",
            "exemplar_stories/public/selectors.py",
        ],
        # Every public test but Varnish's (a server of its own): the listing's counts, the
        # related stories and the feeds' search are the selectors' too.
        [
            T + "public/" + name
            for name in (
                "test_search_relevance.py",
                "test_search_index.py",
                "test_search_engine.py",
                "test_search_backends.py",
                "test_filters.py",
                "test_listing.py",
                "test_public_version.py",
                "test_http_cache.py",
                "test_page_cache.py",
                "test_feeds.py",
            )
        ],
    ),
    "outbox": (
        ["exemplar_stories/syndication/outbox.py", "exemplar_stories/syndication/services.py"],
        [T + "syndication"],
    ),
    "yearly_review": (["exemplar_stories/yearly_review/selectors.py"], [T + "yearly_review"]),
    "spreadsheets": (
        ["exemplar_stories/registrations/spreadsheets.py"],
        # A former unit named as the export writes it ("… (nay là …)") is read back.
        [
            T + "registrations",
            T + "access/test_successor_units.py",
            T + "access/test_registration_roles.py",  # the statuses an editor may import
        ],
    ),
}

# Mutants judged side by side: each pytest session copies a database migrated once by this
# script (tests/conftest.py, django_db_modify_db_settings) and reuses it (--reuse-db), so a
# mutant costs seconds, not a migration, and a test that flushes empties only its own copy.
MAX_CHILDREN = os.environ.get("MUTATION_JOBS", str(os.cpu_count() or 1))


# A mutant's test that runs this many times its measured duration (plus the grace) has hung:
# it fails there. mutmut's own limit counts CPU seconds (30 times the whole selection's), and a
# lane waiting on a socket or a loop that never ends spends hours below it.
OVERRUN_FACTOR = 10
OVERRUN_GRACE = 60  # seconds: a loaded machine, a first query


class Overran(Exception):
    pass


def _deadline(durations):
    """A pytest plugin: each test's call gets a wall-clock deadline from its measured duration;
    past it the test fails (so the mutant counts as killed, as mutmut counts a timeout)."""
    import signal

    import pytest

    def overran(signum, frame):
        raise Overran(f"over {OVERRUN_FACTOR} times its measured duration: the mutant hangs it")

    class Deadline:
        @pytest.hookimpl(wrapper=True)
        def pytest_runtest_call(self, item):
            limit = OVERRUN_GRACE + OVERRUN_FACTOR * durations.get(item.nodeid, 0.0)
            previous = signal.signal(signal.SIGALRM, overran)
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                return (yield)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)

    return Deadline()


def _fastest_tests_first():
    """mutmut hands a mutant's tests over in set order and stops at the first failure (-x): in
    the order of their measured durations, a killed mutant costs its quickest failing test, not
    whichever slow admin walk came first. Each test has a deadline too (`_deadline`)."""
    from mutmut.runners.harness import PytestRunner
    from mutmut.state import state
    from mutmut.utils.file_utils import change_cwd

    def ordered(self, *, mutant_name, tests):
        durations = state().duration_by_test
        tests = sorted(tests, key=lambda t: (durations[t], t))
        with change_cwd("mutants"):
            args = self._pytest_args_regular_run(tests)
            return int(self.execute_pytest(args, plugins=[_deadline(durations)]))

    PytestRunner.run_tests = ordered


def _function_of(key):
    """exemplar_stories.syndication.services.x__record__mutmut_11 -> x__record"""
    return key.rsplit("__mutmut_", 1)[0].rsplit(".", 1)[1]


def _kills(code):
    from mutmut.stats import status_by_exit_code

    return status_by_exit_code[code] in ("killed", "timeout")


def _take_recorded_kills(name):
    """Wrap mutmut's loading of its stats, which comes after the mutants are generated and may
    reset every verdict (a changed test selection does): a mutant of an unchanged function
    that a past run killed is then marked killed, so only the rest is judged."""
    from mutmut import __main__ as mutmut_main
    from mutmut.__main__ import SourceFileMutationData
    from mutmut.utils.file_utils import walk_mutatable_files

    record_file = VERDICTS / f"{name}.json"
    if (MUTANTS / FRESH_MARK).exists() or not record_file.exists():
        return
    record = json.loads(record_file.read_text())
    collect_or_load_stats = mutmut_main.collect_or_load_stats

    def load_then_take(*args, **kwargs):
        stats = collect_or_load_stats(*args, **kwargs)
        taken = 0
        for path in walk_mutatable_files():
            if not (MUTANTS / (str(path) + ".meta")).exists():
                continue
            data = SourceFileMutationData(path=path)
            data.load()
            for key, code in data.exit_code_by_key.items():
                recorded = record.get(key)
                if code is not None or recorded is None:
                    continue
                function_hash, recorded_code = recorded
                if data.hash_by_function_name.get(_function_of(key)) == function_hash and _kills(
                    recorded_code
                ):
                    data.exit_code_by_key[key] = recorded_code
                    taken += 1
            data.save()
        print(f"{name}: {taken} kills taken from {record_file.relative_to(ROOT)}", flush=True)
        return stats

    mutmut_main.collect_or_load_stats = load_then_take


def record_verdicts():
    """Write the verdicts of the group in mutants/ to .ci/mutation-verdicts/<group>.json."""
    from mutmut.__main__ import SourceFileMutationData

    name = (MUTANTS / GROUP_MARK).read_text().strip()
    record_file = VERDICTS / f"{name}.json"
    old = json.loads(record_file.read_text()) if record_file.exists() else {}
    record = {}  # the mutants of the modules as they are: a removed or changed function's go
    os.chdir(ROOT)
    for module in GROUPS[name][0]:
        if not (MUTANTS / (module + ".meta")).exists():
            continue
        data = SourceFileMutationData(path=Path(module))
        data.load()
        for key, code in data.exit_code_by_key.items():
            function_hash = data.hash_by_function_name.get(_function_of(key))
            if not function_hash:
                continue
            if code is not None:
                record[key] = [function_hash, code]
            elif old.get(key, [None])[0] == function_hash:
                record[key] = old[key]  # not judged in this run: the earlier verdict stands
    VERDICTS.mkdir(exist_ok=True)
    lines = [
        f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(value)}"
        for key, value in sorted(record.items())
    ]
    record_file.write_text("{\n" + ",\n".join(lines) + "\n}\n")  # a mutant a line: small diffs
    print(f"{name}: {len(record)} verdicts in {record_file.relative_to(ROOT)}", flush=True)


def run_group_in_this_process(name):
    """Child: one mutmut run, its configuration narrowed to the group."""
    from mutmut import __main__ as mutmut_main
    from mutmut import configuration

    modules, tests = GROUPS[name]
    config = configuration.config()
    config.only_mutate = modules
    config.pytest_add_cli_args_test_selection = tests
    config.pytest_add_cli_args = [*config.pytest_add_cli_args, "--reuse-db"]
    _fastest_tests_first()
    _take_recorded_kills(name)
    # A resumed group: the survivors are judged again, by the tests as they are now.
    mutmut_main._reset_mutant_results(lambda _key, exit_code: exit_code == 0)
    mutmut_main._run([], int(MAX_CHILDREN))

    from mutmut.__main__ import SourceFileMutationData
    from mutmut.stats import status_by_exit_code
    from mutmut.utils.file_utils import walk_mutatable_files

    results = {}
    for path in walk_mutatable_files():
        data = SourceFileMutationData(path=path)
        data.load()
        for key, code in data.exit_code_by_key.items():
            results[key] = status_by_exit_code[code]
    (ROOT / "mutants" / "results.json").write_text(json.dumps(results, indent=1))


def _park_mutants():
    """Put a left-over mutants/ (a run that was stopped) back in its group's cache."""
    mark = MUTANTS / GROUP_MARK
    if mark.exists():
        target = CACHE / mark.read_text().strip()
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(MUTANTS), str(target))
    shutil.rmtree(MUTANTS, ignore_errors=True)


def _fingerprint(name):
    """The group's mutated modules as they are now: a cached run of other code is not reused."""
    digest = hashlib.sha256()
    for module in GROUPS[name][0]:
        digest.update((ROOT / module).read_bytes())
    return digest.hexdigest()


def _resume(name):
    """Bring back the group's cache if its modules are unchanged, with every other file of the
    plugin refreshed (mutmut copies a file into mutants/ only when it is missing there)."""
    cached = CACHE / name
    if not (cached / FINGERPRINT).exists():
        return False
    if (cached / FINGERPRINT).read_text() != _fingerprint(name):
        return False
    shutil.move(str(cached), str(MUTANTS))
    mutated = {ROOT / module for module in GROUPS[name][0]}
    for source in (ROOT / "exemplar_stories").rglob("*"):
        if source.is_file() and source not in mutated and "__pycache__" not in source.parts:
            target = MUTANTS / source.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return True


def _migrate(database_url, env):
    """The database every mutant's session copies: migrated once, never written by a test."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "DATABASE_URL": database_url},
        check=True,
    )


def _maintenance(server_url):
    """A connection to the server's maintenance database, outside any transaction."""
    import psycopg

    parts = urlsplit(server_url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        dbname="postgres",
        autocommit=True,
    )


def _postgres(sql, server_url, params=None):
    """One statement on the maintenance database (CREATE/DROP DATABASE); its rows."""
    with _maintenance(server_url) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _template_database(env):
    """SQLite by default: a file in mutants/. With MUTATION_DATABASE_URL (postgres://…), a
    database on that server, so that PostgreSQL's own paths (the search index's SQL, the
    outbox's row locks) are judged too; each session copies it (CREATE DATABASE … TEMPLATE)."""
    server_url = os.environ.get("MUTATION_DATABASE_URL")
    if not server_url:
        template = MUTANTS / "test-db.sqlite3"
        template.unlink(missing_ok=True)
        _migrate(f"sqlite:///{template}", env)
        env.pop("DATABASE_URL", None)
        return {**env, "MUTATION_TEST_DATABASE": str(template)}
    name = POSTGRES_TEMPLATE
    _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', server_url)
    _postgres(f'CREATE DATABASE "{name}"', server_url)
    _migrate(urlunsplit(urlsplit(server_url)._replace(path=f"/{name}")), env)
    # The sessions' own connection names the maintenance database: nobody ever connects to the
    # template, which PostgreSQL requires of a database it copies.
    maintenance = urlunsplit(urlsplit(server_url)._replace(path="/postgres"))
    return {**env, "DATABASE_URL": maintenance, "MUTATION_TEST_DATABASE": name}


def _drop_leftover_copies():
    """A session killed mid-run (a timeout, a spin stopped by hand) never drops its copy of the
    template database: drop them all once the group is done."""
    for leftover in MUTANTS.glob("test-db.sqlite3.*"):
        leftover.unlink(missing_ok=True)
    server_url = os.environ.get("MUTATION_DATABASE_URL")
    if not server_url:
        return
    names = _postgres(
        "SELECT datname FROM pg_database WHERE datname LIKE %s",
        server_url,
        (POSTGRES_TEMPLATE.replace("_", r"\_") + r"\_%",),
    )
    for (leftover,) in names:
        _postgres(f'DROP DATABASE IF EXISTS "{leftover}" WITH (FORCE)', server_url)


def run_group(name, fresh=False):
    _park_mutants()
    resumed = not fresh and _resume(name)
    shutil.rmtree(CACHE / name, ignore_errors=True)
    MUTANTS.mkdir(exist_ok=True)
    (MUTANTS / GROUP_MARK).write_text(name)
    (MUTANTS / FINGERPRINT).write_text(_fingerprint(name))
    (MUTANTS / "results.json").unlink(missing_ok=True)
    if fresh:
        (MUTANTS / FRESH_MARK).write_text("")
    print(
        f"{name}: {'resumed from' if resumed else 'new run, cached in'} {CACHE / name}", flush=True
    )
    env = _template_database({**os.environ})
    child = subprocess.run(
        [sys.executable, __file__, "--child", name],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    log = child.stdout
    _drop_leftover_copies()
    if child.returncode == 0:
        record_verdicts()
    try:
        results = json.loads((ROOT / "mutants" / "results.json").read_text())
    except FileNotFoundError:
        print(log[-3000:])
        raise SystemExit(f"{name}: mutmut failed (exit {child.returncode})") from None
    killed = sum(1 for s in results.values() if s in ("killed", "timeout"))
    survivors = sorted(k for k, s in results.items() if s not in ("killed", "timeout"))
    total = len(results)
    score = 100 * killed / total if total else 100.0
    lines = [f"{name}: {killed} killed, {len(survivors)} survived, {total} total ({score:.1f}%)"]
    lines += [f"    {key}: {results[key]}" for key in survivors]
    report = "\n".join(lines)
    out = ROOT / "artifacts" / "mutation"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.txt").write_text(report + "\n\n" + log[-20000:])
    print(report, flush=True)
    return score


def main(argv):
    if argv[:1] == ["--child"]:
        os.chdir(ROOT)
        return run_group_in_this_process(argv[1])
    if argv[:1] == ["--record"]:
        return record_verdicts()
    if argv[:1] == ["--list"]:
        for name, (modules, tests) in GROUPS.items():
            print(f"{name}: {' '.join(modules)}  <-  {' '.join(tests)}")
        return None
    fresh = "--fresh" in argv
    argv = [arg for arg in argv if arg != "--fresh"]
    names = argv or list(GROUPS)
    unknown = set(names) - set(GROUPS)
    if unknown:
        raise SystemExit(f"unknown groups: {', '.join(sorted(unknown))} (see --list)")
    scores = {name: run_group(name, fresh) for name in names}
    low = [name for name, score in scores.items() if score < 90]
    if low:
        raise SystemExit(f"below 90% killed: {', '.join(low)}")
    return None


if __name__ == "__main__":
    main(sys.argv[1:])
