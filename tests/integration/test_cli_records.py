"""The record-keeping CLI: exact contracts, refusals as clear lines, nothing half-written."""

from __future__ import annotations

import json
import sqlite3

import pytest


@pytest.mark.parametrize(
    ("argv", "codes"),
    [
        (["--program", "ccm", "--minutes", "65"], ["99490", "99439", "99439"]),
        (["--program", "ccm", "--minutes", "19"], []),
        (["--program", "ccm", "--minutes", "95", "--complex"], ["99487", "99489"]),
        (["--program", "pcm", "--minutes", "60", "--physician"], ["99424", "99425"]),
        (["--program", "CCM", "--minutes", "30", "--physician"], ["99491"]),
    ],
)
def test_billing_codes_contract(baton, argv, codes):
    code, out, _ = baton("billing", "codes", *argv, "--json")
    assert code == 0 and json.loads(out) == {"codes": codes}


def test_impossible_billing_request_is_a_clear_error(baton):
    code, _, err = baton(
        "billing", "codes", "--program", "pcm", "--minutes", "70", "--complex", "--json"
    )
    assert code == 1 and "CCM only" in err and "Traceback" not in err


def test_a_practice_end_to_end(baton, tmp_path):
    assert baton("staff", "add", "Ana Example", "--role", "coordinator", "--team", "North")[0] == 0
    assert baton("staff", "add", "Ben Example", "--role", "coordinator", "--team", "South")[0] == 0
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "chart_code,patient_name,status,assigned_cm,assigned_provider,facility,program,"
        "chronic_conditions,consent_date,visit_interval_months\n"
        'ZK1029,"TESTCASE, ONE",active,1,Dr. Example,Main,CCM,3,2026-01-05,6\n'
        'ZK1031,"TESTCASE, TWO",active,2,Dr. Example,Main,CCM,2,2026-01-05,6\n'
    )
    code, out, _ = baton("import", "roster", str(roster))
    assert code == 0 and "2 added" in out
    visits = tmp_path / "visits.csv"
    visits.write_text("chart_code,visit_date\nZK1029,2026-06-01\nZK1031,2026-07-01\n")
    assert baton("import", "service-log", str(visits))[0] == 0
    code, out, _ = baton(
        "tasks",
        "log",
        "--coordinator",
        "1",
        "--patient",
        "ZK1029",
        "--type",
        "Care Coordination: General",
        "--minutes",
        "25",
        "--date",
        "2026-10-05",
    )
    assert code == 0 and "25 min of 'Care Coordination: General' for ZK1029" in out
    code, _, err = baton(
        "tasks",
        "log",
        "--coordinator",
        "1",
        "--patient",
        "ZK1029",
        "--type",
        "Communication: Phone",
        "--minutes",
        "3",
    )
    assert code == 1 and "refused (minutes_min, minutes): minimum 5" in err
    code, _, err = baton(
        "tasks",
        "log",
        "--coordinator",
        "1",
        "--patient",
        "ZK1029",
        "--type",
        "Communication: Phone",
        "--minutes",
        "45",
    )
    assert code == 3 and "--confirm" in err
    code, _, err = baton(
        "tasks",
        "log",
        "--coordinator",
        "1",
        "--patient",
        "ZK1031",
        "--type",
        "Communication: Phone",
        "--minutes",
        "10",
    )
    assert code == 4 and "denied" in err  # Ben's patient
    code, _, err = baton("billing", "month", "2026-10", "--as", "1")
    assert code == 4 and "may not see billing" in err
    code, out, _ = baton("billing", "month", "2026-10", "--json")
    month = json.loads(out)
    lines = {p["chart_code"]: p for p in month["patients"]}
    assert lines["ZK1029"]["codes"] == ["99490"] and lines["ZK1031"]["reason"] == "0 min, below 20"
    code, out, _ = baton("jobs", "generate", "--month", "2026-10")
    assert code == 0 and "6 tasks created" in out
    assert "0 tasks created" in baton("jobs", "generate", "--month", "2026-10")[1]

    code, out, _ = baton("audit", "verify")
    assert code == 0 and "intact" in out
    with sqlite3.connect(run_db := baton.db) as connection:
        connection.execute("UPDATE audit_events SET outcome = 'allowed' WHERE outcome = 'denied'")
    code, out, _ = baton("audit", "verify")
    assert code == 1 and "BROKEN" in out and str(run_db) not in out


