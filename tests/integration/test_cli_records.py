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
    assert code == 0 and "25 min Care Coordination: General for ZK1029" in out
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
