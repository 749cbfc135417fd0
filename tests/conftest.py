import copy
import functools
import inspect
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

# the kept generated corpora (kept_corpora.py); generated and samples_generated are imported from here by tests too
from kept_corpora import corpus_cache, generated, keep_built, kept_corpus, samples_generated  # noqa: F401
from quick_tier import QUICK_DEAREST, QUICK_EVERY_CASE

from scanner.plan import DEFAULT_PLAN, load_plan
from scanner.template import DEFAULT_TEMPLATE, load_template

ROOT = Path(__file__).resolve().parent.parent

# pytest rewrites each test file's asserts when it imports it, and keeps the result in tests/__pycache__ unless
# bytecode is not to be written: where PYTHONDONTWRITEBYTECODE is set (the project's machines set it) every worker
# of every run rewrote every test file afresh: collecting the suite cost each process 7.3-8.3 CPU s, 3.0 with the
# rewritten files kept (`pytest --collect-only -q`, issue 26). Kept, as `./run setup` keeps the toolkit's own
# compiled modules; a file edited since is rewritten (pytest checks its size and time). Only this process: the scans
# a test starts as programs still follow the environment.
sys.dont_write_bytecode = False


# The slow tier (`./run test-quick` leaves it out): whole scans of generated stacks, the browser, the wheel.
# Named here rather than in each file, so a test file's own edits never fight over a decorator; a test is slow
# when its file, its name or one of its fixtures is listed.
SLOW_FILES = {"test_artefacts.py", "test_batch.py", "test_batch_rescan.py", "test_booklet.py", "test_faults.py",
              "test_pip_only.py", "test_report_docx.py", "test_review_browser.py", "test_review_survey.py",
              "test_review_taken.py",
              "test_second_questionnaire.py", "test_sweep.py"}
SLOW_TESTS = {
    "test_real_form_builds_prints_and_reads", "test_a_tall_grid_reads_back_without_silent_errors",
    "test_wide_and_long_rosters_read_back_against_the_truth", "test_filled_rosters_read_back_into_records_with_their_rows",
    "test_scanned_roster_rows_that_answer_a_skipped_cell_go_to_review", "test_filled_forms_read_back_against_the_truth",
    "test_scanned_sheets_that_answer_a_skipped_question_go_to_review",
    "test_real_forms_conditions_are_read_and_mostly_put_into_words", "test_same_seed_same_corpus_whatever_the_jobs",
    "test_workbook_and_report_name_the_tools",
    # whole scans and merges on both engines, several stations at once, generated corpora read back (issue 26:
    # 130 of the quick tier's 247 CPU s); the full suite keeps every one of them
    "test_eight_districts_merge_into_one_count", "test_three_stations_two_reviewers_and_an_importer_equal_a_serial_run",
    "test_a_killed_station_resumes_from_another", "test_samples_give_the_same_records_on_both_engines",
    "test_no_silent_errors", "test_digit_grids_go_to_review_no_more_than_the_checkboxes",
    "test_long_lists_read_back_without_silent_errors",
    "test_a_real_cascade_longer_than_a_page_continues_in_the_forms_language",
    # the README's main job end to end on the bundled 80 pages, on both engines (26-34 CPU s, the quick tier's
    # largest file); the quick tier still scans, reviews and exports in smaller tests
    "test_main_job_on_samples", "test_a_scan_large_enough_warms_the_sides_in_its_own_process_before_forking",
    # a real Chromium driven by keyboard, on both engines (10.6 of test_review.py's 26.8 CPU s), as the browser
    # tests of test_review_browser.py are; the server's rules stay quick in the same file
    "test_reviewer_settles_items_by_keyboard", "test_a_reused_serial_is_settled_by_keyboard_in_chromium",
    # an XLSForm built, printed, filled, scanned and read back (5.7 and 6.5 CPU s); the same builds' layouts
    # are checked in the quick tier
    "test_a_member_over_two_pages_is_read_back_with_no_silent_error",
    "test_a_list_longer_than_a_page_in_a_member_goes_on_over_pages_and_is_read",
    # issue 26 (i26i): the quick tier's dearest tests, 2.3-11.7 CPU s each on the loaded machine, 64 CPU s of its
    # 246: reading sweeps of many drawn sides (light pencil, photos folded or shaded, textured paper, bleed at two
    # registers and strengths), real forms loaded whole (UNHCR's, S3M's online form, Arabic printed and read), the
    # report's DOCX, a workbook written twice for its bytes, a side drawn and read twice. Every one stays in the full
    # suite; the quick tier still reads pencil, photos, bleed and textured paper in the smaller tests of those files
    "test_light_pencil_read_against_its_own_page", "test_folded_photo_read_without_a_reviewer",
    "test_shaded_photo_read_without_a_reviewer", "test_a_textured_paper_sends_no_more_to_review_than_plain_paper",
    "test_a_back_printed_far_off_register_is_found_and_taken_out",
    "test_both_sides_read_right_with_their_backs_showing_through",
    "test_an_own_number_written_without_a_space_is_the_labels_own",
    "test_every_go_to_section_of_the_online_form_exists", "test_a_real_arabic_form_prints_and_is_read_back",
    "test_report_sample_section_lists_each_block_and_organisation", "test_same_data_same_bytes",
    "test_a_side_rendered_once_and_numbered_reads_as_the_printed_form",
    "test_paper_google_and_kobo_answers_export_as_odk_stores_them",
    # and the next (1.5-3.9 CPU s each), the quick tier's files keeping their smaller tests
    "test_workbook_dates_are_dates_and_formula_text_is_guarded_by_style",
    "test_a_scanned_page_saved_as_jpeg_reads_as_it_does_in_its_pdf",
    "test_a_pencil_correction_half_kept_by_a_1_bit_scan_is_never_the_answer",
    "test_a_portuguese_form_prints_the_portuguese_frame_and_conditions", "test_a_light_pencil_on_a_bolder_copy_is_read",
} | QUICK_DEAREST
SLOW_FIXTURES = {"mixed_corpus", "mixed_scanned", "stack200", "stack80"}


