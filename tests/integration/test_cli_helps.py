"""A CLI that helps: examples in --help, "did you mean", task types, headers, exit codes."""

from __future__ import annotations

import json

import pytest

ROSTER = (
    "chart_code,patient_name,status,assigned_cm,assigned_provider,facility,program,"
    "chronic_conditions,consent_date,visit_interval_months\n"
    'ZK1029,"TESTCASE, ONE",active,1,Dr. Example,Main,CCM,3,2026-01-05,6\n'
    'ZK1030,"TESTCASE, TWO",active,1,Dr. Example,Main,PCM,1,2026-01-05,6\n'
)


@pytest.fixture
def practice(baton, tmp_path):
    assert baton("staff", "add", "Ana Example", "--role", "coordinator", "--team", "North")[0] == 0
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    assert baton("import", "roster", str(roster))[0] == 0
    return baton


def _usage(baton, *argv: str) -> str:
    with pytest.raises(SystemExit) as stopped:
        baton(*argv)
    assert stopped.value.code == 2  # a usage error, as the README says
    return stopped


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (("stafff", "list"), "did you mean 'staff'?"),
        (("task-type",), "did you mean 'task-types'?"),
        (("billing", "mnth", "2026-10"), "did you mean 'month'?"),
        (("metrics", "2026-10", "--jsn"), "did you mean '--json'?"),
        (
            (
                "tasks",
                "log",
                "--coordinator",
                "1",
                "--patient",
                "ZK1029",
                "--type",
                "x",
                "--minuts",
                "5",
            ),
            "--minuts is not an option (did you mean '--minutes'",
        ),
    ],
)
def test_a_mistyped_command_or_option_gets_a_suggestion(baton, capsys, argv, hint):
    _usage(baton, *argv)
    assert hint in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ("billing", "month", "2026-13"),
        ("metrics", "26-10"),
        ("jobs", "generate", "--month", "2026-1"),
        ("billing", "write-offs", "October"),
    ],
)
def test_a_bad_month_is_a_usage_error(baton, capsys, argv):
    _usage(baton, *argv)
    assert "is not a month (YYYY-MM" in capsys.readouterr().err


def test_help_has_examples_and_the_exit_codes(baton, capsys):
    with pytest.raises(SystemExit) as shown:
        baton("--help")
    out = capsys.readouterr().out
    assert shown.value.code == 0
    assert (
        "examples:" in out
        and 'baton tasks log --coordinator 1 --patient ZK1029 --type "phone call"' in out
    )
    assert "2 a usage or configuration error" in out
    with pytest.raises(SystemExit):
        baton("task-types", "--help")
    assert 'everyday words for it ("phone call", "med rec")' in capsys.readouterr().out


def _log(baton, chart: str, words: str, minutes: str):
    """``baton tasks log`` as coordinator 1, on a fixed past day."""
    argv = ("--coordinator", "1", "--patient", chart, "--type", words, "--minutes", minutes)
    return baton("tasks", "log", *argv, "--date", "2026-10-05")


def test_task_types_and_everyday_words_for_a_time_entry(practice):
    code, out, _ = practice("task-types", "--program", "PCM")
    header, rule, *rows = out.splitlines()
    assert header.split() == ["task", "type", "category", "for", "avg", "min"]
    assert set(rule) <= {"-", " "}
    assert any(r.startswith("PCM: Care Plan Monthly REVIEW/CLOSE") for r in rows)
    assert not any(r.startswith("CCM:") for r in rows)
    code, out, _ = _log(practice, "ZK1029", "phone call", "10")
    assert code == 0 and "10 min of 'Communication: Phone' for ZK1029" in out
    # The patient's program decides: a PCM patient's "care plan review" is the PCM one.
    code, out, _ = _log(practice, "ZK1030", "care plan review", "30")
    assert code == 0 and "PCM: Care Plan Monthly REVIEW/CLOSE" in out
    code, _, err = _log(practice, "ZK1029", "zebra", "10")
    assert code == 1 and "task_type_unclear" in err


def test_tables_have_headers(practice):
    code, out, _ = practice("staff", "list")
    assert out.splitlines()[0].split() == ["id", "role", "team", "name", "active"]
    code, out, _ = practice("panel", "--as", "1")
    assert out.splitlines()[0].split()[:3] == ["chart", "name", "visit"]
    code, out, _ = practice("metrics", "2026-10")
    assert out.splitlines()[0].split()[:3] == ["coordinator", "tasks", "minutes"]
    assert _log(practice, "ZK1029", "phone call", "10")[0] == 0
    code, out, _ = practice("tasks", "list", "--as", "1")
    header, rule, row, total = out.splitlines()
    assert header.split() == ["id", "date", "chart", "minutes", "task", "type"]
    assert set(rule) <= {"-", " "} and row.split()[1:4] == ["2026-10-05", "ZK1029", "10"]
    assert total == "1 entries, 10 min"
    code, out, _ = practice("tasks", "list", "--as", "1", "--json")
    [entry] = json.loads(out)  # one JSON value, no header: as before
    assert (entry["chart_code"], entry["minutes"], entry["task_date"]) == (
        "ZK1029",
        10,
        "2026-10-05",
    )
    code, out, _ = practice("decisions", "list", "--as", "1", "--json")
    assert code == 0 and json.loads(out) == []
