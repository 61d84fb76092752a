"""The coordinator's time entry in Slack: the /baton-log modal, its confirmation, and
the /baton-tasks summary.

Patients appear by chart code only (no names: minimum necessary), and only the
coordinator's own patients are offered; these views are shown to that coordinator alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from bot.slack.blocks.limits import (
    MAX_INPUT_LENGTH,
    MAX_MODAL_BLOCKS,
    MAX_OPTIONS,
    Block,
    bullets,
    context,
    escape,
    header,
    option,
    plain,
    private_metadata,
    sections,
)
from tools.tasks.types import TaskTypeView

LOG_VIEW = "task_log"
# block ids of the modal; a tool refusal's ``field`` names which one shows the message
PATIENT, TASK_TYPE, MINUTES, TASK_DATE, NOTES, CONFIRM = (
    "patient",
    "task_type",
    "minutes",
    "task_date",
    "notes",
    "confirm",
)
FIELD_BLOCKS = {
    "patient": PATIENT,
    "task_type": TASK_TYPE,
    "minutes": MINUTES,
    "task_date": TASK_DATE,
    "notes": NOTES,
    "coordinator": PATIENT,
}
MAX_LISTED = 20


@dataclass(frozen=True)
class PatientChoice:
    patient_id: int
    chart_code: str


def patient_options(patients: Sequence[PatientChoice], query: str = "") -> list[dict]:
    """Options for the patient picker, filtered by what the coordinator typed."""
    wanted = query.strip().upper()
    chosen = [p for p in patients if wanted in p.chart_code.upper()]
    return [option(p.chart_code, str(p.patient_id)) for p in chosen[:MAX_OPTIONS]]


def task_type_groups(types: Sequence[TaskTypeView]) -> list[dict]:
    """Task types grouped by category, as Slack option groups (100 options at most)."""
    groups = []
    shown = 0
    for category, members in groupby(types, key=lambda t: t.category):
        options = []
        for t in members:
            if shown == MAX_OPTIONS:
                break
            options.append(option(t.name, t.name))
            shown += 1
        if options:
            groups.append({"label": plain(category, 75), "options": options})
    return groups


def task_log_modal(
    patients: Sequence[PatientChoice], types: Sequence[TaskTypeView], today: date
) -> dict:
    """The /baton-log modal. Up to 100 patients are listed; beyond that the picker
    searches as the coordinator types (external select, answered by the options
    listener)."""
    if len(patients) <= MAX_OPTIONS:
        picker: dict = {
            "type": "static_select",
            "action_id": PATIENT,
            "placeholder": plain("Chart code"),
            "options": patient_options(patients),
        }
    else:
        picker = {
            "type": "external_select",
            "action_id": PATIENT,
            "placeholder": plain("Type a chart code"),
            "min_query_length": 1,
        }
    blocks: list[Block] = [
        {"type": "input", "block_id": PATIENT, "label": plain("Patient"), "element": picker},
        {
            "type": "input",
            "block_id": TASK_TYPE,
            "label": plain("Task type"),
            "element": {
                "type": "static_select",
                "action_id": TASK_TYPE,
                "placeholder": plain("Choose a task"),
                "option_groups": task_type_groups(types),
            },
        },
        {
            "type": "input",
            "block_id": MINUTES,
            "label": plain("Minutes"),
            # No min/max here: the tool's own rules answer, with its words.
            "element": {"type": "number_input", "action_id": MINUTES, "is_decimal_allowed": False},
        },
        {
            "type": "input",
            "block_id": TASK_DATE,
            "label": plain("Date"),
            "element": {
                "type": "datepicker",
                "action_id": TASK_DATE,
                "initial_date": today.isoformat(),
            },
        },
        {
            "type": "input",
            "block_id": NOTES,
            "optional": True,
            "label": plain("Notes"),
            "element": {
                "type": "plain_text_input",
                "action_id": NOTES,
                "multiline": True,
                "max_length": MAX_INPUT_LENGTH,
            },
            "hint": plain("Patient details are replaced by placeholders before saving."),
        },
        {
            "type": "input",
            "block_id": CONFIRM,
            "optional": True,
            "label": plain("Long entry"),
            "element": {
                "type": "checkboxes",
                "action_id": CONFIRM,
                "options": [
                    option("Yes, the time is right even if it is over twice the usual", "yes")
                ],
            },
        },
    ]
    assert len(blocks) <= MAX_MODAL_BLOCKS
    return {
        "type": "modal",
        "callback_id": LOG_VIEW,
        "private_metadata": private_metadata({"v": 1}),
        "title": plain("Log time", 24),
        "submit": plain("Log"),
        "close": plain("Cancel"),
        "blocks": blocks,
    }


def task_logged_view(message: str, waiting: bool = False) -> dict:
    """What the modal turns into once the entry is saved (or sent for sign-off)."""
    mark = ":hourglass_flowing_sand:" if waiting else ":white_check_mark:"
    return {
        "type": "modal",
        "callback_id": f"{LOG_VIEW}_done",
        "title": plain("Sent for sign-off" if waiting else "Logged", 24),
        "close": plain("Done"),
        "blocks": sections(f"{mark} {escape(message)}"),
    }


@dataclass(frozen=True)
class DueTask:
    due: date
    chart_code: str
    task_type: str


def tasks_today_blocks(
    today: date,
    due: Sequence[DueTask],
    minutes_today: int,
    entries_today: int,
    minutes_month: int,
    whose: str = "your",
) -> list[Block]:
    """/baton-tasks: open tasks due today (and overdue), time logged today and this month."""
    blocks: list[Block] = [header(f"Tasks for {today:%A %d %B %Y}")]
    overdue = [t for t in due if t.due < today]
    if due:
        lines = [
            f"{'*overdue* ' if t.due < today else ''}`{escape(t.chart_code)}` "
            f"{escape(t.task_type)}" + (f" (due {t.due.isoformat()})" if t.due < today else "")
            for t in due[:MAX_LISTED]
        ]
        if len(due) > MAX_LISTED:
            lines.append(f"… and {len(due) - MAX_LISTED} more")
        blocks += sections(
            f"*{len(due)} open task{'s' * (len(due) != 1)} due today or earlier* "
            f"({len(overdue)} overdue)\n" + bullets(lines)
        )
    else:
        blocks += sections("*No open tasks due today.*")
    blocks.append(
        {
            "type": "section",
            "fields": [
                {
                    "type": "mrkdwn",
                    "text": f"*Logged today:*\n{minutes_today} min in {entries_today} "
                    f"entr{'ies' if entries_today != 1 else 'y'}",
                },
                {"type": "mrkdwn", "text": f"*This month ({whose}):*\n{minutes_month} min"},
            ],
        }
    )
    blocks.append(context("Log time with `/baton-log`. Only you can see this message."))
    return blocks
