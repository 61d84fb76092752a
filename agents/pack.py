"""Optional agent prompts in the public agent-pack format, for chat-model mode.

A pack is a folder of ``<slug>.md`` files, each YAML front matter between ``---`` lines
(``name``, ``display_name``, ``description``, ``color``, ``emoji``, ``services``) and a
markdown body: the agent's instructions. Baton adds the body of the primary agent's file
to its system prompt. The folder is optional; when one is configured, every file must
name an agent of the catalog and carry valid front matter, and all problems are reported
at once, each with its file.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

MAX_BODY_CHARS = 20_000  # a prompt, not a manual: keeps the model's context for the request


class AgentPackError(ValueError):
    """The agent-pack folder has problems; the message lists each one with its file."""


class AgentPrompt(BaseModel):
    """One agent's extra instructions, as the pack declares them."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str = Field(min_length=1)
    display_name: str | None = None
    description: str = Field(min_length=1)
    color: str | None = None
    emoji: str | None = None
    services: list[Any] = Field(default_factory=list)
    body: str = ""


def _front_matter(text: str) -> tuple[object, str]:
    """Split ``---\\nYAML\\n---\\nbody``; raises ValueError when there is none."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise ValueError("does not start with YAML front matter (a line with ---)")
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            header = "\n".join(lines[1:end])
            try:
                return yaml.safe_load(header), "\n".join(lines[end + 1 :]).strip()
            except yaml.YAMLError as error:
                mark = getattr(error, "problem_mark", None)
                where = f" at line {mark.line + 2}" if mark is not None else ""
                raise ValueError(f"front matter is not valid YAML{where}") from None
    raise ValueError("front matter is not closed by a line with ---")


def _problems_of(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())


def read_agent_prompt(path: Path) -> AgentPrompt:
    header, body = _front_matter(path.read_text(encoding="utf-8"))
    if not isinstance(header, dict):
        raise ValueError("front matter must be a mapping of fields")
    services = header.get("services")
    if services is not None and not isinstance(services, list):
        header = {**header, "services": [services]}
    try:
        prompt = AgentPrompt.model_validate({**header, "body": body})
    except ValidationError as error:
        raise ValueError(f"front matter: {_problems_of(error)}") from None
    if len(prompt.body) > MAX_BODY_CHARS:
        raise ValueError(f"body is over {MAX_BODY_CHARS:,} characters")
    return prompt


def load_agent_pack(folder: Path | None, known_slugs: Collection[str]) -> dict[str, AgentPrompt]:
    """Every ``<slug>.md`` in ``folder``, keyed by slug; an empty pack when unset.

    Raises ``AgentPackError`` listing every file with a problem: a slug the catalog does
    not know, front matter that is missing or invalid, a ``name`` that contradicts the
    file name, or an unreadable file.
    """
    if folder is None:
        return {}
    if not folder.is_dir():
        raise AgentPackError(f"agent prompts folder {folder} does not exist")
    prompts: dict[str, AgentPrompt] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.md")):
        slug = path.stem
        if path.name.lower() == "readme.md":
            continue
        if slug not in known_slugs:
            problems.append(f"{path.name}: unknown agent slug {slug!r}")
            continue
        try:
            prompt = read_agent_prompt(path)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            problems.append(f"{path.name}: {error}")
            continue
        if prompt.name != slug and prompt.name in known_slugs:
            problems.append(f"{path.name}: name {prompt.name!r} does not match the file name")
            continue
        prompts[slug] = prompt
    if problems:
        raise AgentPackError(f"agent prompts in {folder}: " + " | ".join(problems))
    return prompts
