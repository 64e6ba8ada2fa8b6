"""`--self-test`: every check passes on a good installation and a broken one is reported."""
import io

import pytest

from app import selftest
from app.services import paths


@pytest.fixture(scope="module")
def full_run(qapp, tmp_path_factory):
    """The whole self-test, once for this module (it takes a few seconds)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("BUURTVERBINDER_HOME", str(tmp_path_factory.mktemp("profile")))
    out = io.StringIO()
    code = selftest.run_self_test(out)
    mp.undo()
    return code, out.getvalue()


@pytest.fixture
def test(tmp_path):
    st = selftest.SelfTest(tmp_path, io.StringIO())
    yield st
    st.close()


def test_all_checks_pass_and_are_listed(full_run):
    code, text = full_run
    assert code == 0, text
    for name in ("bundled files", "database created and migrated", "languages", "PDF",
                 "main window"):
        assert f"ok      {name}" in text
    from app.views import main_window

    tabs = 1 + len(main_window.STEP_PAGES) + len(getattr(main_window, "EXTRA_PAGES", []))
    assert f"{tabs} tabs built" in text
    assert text.rstrip().endswith("SELF-TEST PASSED")
    assert "persona cards" in text
    assert "FAILED" not in text


def test_it_leaves_no_trace_in_the_environment(full_run, monkeypatch):
    import os

    assert os.environ.get("QT_QPA_PLATFORM") == "offscreen"  # conftest's, restored
    assert "bv-selftest" not in os.environ["BUURTVERBINDER_HOME"]


def test_missing_translations_fail_with_a_reason(test, monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "translations_dir", lambda: tmp_path / "nowhere")
    assert not test.run("bundled files", test.check_files)
    assert not test.run("languages", test.check_languages)
    text = test.out.getvalue()
    assert "FAILED  bundled files" in text and "nowhere" in text
    assert "FAILED  languages" in text
    assert test.failures == ["bundled files", "languages"]


def test_a_missing_catalog_of_one_language_is_named(test, monkeypatch, tmp_path):
    real = paths.translations_dir()
    fake = tmp_path / "translations"
    for lang in ("nl", "fr", "en"):
        (fake / lang / "LC_MESSAGES").mkdir(parents=True)
        for mo in (real / lang / "LC_MESSAGES").glob("*.mo"):
            if not (lang == "fr" and mo.stem == "core"):
                (fake / lang / "LC_MESSAGES" / mo.name).write_bytes(mo.read_bytes())
    monkeypatch.setattr(paths, "translations_dir", lambda: fake)
    assert not test.run("languages", test.check_languages)
    assert "fr: missing catalogs core" in test.out.getvalue()


def test_an_untranslated_catalog_is_caught(test, monkeypatch):
    monkeypatch.setattr(selftest, "_probe", lambda mo: ("Overview", "Niet vertaald"))
    assert not test.run("languages", test.check_languages)
    assert "is not translated" in test.out.getvalue()


def test_the_pdf_check_needs_the_database_first(test):
    assert not test.run("PDF", test.check_pdf)
    assert "no database" in test.out.getvalue()


def test_a_failing_pdf_is_reported_with_its_reason(test, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OSError("disk on fire")

    monkeypatch.setattr("app.services.participation.cards.print_personas", broken)
    assert test.run("database", test.check_database)
    assert not test.run("PDF", test.check_pdf)
    assert "FAILED  PDF: OSError: disk on fire" in test.out.getvalue()


def test_the_persona_cards_of_the_demo_are_printed(test):
    from pypdf import PdfReader

    assert test.run("database", test.check_database)
    assert test.run("PDF", test.check_pdf)
    assert "persona cards" in test.out.getvalue()
    text = "".join(page.extract_text() for page in
                   PdfReader(str(test.workdir / "selftest-cards.pdf")).pages)
    assert text.strip()  # real cards with words on them, not an empty page


def test_a_pdf_that_is_not_a_pdf_fails(test, monkeypatch):
    monkeypatch.setattr("app.services.participation.cards.print_personas",
                        lambda session, out, **_kw: out.write_text("not a pdf"))
    assert test.run("database", test.check_database)
    assert not test.run("PDF", test.check_pdf)
    assert "is not a PDF" in test.out.getvalue()


def test_without_a_console_the_report_goes_to_a_file(monkeypatch, tmp_path):
    for name in ("check_files", "check_database", "check_languages", "check_pdf",
                 "check_window"):
        monkeypatch.setattr(selftest.SelfTest, name, lambda self: "fine")
    monkeypatch.setattr(selftest, "log_file", lambda: tmp_path / "selftest.log")
    monkeypatch.setattr("sys.stdout", None)
    assert selftest.run_self_test() == 0
    text = (tmp_path / "selftest.log").read_text(encoding="utf-8")
    assert "ok      languages" in text and "SELF-TEST PASSED" in text


def test_one_failure_makes_the_exit_code_non_zero(monkeypatch):
    for name in ("check_files", "check_database", "check_pdf", "check_window"):
        monkeypatch.setattr(selftest.SelfTest, name, lambda self: "")

    def bad(self):
        raise selftest.SelfTestError("nl: catalogs do not load")

    monkeypatch.setattr(selftest.SelfTest, "check_languages", bad)
    out = io.StringIO()
    assert selftest.run_self_test(out) == 1
    assert "FAILED  languages: SelfTestError: nl: catalogs do not load" in out.getvalue()
    assert "Traceback" not in out.getvalue()  # expected problems: one calm line


def test_main_py_flag_runs_the_self_test(monkeypatch):
    from app import startup

    assert startup.parse_args(["--self-test"]).self_test
    assert not startup.parse_args([]).self_test
    monkeypatch.setattr(selftest, "run_self_test", lambda: 7)
    assert startup.run_gui(["--self-test"]) == 7


def test_a_package_file_argument_is_accepted():
    from app import startup

    args = startup.parse_args(["/tmp/from-the-lead.bvx"])
    assert args.package == "/tmp/from-the-lead.bvx"


def test_a_package_argument_is_handed_to_the_exchange_feature(qtbot, monkeypatch, tmp_path):
    import types

    from app import startup
    from app.views.exchange import package_file

    opened = []
    monkeypatch.setattr(package_file, "open_package",
                        lambda window, path: opened.append((window, path)))
    controller = types.SimpleNamespace(window=object())
    startup._open_package_later(controller, tmp_path / "van-de-trekker.bvx")
    qtbot.waitUntil(lambda: bool(opened), timeout=2000)
    assert opened == [(controller.window, tmp_path / "van-de-trekker.bvx")]
