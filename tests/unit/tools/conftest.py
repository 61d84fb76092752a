"""Fixtures for the tools tests: the session's PHI guard under the name they use."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tools.phi import PhiGuard


@pytest.fixture(scope="session")
def phi_guard(shared_guard: PhiGuard) -> PhiGuard:
    """The session's one PHI guard (tests/conftest.py): loading another takes seconds."""
    return shared_guard