def test_a_roster_with_a_bad_row_imports_nothing(baton, tmp_path):
    baton("staff", "add", "Ana Example", "--role", "coordinator", "--team", "North")
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "chart_code,patient_name,status,assigned_cm,assigned_provider,facility,program,"
        "chronic_conditions,consent_date,visit_interval_months\n"
        'ZK1029,"TESTCASE, ONE",active,1,,Main,CCM,3,2026-01-05,6\n'
        'ZK1030,"TESTCASE, TWO",alive,9,,Main,XYZ,two,05/01/2026,6\n'
    )
    code, _, err = baton("import", "roster", str(roster))
    assert code == 1
    for problem in [
        "line 3, status",
        "line 3, assigned_cm",
        "line 3, program",
        "line 3, chronic_conditions",
        "line 3, consent_date",
    ]:
        assert problem in err
    assert "TESTCASE" not in err
    code, out, _ = baton("panel", "--json")
    assert json.loads(out) == []


def test_only_auditors_read_the_trail(baton):
    baton("staff", "add", "Ana Example", "--role", "coordinator", "--team", "North")
    baton("staff", "add", "Otto Example", "--role", "auditor")
    code, _, err = baton(
        "audit", "export", "--from", "2026-01-01", "--to", "2026-12-31", "--as", "1"
    )
    assert code == 4 and "auditor" in err
    code, out, _ = baton(
        "audit", "export", "--from", "2000-01-01", "--to", "2100-12-31", "--as", "2"
    )
    assert code == 0 and out.startswith("id,at,actor_id")
    assert "audit.export,audit_event" in out and ",denied," in out


def test_owner_directory_and_decision_queue_from_the_cli(baton):
    assert baton("staff", "add", "Sue Super", "--role", "supervisor", "--team", "North")[0] == 0
    assert baton("staff", "add", "Ada Admin", "--role", "admin")[0] == 0
    assert baton("staff", "add", "Ana Coord", "--role", "coordinator", "--team", "North")[0] == 0
    code, out, _ = baton("owners", "check")
    assert code == 1 and "unfilled: Privacy officer" in out and "0 of 40" in out
    code, out, _ = baton(
        "owners", "set", "Privacy officer", "--primary", "1", "--backup", "2", "--as", "2"
    )
    assert code == 0 and "decided by staff 1, 2" in out
    code, _, err = baton("owners", "set", "CFO", "--primary", "1", "--as", "3")
    assert code == 4 and "admin" in err  # a coordinator may not edit the directory
    code, out, _ = baton("owners", "check")
    assert code == 1 and "1 of 40" in out and "Privacy officer" not in out
    code, out, _ = baton("owners", "list", "--json")
    assert json.loads(out)[0]["role"] == "Privacy officer"
    code, out, _ = baton("decisions", "list", "--as", "1")
    assert code == 0 and "no open decision requests" in out
    code, _, err = baton("decisions", "answer", "7", "approve", "--as", "1")
    assert code == 1 and "no decision request 7" in err


