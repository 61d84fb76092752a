"""The CLI for decisions, sign-offs, tracked handoffs, cases and the run-due job."""

from __future__ import annotations

import json

import pytest

ROSTER = (
    "chart_code,patient_name,status,assigned_cm,assigned_provider,facility,program,"
    "chronic_conditions,consent_date,visit_interval_months\n"
    'ZK1029,"TESTCASE, ONE",active,1,Dr. Example,Main,CCM,3,2026-01-05,6\n'
    'ZK1033,"TESTCASE, TWO",active,1,Dr. Example,Main,,0,,6\n'
)


@pytest.fixture
def practice(baton, tmp_path):
    """1 Ana (coordinator, North), 2 Sue (supervisor, North), 3 Ada (admin),
    4 Lee (supervisor, Leadership), 5 Kim (supervisor, Leadership); a second provider."""
    for argv in (
        ("Ana Example", "--role", "coordinator", "--team", "North"),
        ("Sue Example", "--role", "supervisor", "--team", "North"),
        ("Ada Example", "--role", "admin"),
        ("Lee Example", "--role", "supervisor", "--team", "Leadership"),
        ("Kim Example", "--role", "supervisor", "--team", "Leadership"),
    ):
        assert baton("staff", "add", *argv)[0] == 0
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    assert baton("import", "roster", str(roster))[0] == 0
    return baton


def test_a_long_entry_goes_to_the_supervisor_and_is_logged_when_approved(practice):
    baton = practice
    log = (
        "tasks",
        "log",
        "--coordinator",
        "1",
        "--patient",
        "ZK1029",
        "--type",
        "Care Coordination: General",
        "--minutes",
        "110",
        "--notes",
        "call with daughter",
    )
    code, _, err = baton(*log)
    assert code == 3 and "--confirm" in err
    code, out, _ = baton(*log, "--confirm")
    assert code == 0 and "sent to the North team supervisor for sign-off" in out
    code, out, _ = baton("decisions", "list", "--mine", "--as", "2", "--json")
    [request] = json.loads(out)
    assert request["kind"] == "time_entry.over_average" and request["owner_staff_id"] == 2
    assert "ZK1029" not in request["question"]  # the stored question carries no PHI
    code, out, _ = baton("decisions", "list", "--mine", "--as", "2")
    header, rule, row = out.splitlines()
    assert header.split() == ["id", "status", "due", "decides", "asked", "by", "request"]
    assert set(rule) <= {"-", " "} and "North team supervisor" in row
    assert "Ana Example (care coordinator, North team)" in row
    assert "Time entry over twice the usual: 110 min of 'Care Coordination: General'" in row
    assert "would be logged for ZK1029, as Ana Example's time" in row
    code, out, _ = baton("decisions", "show", str(request["id"]), "--as", "2")
    lines = dict(line.split(":", 1) for line in out.splitlines() if ": " in line[:24])
    assert lines["Asked by"].strip() == "Ana Example (care coordinator, North team)"
    assert lines["Decides"].strip() == "Sue Example (North team supervisor)"
    assert lines["Patient"].strip() == "ZK1029"
    assert "over twice the task type's usual 15 min" in lines["Why a person decides"]
    assert lines["Deadline"].strip().startswith("due in ")
    for internal in ("coordinator 1", "patient ", "staff 1", "time_entry"):
        assert internal not in out
    code, out, _ = baton("tasks", "list", "--as", "3")
    assert "0 entries" in out
    code, _, err = baton("decisions", "answer", str(request["id"]), "approve", "--as", "1")
    assert code == 4 and "not_owner" in err
    code, out, _ = baton("decisions", "answer", str(request["id"]), "approve", "--as", "2")
    assert code == 0 and "carried out: minutes 110, task_log_id" in out
    assert f"decision {request['id']}: approved by Sue Example" in out
    code, out, _ = baton("tasks", "list", "--as", "3")
    assert "1 entries, 110 min" in out
    code, out, _ = baton("notifications", "--as", "1")
    assert "decision.answered" in out and "approved by Sue Example" in out