# The store's test set runs on both engines: every test of these files that opens a store (its source, or a
# fixture's it asks for, names a store) runs once on an SQLite file and once on a fresh database of this worker's
# PostgreSQL cluster. Stores opened from a test's SQLite path, in this process, land on the server instead
# (see `store_engine`); the tests themselves are not edited. Slow files and those that inspect the SQLite file
# itself (copies it, opens it with sqlite3, fills the disk) stay on SQLite; test_store.py asks for both itself.
# SURVEY_TEST_ENGINES=sqlite runs them on one engine only (a quick local check; CI runs both).
BOTH_ENGINES = {"test_digit_grids.py", "test_e2e.py", "test_export_stats.py", "test_kinds.py", "test_online.py",
                "test_online_answers.py", "test_online_downloads.py", "test_online_other.py", "test_online_repeats.py",
                "test_online_shapes.py", "test_online_tools.py", "test_province.py", "test_review.py",
                "test_review_digits.py", "test_review_limits.py", "test_review_online.py", "test_roster.py", "test_roster_logic.py",
                "test_scan_lines.py", "test_skip_logic.py", "test_store_rows.py", "test_transcription_rules.py",
                "test_validate.py", "test_windows_files.py", "test_review_server.py", "test_tally_report.py",
                "test_cli.py"}
# the engines this run puts stores on; `./run test-quick` sets sqlite alone, and then no test starts PostgreSQL
ENGINES = [e.strip() for e in os.environ.get("SURVEY_TEST_ENGINES", "sqlite,postgresql").split(",") if e.strip()]
SQLITE_ONLY_TESTS: set[str] = {"test_the_page_shows_the_refusal_and_shift_enter_keeps_the_value_knowingly"}
_NAMES_A_STORE = ("Store(", "--db", '.db"', "ReviewApp(", "_db")


@functools.cache
def _source(func) -> str:
    """A function's source, read once: a parametrized test or a shared fixture is asked about once per test
    at collection, and each `inspect.getsource` tokenizes the function again (a few CPU s per xdist worker)."""
    try:
        return inspect.getsource(func)
    except (OSError, TypeError):
        return ""