ROSTER_HEADER = (
    "chart_code,patient_name,status,assigned_cm,assigned_provider,facility,program,"
    "chronic_conditions,consent_date,visit_interval_months\n"
)
GOOD_ROW = '"ZK1029","TESTCASE, ONE",active,1,,Main,CCM,3,2026-01-05,6\n'


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ('"ZK 9031/X","TESTCASE, TWO",active,1,,Main,CCM,3,2026-01-05,6', "line 3, chart_code"),
        ('"12345","TESTCASE, TWO",active,1,,Main,CCM,3,2026-01-05,6', "line 3, chart_code"),
        ('"ZK1030","TESTCASE, TWO",active,1,,Main,CCM,3,2099-01-05,6', "line 3, consent_date"),
        ('"ZK1030","TESTCASE, TWO",active,1,,Main,CCM,3,0001-01-05,6', "line 3, consent_date"),
        ('"ZK1030","TESTCASE, TWO",active,1,,Main,CCM,3,20260105,6', "line 3, consent_date"),
        ('"ZK1030","TESTCASE\x00TWO",active,1,,Main,CCM,3,2026-01-05,6', "line 3, patient_name"),
        (
            '"ZK1030","TESTCASE, TWO",active,1,"Dr.\x1bX",Main,CCM,3,2026-01-05,6',
            "assigned_provider",
        ),
        ('"ZK1030","TESTCASE, TWO",active,1,,"M\x00",CCM,3,2026-01-05,6', "line 3, facility"),
        (
            '"ZK1030","TESTCASE, TWO",active,1,,Main,CCM,' + "9" * 40 + ",2026-01-05,6",
            "line 3, chronic_conditions",
        ),
        (
            '"ZK1030","TESTCASE, TWO",active,1,,Main,CCM,²,2026-01-05,6',
            "line 3, chronic_conditions",
        ),
        ('"ZK1030","TESTCASE, TWO",active,1,,Main,CCM,3,2026-01-05,¹', "visit_interval_months"),
        ('"ZK1030","TESTCASE, TWO",active,²,,Main,CCM,3,2026-01-05,6', "line 3, assigned_cm"),
        (
            '"ZK1030","TESTCASE, TWO",active,' + "9" * 30 + ",,Main,CCM,3,2026-01-05,6",
            "line 3, assigned_cm",
        ),
        ('"ZK1030","TESTCASE, TWO",active,1,,Main,CCM,3,２０２６-01-05,6', "line 3, consent_date"),
    ],
)
def test_a_roster_cell_the_api_would_refuse_imports_nothing(baton, tmp_path, row, problem):
    baton("staff", "add", "Ana Example", "--role", "coordinator", "--team", "North")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_HEADER + GOOD_ROW + row + "\n", encoding="utf-8")
    code, out, err = baton("import", "roster", str(roster))
    assert code == 1, err
    assert problem in err and "nothing imported" in err
    assert "TESTCASE" not in err and "²" not in err and "int()" not in err and "999" not in err
    code, out, _ = baton("panel", "--json")
    assert json.loads(out) == []  # not even the good row


def test_a_huge_cell_is_a_row_error_not_an_internal_one(baton, tmp_path):
    roster = tmp_path / "roster.csv"
    huge = "9" * 200_000  # over the csv module's field limit
    roster.write_text(ROSTER_HEADER + GOOD_ROW.replace(",3,", f",{huge},"), encoding="utf-8")
    code, _, err = baton("import", "roster", str(roster))
    assert code == 1 and "line 2" in err and "not readable as CSV" in err
    assert "999" not in err and "internal error" not in err


def test_a_service_log_checks_chart_codes_and_dates_the_same_way(baton, tmp_path):
    baton("staff", "add", "Ana Example", "--role", "coordinator", "--team", "North")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_HEADER + GOOD_ROW, encoding="utf-8")
    assert baton("import", "roster", str(roster))[0] == 0
    visits = tmp_path / "visits.csv"
    visits.write_text(
        "chart_code,visit_date\nZK1029,2026-06-01\nZK 9031/X,2026-06-01\nZK1029,2099-01-01\n"
        "ZK1029,1850-01-01\nZK1029,２０２６-06-01\n",
        encoding="utf-8",
    )
    code, _, err = baton("import", "service-log", str(visits))
    assert code == 1
    for problem in [
        "line 3, chart_code: 1 to 40",
        "line 4, visit_date: in the future",
        "line 5, visit_date: before 1900-01-01",
        "line 6, visit_date: not a date",
    ]:
        assert problem in err
    assert "ZK 9031" not in err


def test_an_internal_error_is_logged_where_the_message_says_without_its_text(
    baton, tmp_path, monkeypatch
):
    import tools.importing

    monkeypatch.setattr(tools.importing, "import_roster", lambda *a, **k: 1 / 0)
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_HEADER + GOOD_ROW, encoding="utf-8")
    code, _, err = baton("import", "roster", str(roster))
    assert code == 70 and "internal error (incident " in err
    incident = err.split("incident ")[1].split(")")[0]
    log = (tmp_path / "data" / "baton.log").read_text(encoding="utf-8")
    assert f"incident {incident}: builtins.ZeroDivisionError (message withheld)" in log
    assert "division by zero" not in log
