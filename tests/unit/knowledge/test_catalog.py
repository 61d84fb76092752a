"""The handoff map and the 51 profiles load, validate and agree with each other."""

from pathlib import Path

import pytest
import yaml

from knowledge.catalog import KnowledgeError, load_catalog
from knowledge.schema import DIVISIONS

DATA = Path(__file__).parents[3] / "knowledge" / "data"

# The catalog named in the domain facts, by division.
EXPECTED_COUNTS = {
    "clinical": 8,
    "emergency": 1,
    "healthit": 6,
    "operations": 7,
    "payer": 6,
    "pharmacy": 2,
    "pophealth": 3,
    "quality": 7,
    "revenue": 6,
    "strategy": 5,
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(DATA)


def test_all_51_agents_have_profiles_in_their_divisions(catalog) -> None:
    assert len(catalog.agents) == 51
    for division in DIVISIONS:
        members = [s for s, p in catalog.agents.items() if p.division == division]
        assert len(members) == EXPECTED_COUNTS[division], division


def test_the_map_has_15_workflows_with_known_agents_and_owners(catalog) -> None:
    assert len(catalog.workflows) == 15
    for workflow in catalog.workflows.values():
        for slug in workflow.primary:
            assert slug in catalog.agents
        assert workflow.human_owners
        for boundary in workflow.boundaries:
            assert boundary.exception.escalate_to in {o.role for o in workflow.human_owners}


def test_primaries_of_map_workflows_default_to_that_workflows_owners(catalog) -> None:
    for workflow in catalog.workflows.values():
        roles = [o.role for o in workflow.human_owners]
        for slug in workflow.primary:
            assert set(catalog.agent(slug).human_owners) == set(roles), slug


def test_every_agent_is_primary_of_at_most_one_workflow(catalog) -> None:
    for slug in catalog.agents:
        assert len(catalog.workflows_with_primary(slug)) <= 1, slug


def test_handoff_rules_cover_the_map(catalog) -> None:
    ids = {rule.id for rule in catalog.rules}
    assert {
        "one-primary",
        "verify-sources",
        "phi-minimum-necessary",
        "final-decisions-to-humans",
    } <= ids


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    for path in DATA.rglob("*.yaml"):
        copy = target / path.relative_to(DATA)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(path.read_text())
    return target


def test_a_workflow_naming_an_unknown_agent_is_refused(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    workflows = yaml.safe_load((data / "workflows.yaml").read_text())
    workflows[0]["supporting"][0]["agent"] = "revenue-nonexistent-agent"
    (data / "workflows.yaml").write_text(yaml.safe_dump(workflows))
    with pytest.raises(KnowledgeError, match="unknown agent 'revenue-nonexistent-agent'"):
        load_catalog(data)


def test_a_profile_with_a_missing_field_names_the_file(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    path = data / "agents" / "revenue-cycle-specialist.yaml"
    profile = yaml.safe_load(path.read_text())
    del profile["sources_to_verify"]
    path.write_text(yaml.safe_dump(profile))
    with pytest.raises(KnowledgeError, match="revenue-cycle-specialist.yaml"):
        load_catalog(data)


def test_an_escalation_to_a_role_outside_the_workflow_is_refused(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    workflows = yaml.safe_load((data / "workflows.yaml").read_text())
    workflows[2]["boundaries"][0]["exception"]["escalate_to"] = "Somebody else"
    (data / "workflows.yaml").write_text(yaml.safe_dump(workflows))
    with pytest.raises(KnowledgeError, match="Somebody else"):
        load_catalog(data)
