"""Team metrics as pure rules: what coverage and completion mean (PCC design §6.3).

- **Coverage** of a month: of the active patients on a coordinator's panel, the share
  with at least one time entry (by anyone) in that month. Patients who left the panel or
  are inactive are in neither count, so coverage is between 0 and 100%.
- **Task completion** of a month: of the coordinator's generated tasks that count so
  far (due on or before the day the month is looked at, or already done though due
  later), the share done. Tasks due later and not yet done are not late, so they do not
  count against anyone; a month with nothing counted has no completion (``None``).
"""

from __future__ import annotations


def share_pct(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent, to one decimal; ``None`` when ``whole`` is 0.

    A part larger than its whole means the two were counted over different sets: that
    is a bug, refused here rather than shown as a figure above 100%."""
    if part < 0 or whole < 0:
        raise ValueError("counts are never negative")
    if part > whole:
        raise ValueError(f"{part} is not a part of {whole}")
    if whole == 0:
        return None
    return round(100 * part / whole, 1)


def coverage_pct(reached: int, panel: int) -> float:
    """Coverage: active panel patients reached this month over the active panel (0% for
    an empty panel, which has nobody left uncovered but nobody covered either)."""
    return share_pct(reached, panel) or 0.0


def completion_pct(done_of_due: int, due_so_far: int, done_due_later: int) -> float | None:
    """Completion: of the tasks due so far, those done, plus tasks done ahead of their
    due date in both counts (see the module)."""
    return share_pct(done_of_due + done_due_later, due_so_far + done_due_later)
