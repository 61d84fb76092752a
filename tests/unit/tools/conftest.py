"""Fixtures for the tools tests: one PHI guard per session."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tools.phi import PhiGuard


@pytest.fixture(scope="session")
def phi_guard() -> PhiGuard:
    # Imported here so test modules that do not need the guard never load Presidio.
    from tools.phi import PhiGuard, PhiModelMissing

    try:
        return PhiGuard()
    except PhiModelMissing as error:
        pytest.fail(f"PHI model missing, the PHI tests cannot run: {error}", pytrace=False)
