"""Optional agent prompts in the public agent-pack format."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.pack import AgentPackError, load_agent_pack

KNOWN = {"revenue-cycle-specialist", "quality-risk-manager"}
GOOD = """---
name: revenue-cycle-specialist
display_name: Revenue Cycle Specialist
description: Gets claims paid.
color: green
emoji: "💵"
services: [denials, appeals]
---
# Revenue Cycle Specialist

Lead with the payer's appeal deadline.
"""


def _pack(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_no_folder_is_an_empty_pack() -> None:
    assert load_agent_pack(None, KNOWN) == {}


def test_a_good_file_loads_with_its_body(tmp_path: Path) -> None:
    pack = load_agent_pack(_pack(tmp_path, {"revenue-cycle-specialist.md": GOOD}), KNOWN)
    prompt = pack["revenue-cycle-specialist"]
    assert prompt.display_name == "Revenue Cycle Specialist"
    assert prompt.services == ["denials", "appeals"]
    assert prompt.body.startswith("# Revenue Cycle Specialist")
    assert "appeal deadline" in prompt.body


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("revenue-cyle-specialist.md", GOOD, "unknown agent slug 'revenue-cyle-specialist'"),
        ("quality-risk-manager.md", "# no front matter\n", "does not start with YAML"),
        ("quality-risk-manager.md", "---\nname: x\ndescription: y\n", "not closed"),
        ("quality-risk-manager.md", "---\nname: [unclosed\n---\nbody\n", "not valid YAML"),
        ("quality-risk-manager.md", "---\n- a\n- b\n---\nbody\n", "must be a mapping"),
        ("quality-risk-manager.md", "---\nname: quality-risk-manager\n---\nb\n", "description"),
        ("quality-risk-manager.md", GOOD, "name 'revenue-cycle-specialist' does not match"),
    ],
)
def test_each_problem_is_named_with_its_file(
    tmp_path: Path, name: str, text: str, problem: str
) -> None:
    with pytest.raises(AgentPackError) as raised:
        load_agent_pack(_pack(tmp_path, {name: text}), KNOWN)
    assert name in str(raised.value) and problem in str(raised.value)


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    folder = _pack(tmp_path, {"a-b.md": GOOD, "c-d.md": GOOD, "README.md": "# about"})
    with pytest.raises(AgentPackError) as raised:
        load_agent_pack(folder, KNOWN)
    assert "a-b.md" in str(raised.value) and "c-d.md" in str(raised.value)
    assert "README" not in str(raised.value)


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AgentPackError, match="does not exist"):
        load_agent_pack(tmp_path / "nowhere", KNOWN)
