"""The human roles Baton routes work to, grouped as ``baton owners check`` reports them."""

from __future__ import annotations

from knowledge.catalog import Catalog
from tools.cases.definitions import tracked_workflow_roles


def owner_role_groups(catalog: Catalog) -> dict[str, set[str]]:
    workflows = catalog.workflows.values()
    return {
        "decision owners of the handoff map": {o.role for w in workflows for o in w.human_owners},
        "handoff owners of the map's boundaries": {
            role
            for w in workflows
            for b in w.boundaries
            for role in (b.owner, b.exception.escalate_to)
        },
        "tracked workflows (referrals, PCP attribution)": tracked_workflow_roles(),
    }


def all_owner_roles(catalog: Catalog) -> set[str]:
    return set().union(*owner_role_groups(catalog).values())