def _opens_a_store(metafunc) -> bool:
    funcs = [metafunc.function]
    for defs in metafunc.definition._fixtureinfo.name2fixturedefs.values():
        funcs += [d.func for d in defs if d.baseid]  # the test files' own fixtures, not pytest's
    return any(n in _source(f) for f in funcs for n in _NAMES_A_STORE)


def pytest_generate_tests(metafunc):
    if (metafunc.definition.path.name in BOTH_ENGINES and metafunc.function.__name__ not in SQLITE_ONLY_TESTS
            and "store_engine" in metafunc.fixturenames and _opens_a_store(metafunc)):
        metafunc.parametrize("store_engine", ENGINES, indirect=True)


@pytest.fixture(autouse=True)
def ctrl_c_left_alone():
    """A test that leaves Ctrl-C ignored or blocked in the test process passes that on to every scan it starts
    later (a child inherits both), which then cannot be interrupted: name the test that did it."""
    import signal

    def state():
        masked = hasattr(signal, "pthread_sigmask") and signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])
        return signal.getsignal(signal.SIGINT), masked

    before = state()
    yield
    assert state() == before, f"this test changed how Ctrl-C is handled: {before} -> {state()}"


@pytest.fixture(autouse=True)
def store_engine(request):
    """The engine this test's stores use. On PostgreSQL, a store opened at a file path that does not exist (yet)
    opens a fresh database instead, the same one each time the test names that path; a file that exists (a
    module's fixture built it, or a `scan` run as another process) stays SQLite. Each database is dropped after
    the test."""
    engine = getattr(request, "param", "sqlite")
    if hasattr(request, "param") and os.environ.get("SURVEY_TEST_READ_ONCE", "1") != "0":
        _pages_read_once_per_engine_pair(request, engine)
    if engine == "sqlite":
        yield engine
        return
    from scanner.store import core
    from scanner.store.engine import is_server

    server = request.getfixturevalue("pg_server")
    real_init = core.Store.__init__
    databases: dict[str, str] = {}

    def on_server(self, path, create=True):
        if not is_server(path):
            key = str(Path(path).resolve())
            if key not in databases and not Path(path).exists():
                if not create:  # a command that only reads: no database is made for it, as on SQLite
                    return real_init(self, path, create)
                databases[key] = server.migrated_url()
            path = databases.get(key, path)
        real_init(self, path, create)

    request.getfixturevalue("monkeypatch").setattr(core.Store, "__init__", on_server)
    yield engine
    for url in databases.values():
        server.drop(url)


# A test of the store's set runs on both engines, and its PostgreSQL copy scanned the very pages its SQLite copy had
# just scanned: the same files, the same template, the same test with the same fixtures and patches, so the same
# readings (a page is read without the store: pipeline.read_page). What the second copy is for is the store, so it is
# given the first copy's readings: each page the SQLite copy reads in this process or in the scan's forked workers
# is kept (pickled, as a worker already sends it to the scan) under the test, the page (its file's sha, its index,
# its bytes) and the template file's bytes; the PostgreSQL copy's scan takes a kept reading where there is one and
# reads the page itself where there is none (a page the first copy did not read, a spawned worker, a test run on
# PostgreSQL alone). Every store write, query, export and assertion of that copy runs on PostgreSQL as before.
# SURVEY_TEST_READ_ONCE=0 has each copy read its pages itself (to compare the two).
_READ_MEMO = "pages-read-by-the-sqlite-copy"


