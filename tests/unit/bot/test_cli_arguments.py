"""The CLI reads ids, numbers and dates by the API's rules (``tools.fields``): what the
API answers 422 for, the command refuses as a usage error (exit 2), naming the form."""

from __future__ import annotations

import pytest

from bot.cli.app import build_parser
from tools.fields import MAX_ID

PAST_STORE = str(MAX_ID + 1)


@pytest.mark.parametrize(
    "argv",
    [
        ["handoffs", "show", PAST_STORE],
        ["handoffs", "accept", "0"],
        ["cases", "show", "¹"],
        ["decisions", "answer", "١٢", "approve"],
        ["tasks", "delete", "-3"],
        ["staff", "token", "issue", "1_000"],
        ["owners", "set", "Billing supervisor", "--primary", PAST_STORE],
        ["owners", "set", "Billing supervisor", "--primary", "4", "--chain", f"5,{PAST_STORE}"],
        ["tasks", "list", "--as", "²"],
        ["handoffs", "open", "--role", "R", "--title", "T", "--due-hours", "1e12"],
        ["handoffs", "open", "--role", "R", "--title", "T", "--due-hours", "nan"],
        ["handoffs", "open", "--role", "R", "--title", "T", "--due-hours", "٣"],
        ["handoffs", "open", "--role", "R", "--title", "T", "--escalate-after-hours", "0"],
        ["handoffs", "open", "--thread", "t1", "--boundary", "51"],
        ["referrals", "open", "--patient", "ZK1", "--specialty", "c", "--open-loop-days", "inf"],
        ["tasks", "list", "--date", "0"],
        ["tasks", "list", "--date", "2026-10-1"],
        ["audit", "export", "--from", "2026-01-01", "--to", "9999-12-31"],
        [
            "tasks",
            "log",
            "--coordinator",
            "1",
            "--patient",
            "ZK1",
            "--type",
            "x",
            "--minutes",
            "99999999999999999999999",
        ],
        ["billing", "codes", "--program", "ccm", "--minutes", "-1"],
    ],
)
def test_out_of_range_or_malformed_arguments_are_usage_errors(argv, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(argv)
    assert exited.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_arguments_in_range_are_read_as_numbers_and_dates() -> None:
    parser = build_parser()
    args = parser.parse_args(["handoffs", "show", str(MAX_ID), "--as", "007"])
    assert (args.id, args.as_staff) == (MAX_ID, 7)
    args = parser.parse_args(
        ["handoffs", "open", "--role", "R", "--title", "T", "--due-hours", str(24 * 90)]
    )
    assert args.due_hours == 24 * 90
    args = parser.parse_args(
        ["owners", "set", "Billing supervisor", "--primary", "4", "--chain", "5,6"]
    )
    assert args.chain == [5, 6]
    assert str(parser.parse_args(["tasks", "list", "--date", "2026-10-14"]).date) == "2026-10-14"
    log = ["tasks", "log", "--coordinator", "1", "--patient", "ZK1", "--type", "x"]
    assert parser.parse_args([*log, "--minutes", "10"]).minutes == 10
    referral = ["referrals", "open", "--patient", "ZK1", "--specialty", "c"]
    assert parser.parse_args([*referral, "--open-loop-days", "3"]).open_loop_days == 3
    assert parser.parse_args(
        ["handoffs", "open", "--thread", "t", "--boundary", "50"]
    ).boundary == [50]
