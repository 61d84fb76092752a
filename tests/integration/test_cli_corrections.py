"""``baton corrections``, ``baton feedback report`` and ``baton eval routing`` with and
without corrections, run in this process on a fresh data directory."""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).parents[1] / "data"
LABELLED = DATA / "routing_labelled.jsonl"
HOLDOUT_CORRECTIONS = DATA / "routing_corrections" / "holdout_corrections.jsonl"

CASE_MANAGER = "clinical-case-manager"
HOME_IV = (
    "Harold Binkowski, MRN 00482913, room 4W-12, uninsured, needs six weeks of IV "
    "antibiotics after discharge. What are the realistic options and who pays?"
)
CORRECTION = (
    "An uninsured inpatient needs weeks of intravenous antibiotics after leaving the "
    "hospital; what are the discharge options and the funding sources?"
)


def _staff(baton) -> None:
    for name, role in (("Ana Coord", "coordinator"), ("Sue Super", "supervisor")):
        assert baton("staff", "add", name, "--role", role, "--team", "North")[0] == 0
    assert baton("staff", "add", "Ada Admin", "--role", "admin")[0] == 0


def _routed(baton, text: str) -> str:
    code, out, err = baton("route", text, "--json")
    assert code == 0, err
    return json.loads(out)["primary_agent"]


def test_an_accepted_correction_changes_baton_route(baton) -> None:
    assert _routed(baton, HOME_IV) != CASE_MANAGER
    code, out, _ = baton("corrections", "add", "--text", CORRECTION, "--agent", CASE_MANAGER)
    assert code == 0 and f"routes to Case Manager ({CASE_MANAGER})" in out
    assert _routed(baton, HOME_IV) == CASE_MANAGER
    code, out, _ = baton("route", HOME_IV, "--json")
    routed = json.loads(out)
    assert (routed["primary_agent"], routed["primary_agent_name"]) == (CASE_MANAGER, "Case Manager")
    assert len(routed["supporting_agent_names"]) == len(routed["supporting_agents"])
    assert "Primary agent: Case Manager (clinical-case-manager)" in baton("route", HOME_IV)[1]
    code, out, _ = baton("corrections", "reject", "1")
    assert code == 0 and "rejected" in out
    assert _routed(baton, HOME_IV) != CASE_MANAGER


def test_reviewers_list_accept_and_reject_and_others_are_refused(baton) -> None:
    _staff(baton)
    ana, sue = ("--as", "1"), ("--as", "2")
    assert baton("corrections", "list", *sue)[1].strip() == "no pending corrections"
    code, _, err = baton("corrections", "add", "--text", CORRECTION, "--agent", CASE_MANAGER, *sue)
    assert code == 4 and "denied (role)" in err
    assert baton("corrections", "list", *ana)[0] == 4
    code, _, err = baton("corrections", "add", "--text", CORRECTION, "--agent", "nobody")
    assert code == 1 and "refused (agent, agent)" in err
    ada = ("--as", "3")
    assert baton("corrections", "add", "--text", CORRECTION, "--agent", CASE_MANAGER, *ada)[0] == 0
    listed = json.loads(baton("corrections", "list", "--all", "--json", *sue)[1])
    assert [(c["id"], c["status"], c["source"]) for c in listed] == [(1, "accepted", "cli")]
    assert (listed[0]["agent"], listed[0]["agent_name"]) == (CASE_MANAGER, "Case Manager")
    assert (listed[0]["reviewed_by"], listed[0]["reviewed_by_name"]) == (3, "Ada Admin")
    shown = baton("corrections", "list", "--all", *sue)[1]
    assert f"- -> Case Manager ({CASE_MANAGER})" in shown and "reviewed by Ada Admin" in shown
    assert baton("corrections", "accept", "1", *sue)[0] == 1  # already accepted
    assert baton("corrections", "reject", "1", *sue)[0] == 0
    assert baton("corrections", "accept", "9", *sue)[0] == 1
    assert baton("corrections", "list", "--status", "rejected", *sue)[1].startswith("#1 ")


def test_an_import_is_all_or_nothing_with_each_bad_line_named(baton, tmp_path: Path) -> None:
    good = json.dumps({"text": CORRECTION, "primary_agent": CASE_MANAGER})
    path = tmp_path / "corrections.jsonl"
    path.write_bytes(
        "\n".join([good, "{broken", json.dumps({"text": "x", "primary_agent": "nobody"})]).encode()
        + b"\n\xff\n"
    )
    code, _, err = baton("corrections", "import", str(path))
    assert code == 1
    assert "nothing imported; 3 bad lines" in err
    assert "line 2: not JSON" in err and "line 3: primary_agent" in err
    assert "line 4: not UTF-8" in err
    assert baton("corrections", "list", "--all")[1].strip() == "no corrections"
    path.write_text(good + "\n" + good + "\n", encoding="utf-8")
    code, out, _ = baton("corrections", "import", str(path))
    assert code == 0 and "2 corrections imported" in out
    assert baton("corrections", "import", str(tmp_path / "missing.jsonl"))[0] == 2


def test_the_feedback_report(baton) -> None:
    _staff(baton)
    code, out, _ = baton("feedback", "report", "--json", "--as", "2")
    assert code == 0
    assert json.loads(out) == {
        "month": None,
        "verdicts": 0,
        "helpful": 0,
        "by_agent": [],
        "by_workflow": [],
        "most_corrected": [],
        "pending_review": 0,
    }
    assert baton("feedback", "report", "--as", "1")[0] == 4
    assert baton("feedback", "report", "--month", "Oct")[0] == 1
    code, out, _ = baton("feedback", "report", "--month", "2026-10")
    assert code == 0 and "0 of 0 answers helpful" in out


def test_eval_routing_reports_with_and_without_corrections(baton, tmp_path: Path) -> None:
    wanted = {json.loads(line)["for"] for line in HOLDOUT_CORRECTIONS.read_text().splitlines()}
    sample = tmp_path / "sample.jsonl"
    lines = LABELLED.read_text(encoding="utf-8").splitlines()
    sample.write_text(
        "\n".join(line for line in lines if json.loads(line)["id"] in wanted), encoding="utf-8"
    )
    code, out, err = baton(
        "eval", "routing", str(sample), "--corrections", str(HOLDOUT_CORRECTIONS), "--json"
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["corrections"] == len(wanted)
    before = report["without_corrections"]["top1_accuracy"]
    assert report["with_corrections"]["top1_accuracy"] > before
    code, out, _ = baton("eval", "routing", str(sample))
    assert code == 0 and "With 0 corrections (accepted in the store)" in out
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x"}\n', encoding="utf-8")
    code, _, err = baton("eval", "routing", str(sample), "--corrections", str(bad))
    assert code == 2 and "bad.jsonl, line 1: primary_agent" in err
