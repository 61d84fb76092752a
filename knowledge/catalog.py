"""Loads and cross-checks the handoff map and the 51 agent profiles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from knowledge.schema import AgentExamples, AgentProfile, Workflow

DATA_DIR = Path(__file__).parent / "data"


class KnowledgeError(ValueError):
    """The knowledge data is inconsistent; the message names the file and the field."""


@dataclass(frozen=True)
class HandoffRule:
    id: str
    text: str


@dataclass(frozen=True)
class Catalog:
    agents: dict[str, AgentProfile]
    workflows: dict[str, Workflow]
    rules: tuple[HandoffRule, ...]
    # Extra routing examples per agent, beyond the profile's typical requests.
    examples: dict[str, tuple[str, ...]]

    def agent(self, slug: str) -> AgentProfile:
        try:
            return self.agents[slug]
        except KeyError:
            raise KnowledgeError(f"unknown agent slug {slug!r}") from None

    def display_name(self, slug: str) -> str:
        """The name people read for an agent. A slug the catalog no longer knows (a plan
        checkpointed before a rename) is shown as words, never as the slug itself."""
        profile = self.agents.get(slug)
        if profile is not None:
            return profile.display_name
        words = slug.replace("-", " ").replace("_", " ").strip()
        return words[:1].upper() + words[1:] if words else "Unknown specialist"

    def workflows_with_primary(self, slug: str) -> list[Workflow]:
        return [wf for wf in self.workflows.values() if slug in wf.primary]


def _read_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path.name}: not valid YAML ({exc})") from None


def _load_agents(folder: Path) -> dict[str, AgentProfile]:
    agents: dict[str, AgentProfile] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            profile = AgentProfile.model_validate(_read_yaml(path))
        except ValidationError as exc:
            raise KnowledgeError(f"{path.name}: {exc}") from None
        if path.stem != profile.slug:
            raise KnowledgeError(f"{path.name}: slug {profile.slug!r} does not match file name")
        if not profile.slug.startswith(profile.division + "-"):
            raise KnowledgeError(f"{path.name}: slug must start with its division")
        agents[profile.slug] = profile
    return agents


def _load_examples(folder: Path, agents: dict[str, AgentProfile]) -> dict[str, tuple[str, ...]]:
    examples: dict[str, tuple[str, ...]] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            item = AgentExamples.model_validate(_read_yaml(path))
        except ValidationError as exc:
            raise KnowledgeError(f"{path.name}: {exc}") from None
        if item.agent not in agents or path.stem != item.agent:
            raise KnowledgeError(f"{path.name}: examples for unknown agent {item.agent!r}")
        examples[item.agent] = tuple(item.examples)
    return examples


def _load_workflows(path: Path, agents: dict[str, AgentProfile]) -> dict[str, Workflow]:
    raw = _read_yaml(path)
    if not isinstance(raw, list):
        raise KnowledgeError(f"{path.name}: expected a list of workflows")
    workflows: dict[str, Workflow] = {}
    for index, item in enumerate(raw):
        try:
            workflow = Workflow.model_validate(item)
        except ValidationError as exc:
            raise KnowledgeError(f"{path.name}[{index}]: {exc}") from None
        named = [*workflow.primary, *(s.agent for s in workflow.supporting)]
        for slug in named:
            if slug not in agents:
                raise KnowledgeError(
                    f"{path.name}: workflow {workflow.id} names unknown agent {slug!r}"
                )
        roles = {owner.role for owner in workflow.human_owners}
        for boundary in workflow.boundaries:
            if (
                boundary.exception.escalate_to not in roles
                and boundary.exception.escalate_to not in agents
            ):
                raise KnowledgeError(
                    f"{path.name}: workflow {workflow.id}, boundary {boundary.name!r} escalates to "
                    f"{boundary.exception.escalate_to!r}, which is neither a human owner of the "
                    "workflow nor an agent"
                )
        if workflow.id in workflows:
            raise KnowledgeError(f"{path.name}: duplicate workflow id {workflow.id}")
        workflows[workflow.id] = workflow
    return workflows


def _load_rules(path: Path) -> tuple[HandoffRule, ...]:
    raw = _read_yaml(path)
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise KnowledgeError(f"{path.name}: expected a list of {{id, text}} rules")
    return tuple(HandoffRule(id=str(r["id"]), text=str(r["text"])) for r in raw)


def load_catalog(data_dir: Path = DATA_DIR) -> Catalog:
    """Read and validate the whole catalog; raises KnowledgeError naming the bad file."""
    agents = _load_agents(data_dir / "agents")
    workflows = _load_workflows(data_dir / "workflows.yaml", agents)
    rules = _load_rules(data_dir / "handoff_rules.yaml")
    examples = _load_examples(data_dir / "examples", agents)
    return Catalog(agents=agents, workflows=workflows, rules=rules, examples=examples)


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    return load_catalog()
