"""The agendabot command as an operator uses it: output, exit codes, nothing half-done."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser, main
from bot.config import Settings
from bot.console import run_console
from store.agenda import list_meetings
from store.db import make_engine, make_sessionmaker
from tests.helpers import ROOT, SAMPLE


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url)


def run(settings: Settings, capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv), settings=settings)
    out, err = capsys.readouterr()
    return status, out, err


def test_import_reports_what_it_stored(settings, capsys):
    status, out, _ = run(settings, capsys, "import", str(SAMPLE))
    assert status == 0
    assert "coordination-meeting-2003" in out
    assert "2 days, 4 sessions, 11 items, 5 documents" in out
    assert "Saved as revision 1." in out


def test_importing_the_same_file_again_changes_nothing(settings, capsys):
    run(settings, capsys, "import", str(SAMPLE))
    status, out, _ = run(settings, capsys, "import", str(SAMPLE))
    assert status == 0
    assert "No changes" in out


def test_agenda_prints_both_days_in_meeting_time(settings, capsys):
    run(settings, capsys, "import", str(SAMPLE))
    status, out, _ = run(settings, capsys, "agenda")
    assert status == 0
    assert "Wednesday 15 October 2003" in out and "Thursday 16 October 2003" in out
    assert out.count("10:00–13:00  Morning session") == 2
    assert "IX. Rapporteur's report" in out
    assert "A/58/98" in out and "A/58/394" in out


def test_agenda_for_one_day_and_in_the_readers_zone(settings, capsys):
    run(settings, capsys, "import", str(SAMPLE))
    status, out, _ = run(settings, capsys, "agenda", "--day", "2003-10-16", "--tz", "Europe/Zurich")
    assert status == 0
    assert "Wednesday 15 October 2003\n" not in out
    assert "10:00–13:00 New York time (16:00–19:00 your time)" in out


def test_a_broken_file_is_refused_with_file_and_line_and_changes_nothing(settings, capsys, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(SAMPLE.read_text(encoding="utf-8").replace('start: "15:00"', 'start: "15:99"', 1))
    status, out, err = run(settings, capsys, "import", str(broken))
    assert status == 2
    assert err.startswith(f"agendabot: {broken}:")
    assert "is not a time" in err
    assert len(err.strip().splitlines()) == 1
    with make_sessionmaker(make_engine(settings.database_url))() as db:
        assert list_meetings(db) == []


def test_a_missing_file_is_one_line_and_exit_2(settings, capsys, tmp_path):
    status, _, err = run(settings, capsys, "import", str(tmp_path / "nope.txt"))
    assert status == 2
    assert "cannot read the file" in err


def test_an_unknown_time_zone_is_refused(settings, capsys):
    status, _, err = run(settings, capsys, "import", str(SAMPLE), "--tz", "Atlantis/Capital")
    assert status == 2
    assert "'Atlantis/Capital' is not a time zone" in err


def test_ask_json_has_the_documented_keys(settings, capsys):
    run(settings, capsys, "import", str(SAMPLE))
    status, out, _ = run(settings, capsys, "ask", "agenda", "--json", "--now", "2003-10-15T09:00-04:00")
    assert status == 0
    answer = json.loads(out)
    assert {"meeting", "intent", "text", "sessions", "items", "documents"} <= answer.keys()
    assert answer["meeting"] == "coordination-meeting-2003"


def test_ask_about_an_unknown_meeting_says_which_exist(settings, capsys):
    run(settings, capsys, "import", str(SAMPLE))
    status, out, _ = run(settings, capsys, "ask", "agenda", "--meeting", "nope")
    assert status == 2
    assert "Known meetings: coordination-meeting-2003" in out


def test_history_and_rollback(settings, capsys, tmp_path):
    run(settings, capsys, "import", str(SAMPLE))
    moved = tmp_path / "moved.yaml"
    moved.write_text(SAMPLE.read_text(encoding="utf-8").replace('start: "15:00"', 'start: "15:30"', 1))
    _, out, _ = run(settings, capsys, "import", str(moved), "--author", "ana")
    assert "Afternoon session on Wed 15 Oct now 15:30–18:00 (was 15:00–18:00)." in out
    _, out, _ = run(settings, capsys, "history")
    lines = out.strip().splitlines()
    assert len(lines) == 2 and "ana" in lines[1] and "15:30" in lines[1]
    status, out, _ = run(settings, capsys, "rollback", "1")
    assert status == 0 and "Restored revision 1 as revision 3." in out
    assert "The running bot will announce it" in out
    _, out, _ = run(settings, capsys, "history")
    assert "cli  cli rollback  Afternoon session on Wed 15 Oct now 15:00–18:00" in out.strip().splitlines()[2]
    status, out, _ = run(settings, capsys, "rollback", "3")
    assert status == 0 and "already matches revision 3; nothing changed" in out
    _, out, _ = run(settings, capsys, "agenda", "--day", "2003-10-15")
    assert "15:00–18:00  Afternoon session" in out


def test_meetings_lists_what_is_stored(settings, capsys):
    _, out, _ = run(settings, capsys, "meetings")
    assert "No meetings yet" in out
    run(settings, capsys, "import", str(SAMPLE))
    _, out, _ = run(settings, capsys, "meetings")
    assert out.startswith("coordination-meeting-2003  2003-10-15–2003-10-16")


@pytest.mark.parametrize(
    "command",
    [
        ["import"], ["agenda"], ["meetings"], ["export"], ["doc", "add"], ["db", "upgrade"],
        ["ask"], ["history"], ["rollback"], ["console"], ["demo"], ["serve"],
    ],
)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args([*command, "--help"])
    assert exited.value.code == 0
    assert "usage: agendabot" in capsys.readouterr().out


def test_console_answers_each_line_until_the_input_ends(database_url, capsys):
    factory = make_sessionmaker(make_engine(database_url))
    main(["import", str(SAMPLE)], settings=Settings(database_url=database_url))
    capsys.readouterr()
    out = io.StringIO()
    status = run_console(factory, meeting=None, now=None, stdin=io.StringIO("help\n\nagenda\n"), stdout=out)
    assert status == 0
    replies = [line for line in out.getvalue().splitlines() if line.startswith("agendabot> ")]
    assert len(replies) == 2
    assert "Ask me about the meeting" in replies[0]


def test_demo_runs_from_the_installed_command_on_a_fresh_directory(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AGENDABOT_", "SLACK_"))}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo"],
        input="agenda\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "agendabot demo — Second Coordination Meeting on International Migration" in result.stdout
    assert "It is Wednesday 15 October, 09:40 New York time" in result.stdout
    assert "XI. Closing of the Meeting" in result.stdout
    assert Path(tmp_path / "agendabot.db").exists()


@pytest.mark.parametrize("fmt", ["ics", "yaml", "json"])
def test_exporting_an_unchanged_agenda_twice_gives_the_same_bytes(settings, capsys, fmt):
    run(settings, capsys, "import", str(SAMPLE))
    _, first, _ = run(settings, capsys, "export", "--format", fmt)
    _, second, _ = run(settings, capsys, "export", "--format", fmt)
    assert first == second
    assert "A/58/98" in first


def test_a_yaml_export_imports_back_as_no_change(settings, capsys, tmp_path):
    run(settings, capsys, "import", str(SAMPLE))
    out_file = tmp_path / "export.yaml"
    run(settings, capsys, "export", "--format", "yaml", "-o", str(out_file))
    _, out, _ = run(settings, capsys, "import", str(out_file))
    assert "No changes" in out


def test_a_meeting_page_imports_with_its_warnings_and_reads_back_as_an_agenda(settings, capsys):
    page = ROOT / "tests" / "fixtures" / "agendas" / "coordination-2003.txt"
    status, out, _ = run(settings, capsys, "import", str(page))
    assert status == 0
    assert "2 days, 4 sessions, 11 items" in out
    assert "time zone America/New_York" in out
    assert "repeats the number of line" in out and f"warning: {page}:" in out
    _, agenda, _ = run(settings, capsys, "agenda")
    assert agenda.count("10:00–13:00  Morning session") == 2
    assert agenda.count("15:00–18:00  Afternoon session") == 2
    for number in ("I.", "IV.", "VIII.", "IX.", "XI."):
        assert f"  {number} " in agenda
    assert "XII." not in agenda
    assert "• A/58/98" in agenda and "• A/58/394" in agenda


def test_team_puts_a_meeting_in_a_workspace_and_lists_only_its_meetings(settings, capsys):
    assert run(settings, capsys, "import", str(SAMPLE), "--team", "T0AAAAAA1")[0] == 0
    status, out, _ = run(settings, capsys, "meetings", "--team", "T0AAAAAA1")
    assert status == 0 and "coordination-meeting-2003" in out and "team T0AAAAAA1" in out
    status, out, _ = run(settings, capsys, "meetings", "--team", "T0BBBBBB2")
    assert status == 0 and "coordination-meeting-2003" not in out and "No meetings yet" in out
    status, out, _ = run(settings, capsys, "ask", "what's next?", "--team", "T0BBBBBB2", "--json")
    assert status == 2 and json.loads(out)["intent"] == "no_meeting"  # A's meeting is not B's to ask about
    assert run(settings, capsys, "ask", "what's next?", "--team", "T0AAAAAA1")[0] == 0
    status, _, err = run(settings, capsys, "import", str(SAMPLE), "--team", "T0BBBBBB2")
    assert status == 2 and "another workspace" in err  # one workspace's slug is not another's to take


# --- issue 14: the CLI as a full transport -----------------------------------------------------


def test_ask_which_meeting_exits_2_with_the_meeting_hint(settings, capsys):
    run(settings, capsys, "import", str(SAMPLE))
    run(settings, capsys, "import", str(SAMPLE), "--meeting", "rehearsal-2003")
    status, out, err = run(settings, capsys, "ask", "what's next?", "--now", "2003-10-15T11:00-04:00")
    assert status == 2 and out == ""
    assert err.startswith("agendabot: Which meeting do you mean?") and err.rstrip().endswith("Pass --meeting SLUG.")
    status, out, _ = run(settings, capsys, "ask", "what's next?", "--meeting", "rehearsal-2003",
                         "--now", "2003-10-15T11:00-04:00")
    assert status == 0 and "Afternoon session" in out


def test_what_time_is_it_answers_from_now(settings, capsys):
    run(settings, capsys, "import", str(SAMPLE))
    status, out, _ = run(settings, capsys, "ask", "what time is it?", "--now", "2003-10-16T09:30-04:00",
                         "--tz", "Asia/Tokyo")
    assert status == 0
    assert out.strip() == "It is 09:30 New York time (22:30 your time) on Thursday 16 October."


def test_a_reader_that_stops_early_gets_no_traceback(database_url, tmp_path):
    """`agendabot agenda | head -1`: the pipe closes before the command has written."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AGENDABOT_", "SLACK_"))}
    env |= {"PYTHONPATH": str(ROOT), "AGENDABOT_DATABASE_URL": database_url}
    subprocess.run([sys.executable, "-m", "bot.cli", "import", str(SAMPLE)], env=env, capture_output=True,
                   check=True, timeout=60)
    reader = subprocess.Popen([sys.executable, "-m", "bot.cli", "export", "--format", "json"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # "head" has read what it wanted and left
    err = reader.stderr.read().decode()
    assert reader.wait(timeout=60) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_history_full_lists_every_change(settings, capsys, tmp_path):
    run(settings, capsys, "import", str(SAMPLE))
    edited = tmp_path / "edited.yaml"
    edited.write_text(SAMPLE.read_text(encoding="utf-8").replace('start: "15:00"', 'start: "15:30"'), encoding="utf-8")
    run(settings, capsys, "import", str(edited))
    _, short, _ = run(settings, capsys, "history")
    _, full, _ = run(settings, capsys, "history", "--full")
    assert short.strip().splitlines()[-1].endswith("(+1 more)")
    revision_2 = full.split("\n  2  ", 1)[1].splitlines()
    assert "(+" not in full and len(revision_2) == 2
    assert all(line.startswith("       ") and "15:30" in line for line in revision_2[1:])


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("typed", "terminal", "removed"),
                         [("y\n", False, False), ("n\n", True, False), ("", True, False), ("y\n", True, True)])
def test_meetings_remove_asks_first(settings, capsys, monkeypatch, typed, terminal, removed):
    run(settings, capsys, "import", str(SAMPLE))
    stdin = _Terminal(typed) if terminal else io.StringIO(typed)
    monkeypatch.setattr(sys, "stdin", stdin)
    status, out, err = run(settings, capsys, "meetings", "remove", "coordination-meeting-2003")
    with make_sessionmaker(make_engine(settings.database_url))() as db:
        left = [m.slug for m in list_meetings(db)]
    if removed:
        assert status == 0 and "Removed Second Coordination Meeting" in out and left == []
    else:
        assert status == 2 and left == ["coordination-meeting-2003"]
        assert ("pass --yes" in err) if not stdin.isatty() else ("Not removed." in err)


def test_meetings_remove_with_yes_takes_everything_and_the_slug_can_be_reused(settings, capsys):
    run(settings, capsys, "import", str(SAMPLE))
    run(settings, capsys, "rollback", "1")  # a pending announcement, named by slug
    status, out, _ = run(settings, capsys, "meetings", "remove", "coordination-meeting-2003", "--yes")
    assert status == 0
    assert run(settings, capsys, "meetings", "remove", "coordination-meeting-2003", "--yes")[0] == 2
    status, out, _ = run(settings, capsys, "import", str(SAMPLE))
    assert status == 0 and "Saved as revision 1." in out
    _, history_out, _ = run(settings, capsys, "history")
    assert len(history_out.strip().splitlines()) == 1
    from bot.organizers.outbox import announced_after

    assert announced_after(make_sessionmaker(make_engine(settings.database_url)), 0) == []


def test_doc_remove_asks_first_and_is_a_revision_a_rollback_undoes(settings, capsys, monkeypatch):
    run(settings, capsys, "import", str(SAMPLE))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert run(settings, capsys, "doc", "remove", "a/58/98")[0] == 2
    def symbols() -> list[str]:
        _, out, _ = run(settings, capsys, "export", "--format", "json")
        return [d.get("symbol") for d in json.loads(out)["documents"]]

    assert "A/58/98" in symbols()
    status, out, _ = run(settings, capsys, "doc", "remove", "a/58/98", "--yes")
    assert status == 0 and "Removed A/58/98 from coordination-meeting-2003 as revision 2" in out
    assert "A/58/98" not in symbols() and "A/58/394" in symbols()
    status, _, err = run(settings, capsys, "doc", "remove", "A/58/98", "--yes")
    assert status == 2 and "has no document A/58/98" in err
    run(settings, capsys, "rollback", "1")
    assert "A/58/98" in symbols()


def test_the_sample_page_imports_to_the_same_meeting_as_the_sample_yaml():
    from store.importers import load_agenda

    page = load_agenda(ROOT / "bot" / "sample" / "coordination-meeting-2003.txt", slug="coordination-meeting-2003")
    sample = load_agenda(SAMPLE).meeting
    assert page.format == "text" and not page.warnings
    got = page.meeting
    assert (got.slug, got.title, got.venue, got.organizer, got.timezone, got.start_date, got.end_date) == (
        sample.slug, sample.title, sample.venue, sample.organizer, sample.timezone, sample.start_date,
        sample.end_date)
    assert got.overview == sample.overview
    assert got.days == sample.days
    # A plain page cannot carry a document's body; every listed document is there, by symbol and title.
    assert {(d.symbol, d.title) for d in got.documents} <= {(d.symbol, d.title) for d in sample.documents}
    assert {d.symbol for d in got.documents} == {d.symbol for d in sample.documents}


def test_the_readmes_using_it_works_as_written_after_the_quick_start(database_url, tmp_path, monkeypatch, capsys):
    """Every line of README's "Using it" block, in a copy of the clone, after `agendabot demo`."""
    import shlex
    import shutil

    shutil.copytree(ROOT / "bot" / "sample", tmp_path / "bot" / "sample")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    settings = Settings(database_url=database_url)
    assert main(["demo", "--speed", "1"], settings=settings) == 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Using it", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    ran = 0
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        if not words or words[0] != "agendabot" or words[1] == "serve":
            continue  # `source .venv/bin/activate`; serve runs until stopped
        status = main(words[1:], settings=settings)
        out, err = capsys.readouterr()
        asks_first = "remove" in words and "--yes" not in words
        assert status == (2 if asks_first else 0), (line, err)
        assert "Traceback" not in err
        ran += 1
    assert ran >= 15
    assert (tmp_path / "meeting.ics").exists()