def _pages_read_once_per_engine_pair(request, engine: str) -> None:
    import hashlib
    import pickle

    from scanner import batch

    spec = getattr(request.node, "callspec", None)
    if spec is None or engine not in ("sqlite", "postgresql"):
        return
    others = "-".join(part for part in spec.id.split("-") if part != engine)
    test = f"{request.node.path}::{getattr(request.node, 'originalname', request.node.name)}[{others}]"
    base = request.getfixturevalue("tmp_path_factory").getbasetemp()
    folder = base / _READ_MEMO / hashlib.sha256(test.encode()).hexdigest()[:24]
    folder.mkdir(parents=True, exist_ok=True)
    real = batch.read_page
    templates: dict[tuple[str, int, int], str] = {}

    def key(src, template) -> str | None:
        try:
            st = os.stat(template.source)
        except (OSError, TypeError):
            return None
        at = (str(template.source), st.st_mtime_ns, st.st_size)
        if at not in templates:
            templates[at] = hashlib.sha256(Path(template.source).read_bytes()).hexdigest()
        data = hashlib.sha256(src.data).hexdigest() if src.data is not None else "-"
        return hashlib.sha256(f"{src.file_sha}:{src.index}:{src.fmt}:{data}:{src.error}:{templates[at]}"
                              .encode()).hexdigest()[:32]

    def read_page(src, template, *args, **kwargs):
        name = key(src, template) if not args and not kwargs else None
        kept = folder / f"{name}.pickle" if name else None
        if kept is not None and engine == "postgresql" and kept.is_file():
            return pickle.loads(kept.read_bytes())
        got = real(src, template, *args, **kwargs)
        if kept is not None and engine == "sqlite":
            partial = folder / f".{name}.{os.getpid()}"
            partial.write_bytes(pickle.dumps(got))
            partial.replace(kept)
        return got

    request.getfixturevalue("monkeypatch").setattr(batch, "read_page", read_page)


# Every ReviewApp starts its pictures' warm-up thread when it is built; a server's shutdown closes the app and joins
# it, but a test that calls an app's methods without serving it left the thread waiting, idle, until the worker
# ended (one more for every such test). Each app a test (or its function-scoped fixtures) built is closed when the
# test ends, before its databases are dropped (store_engine, set up before this); an app a module's fixture built
# is closed at the end of the run. Closing twice (after a server's shutdown) does nothing more.
_APPS: list = []


@pytest.fixture(scope="session", autouse=True)
def _review_apps_recorded():
    from scanner.review.app import ReviewApp

    real = ReviewApp.__init__

    def recorded(self, *args, **kwargs):
        real(self, *args, **kwargs)
        _APPS.append(self)

    ReviewApp.__init__ = recorded
    yield
    ReviewApp.__init__ = real
    while _APPS:
        _APPS.pop().close()


@pytest.fixture(autouse=True)
def review_apps_closed(_review_apps_recorded):
    """The warm-up thread of each ReviewApp built for this test ends with the test (see _APPS)."""
    start = len(_APPS)
    yield
    close_review_apps(start)


def close_review_apps(start: int) -> None:
    """Closes every ReviewApp built since _APPS held `start` of them (what review_apps_closed does as a test ends)."""
    made = _APPS[start:]
    del _APPS[start:]
    for app in made:
        app.close()


_DRIVES_A_BROWSER = ("chromium()", "sync_playwright")


def _drives_a_browser(item) -> bool:
    """A test that drives a real Chromium (tests/review_support.chromium): the slow tier, as the README says; the
    review server's own rules stay quick."""
    func = getattr(item, "function", None)
    return func is not None and any(n in _source(func) for n in _DRIVES_A_BROWSER)


def pytest_collection_modifyitems(config, items):
    cases_seen: set[tuple] = set()
    for item in items:
        name = getattr(item, "originalname", item.name)
        if (item.path.name in SLOW_FILES or name in SLOW_TESTS
                or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or _drives_a_browser(item)
                or _a_later_case(item, cases_seen)):
            item.add_marker(pytest.mark.slow)


# The quick tier runs each test once (issue 26, s23; tests/quick_tier.py says why and what it costs): a
# parametrized test's first case in collection order, unless QUICK_EVERY_CASE names it; the later cases are the slow
# tier's, which the full suite runs whole. The engine a store test runs on is no case: each engine keeps its first.
def _a_later_case(item, seen: set[tuple]) -> bool:
    spec = getattr(item, "callspec", None)
    name = getattr(item, "originalname", item.name)
    if spec is None or name in QUICK_EVERY_CASE:
        return False
    params = {k: v for k, v in spec.params.items() if k != "store_engine"}
    if not params:
        return False
    key = (str(item.path), getattr(item.cls, "__name__", ""), name, spec.params.get("store_engine"))
    if key in seen:
        return True
    seen.add(key)
    return False