def test_a_handoff_is_opened_followed_and_escalated_when_its_holder_leaves(practice):
    baton = practice
    code, _, err = baton(
        "handoffs",
        "open",
        "--role",
        "Billing supervisor",
        "--title",
        "Release the coded accounts",
        "--due-hours",
        "96",
        "--as",
        "1",
    )
    assert code == 1 and "owner_unfilled" in err and "baton owners set" in err
    assert baton("owners", "set", "Billing supervisor", "--primary", "4", "--chain", "5")[0] == 0
    code, out, _ = baton(
        "handoffs",
        "open",
        "--role",
        "Billing supervisor",
        "--title",
        "Release the coded accounts for <PERSON_1>",
        "--due-hours",
        "96",
        "--condition",
        "final-coded",
        "--waiting-on",
        "HIM",
        "--as",
        "1",
    )
    assert code == 0 and "#1 open: Lee Example (Billing supervisor) has it" in out
    code, out, _ = baton("handoffs", "list", "--mine", "--as", "4")
    assert "#1 open" in out and "waiting on HIM" in out
    assert baton("staff", "deactivate", "4")[0] == 0
    code, out, _ = baton("jobs", "run-due")
    assert code == 0 and "1 reassign" in out
    code, out, _ = baton("handoffs", "show", "1", "--as", "1")
    assert "Kim Example (Billing supervisor) has it" in out and "its holder left" in out
    assert baton("handoffs", "accept", "1", "--as", "5")[0] == 0
    code, out, _ = baton("handoffs", "done", "1", "--result", "released", "--as", "5")
    assert code == 0 and "#1 done" in out
    code, _, err = baton("handoffs", "accept", "1", "--as", "1")
    assert code in (1, 4) and "Traceback" not in err


def test_a_referral_is_walked_through_its_steps_from_the_cli(practice):
    baton = practice
    for role in (
        "Referral coordinator lead",
        "Specialty practice manager",
        "Clinic dyad leadership",
        "Practice executive",
    ):
        assert baton("owners", "set", role, "--primary", "4", "--backup", "5")[0] == 0
    code, out, _ = baton(
        "referrals",
        "open",
        "--patient",
        "ZK1029",
        "--specialty",
        "cardiology",
        "--open-loop-days",
        "3",
        "--as",
        "1",
    )
    assert code == 0 and "case #1 closed_loop_referral/referral: open" in out
    assert baton("handoffs", "done", "1", "--as", "4")[0] == 0  # sent
    code, _, err = baton("handoffs", "done", "2", "--outcome", "lost", "--as", "4")
    assert code == 1 and "confirmed, declined" in err
    assert baton("handoffs", "done", "2", "--outcome", "confirmed", "--as", "4")[0] == 0
    code, _, err = baton("handoffs", "done", "3", "--outcome", "scheduled", "--as", "4")
    assert code == 1 and "appointment_date" in err
    code, out, _ = baton(
        "handoffs",
        "done",
        "3",
        "--outcome",
        "scheduled",
        "--set",
        "appointment_date=2099-01-15",
        "--as",
        "4",
    )
    assert code == 0 and "next: handoff #4" in out
    code, out, _ = baton("cases", "show", "1", "--as", "1")
    assert "- visit: #4 open" in out


def test_pcp_change_then_a_panel_removal_request_waits_for_provider_services(practice):
    baton = practice
    for role in ("Member services lead", "Provider services manager", "Special outreach lead"):
        assert baton("owners", "set", role, "--primary", "4")[0] == 0
    code, out, _ = baton(
        "pcp", "change", "--patient", "ZK1033", "--provider", "1", "--reason", "moved", "--as", "1"
    )
    assert code == 0 and "pcp_attribution/member_change" in out
    code, _, err = baton(
        "pcp", "change", "--patient", "ZK1033", "--provider", "1", "--reason", "whim", "--as", "1"
    )
    assert code == 1 and "reason_code" in err
    code, out, _ = baton(
        "pcp", "remove", "--patient", "ZK1033", "--reason", "disruptive", "--as", "1"
    )
    assert code == 0 and "sent to the Provider services manager" in out
    code, out, _ = baton("decisions", "list", "--mine", "--as", "4", "--json")
    [request] = json.loads(out)
    code, out, _ = baton("decisions", "answer", str(request["id"]), "approve", "--as", "4")
    assert code == 0 and "handoff_id" in out


def test_owners_check_reports_each_group_and_demo_data_fills_them(baton):
    code, out, _ = baton("owners", "check")
    assert code == 1 and "0 of 40 decision owners of the handoff map" in out
    assert "tracked workflows (referrals, PCP attribution)" in out
    assert baton("demo-data", "--patients", "20", "--months", "1")[0] == 0
    code, out, _ = baton("owners", "check")
    assert code == 0 and "unfilled" not in out


def test_run_due_refuses_a_bad_time_clearly(baton):
    with pytest.raises(SystemExit) as usage:
        baton("jobs", "run-due", "--now", "tomorrow")
    assert usage.value.code == 2
