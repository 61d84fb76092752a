"""No raw PHI at rest after any writing ``baton`` command.

Each row runs commands in this process on a fresh data directory, with a relative's
identifiers (``phi_at_rest.TEXT``) in every free-text option and names where a reference
or a code belongs, and checks the exit status it expects. Then every file of the data
directory (the store and its WAL, checkpoints, the Chroma index, ``baton.log`` at DEBUG)
is read as bytes: none may hold any of the values. ``chat``, ``knowledge add`` and
``route`` are in ``test_phi_containment``; ``import`` and ``demo-data`` write the system
of record (roster names, fictional demo names) by design. A new command is one more row.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.integration.phi_at_rest import (
    ADA,
    ANA,
    CARA,
    CODE_SHAPED_NAME,
    NAME,
    PHONE,
    SUE,
    TEXT,
    practice_with_owners,
    raw_phi_in,
)
from tools.context import ToolContext
from tools.store.database import Database

REVIEW = "CCM: Care Plan Monthly REVIEW/CLOSE"
PRIOR_AUTH = f"{TEXT} His prior auth for the MRI has been pending with the payer for nine days."
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def baton_desk(baton: Any, text_guard: Any, monkeypatch: pytest.MonkeyPatch) -> Run:
    """``baton`` over the fictional practice, every owner role filled, logging at DEBUG."""
    monkeypatch.setenv("BATON_LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("BATON_STAFF_ID", str(ANA))  # who ``ask`` acts as; ``--as`` overrides
    records = ToolContext(Database(f"sqlite:///{baton.db}"), guard=text_guard)
    records.prepare()
    practice_with_owners(records)
    records.db.dispose()
    return baton


def ok(result: tuple[int, str, str], code: int = 0) -> str:
    status, out, err = result
    assert status == code, (out, err)
    return out


def number(pattern: str, out: str) -> str:
    found = re.search(pattern, out)
    assert found, out
    return found.group(1)


AS_ANA, AS_SUE, AS_ADA = ("--as", str(ANA)), ("--as", str(SUE)), ("--as", str(ADA))
ENTRY = ("--coordinator", str(ANA), "--patient", "ZK1029", "--type", REVIEW)
SIGNOFF = ("tasks", "log", *ENTRY, "--minutes", "90", "--confirm", "--notes", TEXT)
HANDOFF = (
    "handoffs", "open", "--role", "Billing supervisor", "--due-hours", "24",
    "--title", f"Call back: {TEXT}", "--condition", TEXT, "--waiting-on", TEXT,
    "--outcome", TEXT, "--patient", "ZK1029", *AS_ANA,
)  # fmt: skip

# One command each: (exit status, arguments).
COMMANDS: dict[str, tuple[int, tuple[str, ...]]] = {
    "tasks log --notes": (0, ("tasks", "log", *ENTRY, "--minutes", "20", "--notes", TEXT)),
    "tasks log, sent for sign-off": (0, SIGNOFF),
    "tasks log, a name for --patient": (
        1, ("tasks", "log", "--coordinator", "1", "--patient", NAME, "--type", REVIEW,
            "--minutes", "20"),
    ),
    "tasks log, a sentence for --type": (
        1, ("tasks", "log", "--coordinator", "1", "--patient", "ZK1029", "--type", TEXT,
            "--minutes", "20"),
    ),
    "billing practitioner-time --activity": (
        0, ("billing", "practitioner-time", "ZK1029", "30", "--activity", TEXT, *AS_ADA),
    ),
    "billing complex, a name for the patient": (
        1, ("billing", "complex", NAME, "2026-10", *AS_ADA),
    ),
    "billing write-off, a name for the patient": (
        1, ("billing", "write-off", NAME, "2026-10", "10.00", "--reason", "other", *AS_ADA),
    ),
    "billing write-off, a name for --reason": (
        1, ("billing", "write-off", "ZK1029", "2026-10", "10", "--reason", CODE_SHAPED_NAME,
            *AS_ADA),
    ),
    "billing month --save": (0, ("billing", "month", "2026-10", "--save", *AS_ADA)),
    # A role of the owner directory is its vocabulary, like a staff name: not free text.
    "owners set": (0, ("owners", "set", "Privacy officer", "--primary", str(SUE), *AS_ADA)),
    "handoffs open --title --condition --waiting-on --outcome": (0, HANDOFF),
    "handoffs open, a name for --role": (
        1, ("handoffs", "open", "--role", NAME, "--title", TEXT, "--due-hours", "8", *AS_ANA),
    ),
    "referrals open, a name for --specialty": (
        1, ("referrals", "open", "--patient", "ZK1029", "--specialty", NAME, *AS_ANA),
    ),
    "referrals open, a name for --patient": (
        1, ("referrals", "open", "--patient", NAME, "--specialty", "cardiology", *AS_ANA),
    ),
    "pcp change, a name for --provider": (
        1, ("pcp", "change", "--patient", "ZK1029", "--provider", NAME, "--reason", "moved"),
    ),
    "pcp change, a name for --reason": (
        1, ("pcp", "change", "--patient", "ZK1029", "--provider", "1",
            "--reason", CODE_SHAPED_NAME),
    ),
    "pcp remove, a name for --patient": (
        1, ("pcp", "remove", "--patient", NAME, "--reason", "relationship", *AS_ANA),
    ),
    "pcp complaint, a name for --category": (
        1, ("pcp", "complaint", "--patient", "ZK1029", "--category", CODE_SHAPED_NAME),
    ),
    "pcp fwa, a name for --patient": (
        1, ("pcp", "fwa", "--category", "identity", "--patient", NAME, *AS_ANA),
    ),
    "staff add, a phone number for --slack-id": (
        1, ("staff", "add", "New Coord", "--role", "coordinator", "--team", "North",
            "--slack-id", PHONE, *AS_ADA),
    ),
    "staff token issue --label": (
        0, ("staff", "token", "issue", str(ANA), "--label", f"{NAME} {PHONE}", *AS_ADA),
    ),
    "staff deactivate": (0, ("staff", "deactivate", str(CARA), *AS_ADA)),
    "jobs generate": (0, ("jobs", "generate", "--month", "2026-11", *AS_ADA)),
    "jobs run-due": (0, ("jobs", "run-due")),
    "corrections add --text": (
        0, ("corrections", "add", "--text", PRIOR_AUTH, "--agent", "clinical-case-manager",
            *AS_ADA),
    ),
    "corrections add, a name for --agent": (
        1, ("corrections", "add", "--text", TEXT, "--agent", CODE_SHAPED_NAME, *AS_ADA),
    ),
}  # fmt: skip


def _signoff_answered(status: int, *answer: str) -> Callable[[Run], object]:
    def flow(run: Run) -> object:
        decision = number(r"decision request #(\d+)", ok(run(*SIGNOFF)))
        return ok(run("decisions", "answer", decision, *answer, *AS_SUE), status)

    return flow


def _handoff_then(*command: str) -> Callable[[Run], object]:
    def flow(run: Run) -> object:
        handoff = number(r"#(\d+) open", ok(run(*HANDOFF)))
        return ok(run("handoffs", command[0], handoff, *command[1:]))

    return flow


def _deleted(run: Run) -> None:
    logged = ok(run("tasks", "log", *ENTRY, "--minutes", "20", "--notes", TEXT))
    ok(run("tasks", "delete", number(r"\(entry (\d+)\)", logged), *AS_ANA))


def _new_pcp_named(run: Run) -> None:
    ok(run("pcp", "change", "--patient", "ZK1029", "--provider", "1", "--reason", "moved"))
    asked = ok(run("pcp", "remove", "--patient", "ZK1029", "--reason", "relationship", *AS_ANA))
    ok(run("decisions", "answer", number(r"decision request #(\d+)", asked), "approve", *AS_SUE))
    held = json.loads(ok(run("handoffs", "list", "--mine", "--json", *AS_SUE)))
    # ZK1029 is high-risk: complex case management finds the new PCP.
    step = next(h["id"] for h in held if h["step"] == "complex_case_management")
    done = ("handoffs", "done", str(step), "--outcome", "new_pcp_chosen")
    ok(run(*done, "--set", f"provider={NAME}", *AS_SUE), 1)


def _plan_tracked(run: Run) -> None:
    ok(run("ask", PRIOR_AUTH, "--thread", "at-rest"))  # as BATON_STAFF_ID
    ok(run("handoffs", "open", "--thread", "at-rest", *AS_ANA))


def _corrections_imported_then_routed(run: Run) -> None:
    corrections = Path(run.db).parent.parent / "corrections.jsonl"  # type: ignore[attr-defined]
    lines = [
        {"text": PRIOR_AUTH, "primary_agent": "clinical-prior-authorization-specialist"},
        {"text": TEXT, "primary_agent": NAME},  # a bad line: nothing is imported
    ]
    corrections.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    ok(run("corrections", "import", str(corrections), *AS_ADA), 1)
    corrections.write_text(json.dumps(lines[0]), encoding="utf-8")
    ok(run("corrections", "import", str(corrections), *AS_ADA))
    ok(run("route", PRIOR_AUTH))  # embeds the accepted correction into the index


# Commands that act on what an earlier one made (a decision request, a handoff, a plan).
FLOWS: dict[str, Callable[[Run], object]] = {
    "tasks delete": _deleted,
    "decisions answer edit --comment --set": _signoff_answered(
        0, "edit", "--comment", TEXT, "--set", f"notes={TEXT}", "--set", "minutes=75"
    ),
    "decisions answer reject --comment": _signoff_answered(0, "reject", "--comment", TEXT),
    "decisions answer, --set naming no argument": _signoff_answered(
        1, "edit", "--set", f"{NAME}=1"
    ),
    "handoffs accept": _handoff_then("accept", *AS_SUE),
    "handoffs done --result": _handoff_then("done", "--result", TEXT, *AS_SUE),
    "handoffs cancel --reason": _handoff_then("cancel", "--reason", TEXT, *AS_ANA),
    "handoffs done, a name for the new PCP": _new_pcp_named,
    "ask, then handoffs open --thread": _plan_tracked,
    "corrections import, then route": _corrections_imported_then_routed,
}


@pytest.mark.parametrize(("status", "argv"), COMMANDS.values(), ids=COMMANDS.keys())
def test_no_raw_phi_at_rest_after_the_command(
    baton_desk: Run, status: int, argv: tuple[str, ...]
) -> None:
    ok(baton_desk(*argv), status)
    assert raw_phi_in(baton_desk.db.parent) == {}  # type: ignore[attr-defined]


@pytest.mark.parametrize("flow", FLOWS.values(), ids=FLOWS.keys())
def test_no_raw_phi_at_rest_after_the_commands(
    baton_desk: Run, flow: Callable[[Run], object]
) -> None:
    flow(baton_desk)
    assert raw_phi_in(baton_desk.db.parent) == {}  # type: ignore[attr-defined]