# The dearest files, CPU s of the whole file and of its quick tier, as a clean clone's whole run measured them (u18:
# benchmarks/results/tests_cpu_issue26_u18.txt, `python -m benchmarks.testcpu DIR --weights`; test_booklet.py,
# test_faults.py and test_real_xlsforms_more.py less what u18 took off them; the order is what matters). With --dist
# loadfile a file runs whole in one worker and xdist hands files out in the order it gets them; by default it sorts
# them by their number of tests, most first, which sent the dearest files (few long tests: the wheel, the faults, the
# stations, the booklets) out last, so one worker ran the last of them while the other had nothing left. Handed out
# dearest first, the cheap files fill in around them and the two workers end together (u18's run with the weights
# before these: 480 and 498 CPU s; the same run's tests handed out by these weights: 489 and 489, simulated by
# `python -m benchmarks.testcpu DIR --schedule`). Files not named keep their order, after these.
FILE_CPU: dict[str, tuple[float, float]] = {
    "test_real_xlsforms_more.py": (125, 0), "test_faults.py": (95, 0), "test_real_xlsforms.py": (97, 0.3),
    "test_pip_only.py": (55, 0), "test_artefacts.py": (44, 0), "test_store.py": (39, 1.4),
    "test_province.py": (35, 2.9), "test_booklet.py": (17, 0), "test_second_questionnaire.py": (27, 0),
    "test_e2e.py": (20, 0), "test_scripts_print.py": (20, 5.3), "test_review_survey.py": (20, 0),
    "test_batch.py": (16, 0), "test_review.py": (15, 9.8), "test_copy_speckled_rings.py": (15, 1.4),
    "test_report_docx.py": (14, 0), "test_long_choice_lists.py": (13, 0.2), "test_digit_accuracy.py": (12, 0),
    "test_roster_logic.py": (11, 0.1), "test_corpus.py": (11, 0.6), "test_right_to_left.py": (9, 0.4),
    "test_forms_of_the_world.py": (9, 0.5), "test_roster.py": (9, 0.4), "test_online_tools.py": (9, 2.3),
    "test_page_relative_marks.py": (8, 1.3), "test_scripts_print_s17.py": (8, 4.1), "test_scripts.py": (8, 5.6),
    "test_skip_logic.py": (7, 0.8), "test_sweep.py": (7, 0), "test_online_review_b_s17.py": (7, 6.6),
    "test_bleed.py": (6, 2.8), "test_tally_report.py": (6, 1.6), "test_review_online.py": (5, 4.2),
    "test_review_browser_keys.py": (5, 0), "test_batch_rescan.py": (5, 0), "test_scan_lines.py": (5, 4.8),
    "test_long_lists.py": (5, 0.1), "test_mates_light_second_mark.py": (5, 0), "test_ingest_stream.py": (5, 4.5),
    "test_review_browser.py": (4, 0), "test_validate.py": (4, 2.1), "test_copies.py": (4, 4.1),
    "test_review_loose_pages.py": (4, 0), "test_recognition.py": (4, 2.3),
    # and the quick tier's other files of 2 CPU s or more, so that none of them is handed out last there
    "test_copy_local_blotch.py": (4, 3.5), "test_online_downloads.py": (3, 3.2), "test_vocab.py": (3, 2.9),
    "test_export_stats.py": (3, 2.8), "test_online_leftovers_s17.py": (3, 2.8), "test_review_server.py": (3, 2.1),
    "test_forms.py": (3, 2.6), "test_plainly_empty.py": (2, 2.4), "test_online.py": (2, 2.0),
    # weighed by its wall time, not its 3 CPU s: a stuck item's timeout and dead workers are waited for (about 12 s
    # on idle cores, `--durations`), so it goes out among the first files rather than near the end
    "test_batch_pool.py": (12, 12),
}


class _DearestFirst:
    @pytest.hookimpl(trylast=True)  # after `-m` and `-k` have deselected: a file is weighed by what will run of it
    def pytest_collection_modifyitems(self, items):
        slow = {it.path.name for it in items if it.get_closest_marker("slow")}
        weight = {name: cost[0] if name in slow else cost[1] for name, cost in FILE_CPU.items()}
        items.sort(key=lambda it: -weight.get(it.path.name, 0.0))  # stable: a file's tests, and the rest, as collected


def pytest_configure(config):
    config.pluginmanager.register(_DearestFirst(), "survey-dearest-first")
    if hasattr(config.option, "loadscopereorder"):  # pytest-xdist: keep that order (see FILE_CPU)
        config.option.loadscopereorder = False


# The real questionnaires of tests/data (65 XLSForms of others, the test KS24) are read by several tests each: the
# real-forms sweep builds every one, test_skip_logic reads every condition of every one, the right-to-left, cascade
# and trial tests build some again in other languages. pyxform's reading of a workbook is most of a build's cost
# (20.9 of the 24.7 CPU s that loading every real form takes), and what it returns depends only on the file's bytes
# and the name it was given. So within one run each such file is read once, by whichever test comes first, and
# kept in the run's shared folder; every later read, in any worker, is a fresh copy of that result (unpickled, so a
# caller may change it). A failed read is never kept, and a file outside tests/data (a test's own drawn form) is
# always read afresh.
_DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session", autouse=True)
def workbooks_read_once(tmp_path_factory):
    import hashlib
    import pickle

    from scanner import questionnaire

    real = questionnaire.read_workbook
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if "PYTEST_XDIST_WORKER" in os.environ else base) / "shared-workbooks"
    folder.mkdir(exist_ok=True)

    def read_workbook(path):
        p = Path(path)
        if not (p.is_file() and p.resolve().is_relative_to(_DATA)):
            return real(path)
        key = hashlib.sha256(str(p).encode() + b"\0" + p.read_bytes()).hexdigest()[:32]
        kept = folder / f"{key}.pickle"
        if kept.is_file():
            return pickle.loads(kept.read_bytes())
        book = real(path)
        partial = folder / f".{key}.{os.getpid()}"
        partial.write_bytes(pickle.dumps(book))
        partial.replace(kept)
        return book

    questionnaire.read_workbook = read_workbook
    yield
    questionnaire.read_workbook = real


# The bundled samples (samples/stack001_feeder.pdf, 80 pages) are read in this process by many files' tests: the
# wheel's full set-up, the province's first district, test_store's reference and both engines, the main job, and the
# review tests whose store benchmarks.review.build_store makes from them (benchmarks.testrepeats: in one whole run
# 13 tests read each of those pages, about 1,000 readings again, ~45 CPU s). A page's reading depends only on its
# bytes, the template and the code, so within one run each of those pages read by batch.read_page or
# pipeline.read_page with a given template (every field of it: a template changed in memory is another key) is kept
# in the run's shared folder by the first test that reads it, and a later test, in any worker, is given a copy
# (unpickled; the file's path is part of the key, as a reading names its file). A test that asks for `monkeypatch`
# (itself or through its fixtures) may be patching what the reader does: it neither takes nor keeps.
# Every scan still runs whole (files hashed, pages stored, sheets put together, reviews derived); only the reading
# of these 80 pages is shared. SURVEY_TEST_READ_ONCE=0 turns it off, as it does the engine pairs' memo above.
_SHARE_READINGS = {"now": False}


def pytest_runtest_setup(item):
    _SHARE_READINGS["now"] = "monkeypatch" not in getattr(item, "fixturenames", ())


@pytest.fixture(scope="session", autouse=True)
def samples_read_once(tmp_path_factory):
    import dataclasses
    import hashlib
    import pickle

    from scanner import batch
    from scanner.ingest import sha256_file

    if os.environ.get("SURVEY_TEST_READ_ONCE", "1") == "0":
        yield
        return
    samples = {sha256_file(p) for p in (ROOT / "samples").glob("*.pdf")}
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if "PYTEST_XDIST_WORKER" in os.environ else base) / "shared-sample-readings"
    folder.mkdir(exist_ok=True)
    from scanner import pipeline

    reals = {batch: batch.read_page, pipeline: pipeline.read_page}
    fields: dict[int, tuple[object, str]] = {}

    def template_key(template) -> str:
        kept = fields.get(id(template))
        if kept is None or kept[0] is not template:
            data = json.dumps(dataclasses.asdict(template), default=str, sort_keys=True)
            kept = fields[id(template)] = (template, hashlib.sha256(data.encode()).hexdigest())
        return kept[1]

    def kept_or(real):
        return lambda src, template, *args, **kwargs: read_page(real, src, template, *args, **kwargs)

    def read_page(real, src, template, *args, **kwargs):
        if args or kwargs or not _SHARE_READINGS["now"] or src.file_sha not in samples or src.data is None:
            return real(src, template, *args, **kwargs)
        key = hashlib.sha256(f"{src.file}:{src.file_sha}:{src.index}:{src.fmt}:{src.error}:{template_key(template)}:"
                             .encode() + src.data).hexdigest()[:32]
        kept = folder / f"{key}.pickle"
        if kept.is_file():
            return pickle.loads(kept.read_bytes())
        got = real(src, template)
        partial = folder / f".{key}.{os.getpid()}"
        partial.write_bytes(pickle.dumps(got))
        partial.replace(kept)
        return got

    for module, real in reals.items():
        module.read_page = kept_or(real)
    yield
    for module, real in reals.items():
        module.read_page = real


@pytest.fixture(scope="session")
def template():
    return load_template()


@pytest.fixture(scope="session")
def plan():
    return load_plan()


@pytest.fixture()
def raw_template():
    return copy.deepcopy(json.loads(DEFAULT_TEMPLATE.read_text(encoding="utf-8")))


@pytest.fixture()
def raw_plan():
    return copy.deepcopy(json.loads(DEFAULT_PLAN.read_text(encoding="utf-8")))


def shared_dir(tmp_path_factory, name: str, build: Callable[[Path], object], cache: Path | None = None) -> Path:
    """A folder built once per test run, however many xdist workers ask for it.

    Workers share the run's base folder: the first to take the lock builds the
    folder and marks it built; the others wait on the lock and read it. Tests
    only read it. With `cache` (a folder named by everything the build depends on, corpus_cache), a folder
    built by an earlier run is copied from there instead of built again, and a new build is kept there.
    """
    def build_or_copy(out: Path) -> None:
        if cache is not None and cache.is_dir():
            shutil.copytree(cache, out, dirs_exist_ok=True)
            return
        build(out)
        if cache is not None:
            keep_built(out, cache)

    if "PYTEST_XDIST_WORKER" not in os.environ:  # one process (-p no:xdist too, where xdist's worker_id is not)
        out = tmp_path_factory.mktemp(name)
        build_or_copy(out)
        return out
    out = tmp_path_factory.getbasetemp().parent / f"shared-{name}"
    built = Path(f"{out}.built")  # beside, not inside: a scan of the folder would see it
    with FileLock(f"{out}.lock"):
        if not built.exists():
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            build_or_copy(out)
            built.write_text("")
    return out


@pytest.fixture()
def corpus_kept(request) -> Callable[[str, str, Path, Callable[[], bool]], bool]:
    """Filled scans a test generates as its input, kept between runs as corpus_cache keeps the session's corpora:
    `use(name, recipe, corpus, make)` fills `corpus` from the kept copy whose recipe (what the generator was
    asked, and the bytes of the template it drew, a test's own build included) and code are the same, or runs
    `make()` (which generates into `corpus` and says whether it succeeded) and keeps what it made. The generator
    writes the same bytes for the same template, arguments and code (its seeds are its arguments), so a kept copy
    is what `make` would write; a change to scanner/, templates/ or the drawing libraries makes it anew. Without
    pytest's cache (-p no:cacheprovider) it always generates."""
    return functools.partial(kept_corpus, request.config)


@pytest.fixture(scope="session")
def mixed_corpus(request, tmp_path_factory, template, plan):
    """A small corpus through every scanning profile and file type, with its truth.

    Needless reviews at seeds 11-15 (benchmarks.accuracy.evaluate on this very draw): 7, 4, 16, 11, 19 of
    about 270 plain questions, of which 5, 0, 13, 8, 13 are pencil marks on the 1-bit pages (asked about on
    purpose) and 1, 1, 2, 2, 5 on pages other than 1-bit. Seed 12 is drawn here; the reader was tuned on
    seeds 21 and 22, and a silent error seen at seed 13 (a pencil correction on a 1-bit page) was mended.
    """
    from scanner.corpus.generate import generate

    return shared_dir(tmp_path_factory, "mixed",
                      lambda out: generate(template, plan, 18, 12, out, stack_size=3, cycle=True),
                      corpus_cache(request.config, "mixed", "18 12 stack_size=3 cycle=True"))


@pytest.fixture(scope="session")
def mixed_scanned(tmp_path_factory, mixed_corpus) -> tuple[Path, int]:
    """mixed_corpus scanned once per run, as `scan --jobs 2` does it, and its exit code: test_batch's duplicates and
    test_recognition's judged answers scanned the same corpus the same way, each into a store of its own (issue 26).
    Tests take a copy (review_support.copy_db)."""
    import sqlite3

    from scanner.cli import main

    def build(out: Path) -> None:
        code = main(["scan", str(mixed_corpus), "--db", str(out / "mixed.db"), "--quiet", "--jobs", "2"])
        con = sqlite3.connect(out / "mixed.db")  # all of it in the file itself, for copies made by other workers
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        (out / "exit_code").write_text(str(code))

    out = shared_dir(tmp_path_factory, "mixed-scanned", build)
    return out / "mixed.db", int((out / "exit_code").read_text())


@pytest.fixture(scope="session")
def stack200(request, tmp_path_factory, template, plan):
    """A 200-page scanner stack in a few PDFs, for resume and accounting tests."""
    from scanner.corpus.generate import generate

    return shared_dir(tmp_path_factory, "stack200",
                      lambda out: generate(template, plan, 50, 5, out, stack_size=13, profiles={"feeder": 1.0},
                                           kind="pdf", max_jpeg_quality=50),
                      corpus_cache(request.config, "stack200", "50 5 stack_size=13 feeder pdf q50"))


@pytest.fixture(scope="session")
def stack80(request, tmp_path_factory, template, plan):
    """An 80-page scanner stack in four PDFs: enough for a fault or a kill well inside a scan and a resume of
    several files, at two fifths of stack200's cost for every scan that reads it whole."""
    from scanner.corpus.generate import generate

    return shared_dir(tmp_path_factory, "stack80",
                      lambda out: generate(template, plan, 20, 5, out, stack_size=5, profiles={"feeder": 1.0},
                                           kind="pdf", max_jpeg_quality=50),
                      corpus_cache(request.config, "stack80", "20 5 stack_size=5 feeder pdf q50"))


_DRAWN: dict[str, tuple[Path, object]] = {}


def drawn_once(tmp_path_factory, name: str, draw: Callable[[Path], object]) -> tuple[Path, object]:
    """A folder `draw` fills (a form built, its filled sheets drawn) and what it returns, made once per pytest worker
    for the tests that ask by `name`. A test the store's test set runs on both engines drew the same pages twice
    (same form, same seed): now they are drawn once and each engine scans them (issue 26). Tests only read it."""
    if name not in _DRAWN:
        out = tmp_path_factory.mktemp(name)
        _DRAWN[name] = (out, draw(out))
    return _DRAWN[name]


def truth_of(corpus):
    from benchmarks.accuracy import load_truth

    return load_truth(corpus)


@pytest.fixture(scope="session")
def pg_server():
    """One throwaway PostgreSQL cluster for the session (tests/pgserver.py); each test takes a fresh database."""
    from pgserver import PgServer, available

    assert available(), "PostgreSQL is not installed: run ./run setup (it installs the distribution's postgresql)"
    server = PgServer()
    yield server
    server.stop()


@pytest.fixture(params=ENGINES)
def db_target(request, tmp_path):
    """Where a store test keeps its store: an SQLite file, then a database on the test's PostgreSQL server (SQLite
    only where the run is: the quick tier started a PostgreSQL cluster for two such tests, issue 26). As for the
    store's test set (store_engine), the PostgreSQL copy takes the SQLite copy's page readings: the samples' 80 pages
    were read three times by test_samples_give_the_same_records_on_both_engines (the reference, then each engine),
    benchmarks.testrepeats; each engine still scans, stores, exports and counts its reviews itself (issue 26, s22)."""
    if os.environ.get("SURVEY_TEST_READ_ONCE", "1") != "0":
        _pages_read_once_per_engine_pair(request, request.param)
    if request.param == "sqlite":
        return str(tmp_path / "survey.db")
    return request.getfixturevalue("pg_server").url()
