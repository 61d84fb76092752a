"""The ``baton`` command starts light: no import cycles, no model loaded to parse or to
answer a pure command, and ``--version``.

Each check runs in a fresh interpreter: this test process has long imported everything.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CLI = ROOT / "bot" / "cli"
# Seconds to load each; only the commands that use them may import them.
HEAVY = (
    "spacy",
    "presidio_analyzer",
    "presidio_anonymizer",
    "chromadb",
    "langgraph",
    "langchain_core",
    "langchain_openai",
    "openai",
    "numpy",
    "tokenizers",
    "slack_bolt",
    "fastapi",
    "uvicorn",
    "graph.engine",
)


def cli_modules() -> list[str]:
    return sorted(f"bot.cli.{path.stem}" for path in CLI.glob("*.py") if path.stem != "__init__")


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def loaded_after(statements: str) -> dict[str, object]:
    """Run ``statements`` in a fresh interpreter; which heavy modules it loaded, and what
    it printed."""
    code = (
        "import contextlib, io, json, sys\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        + "".join(f"    {line}\n" for line in statements.splitlines())
        + f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(json.dumps({'heavy': heavy, 'out': out.getvalue()}))\n"
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def imports_of(path: Path) -> set[str]:
    """Every ``bot.cli`` module that ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            # ``from bot.cli import audit`` imports the module bot.cli.audit
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name in cli_modules()}


def test_the_cli_modules_import_each_other_without_cycles() -> None:
    graph = {f"bot.cli.{path.stem}": imports_of(path) for path in CLI.glob("*.py")}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            cycle = path[path.index(module) :] + [module]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        for target in sorted(graph.get(module, ())):
            visit(target, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


@pytest.mark.parametrize("module", [m for m in cli_modules() if m != "bot.cli.__main__"])
def test_each_cli_module_imports_on_its_own_without_a_model(module: str) -> None:
    assert loaded_after(f"import {module}")["heavy"] == []


def test_reading_the_settings_loads_no_engine() -> None:
    result = loaded_after("from bot.settings import BatonSettings\nBatonSettings()")
    assert result["heavy"] == []


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["billing", "--help"]])
def test_the_parser_answers_without_loading_a_model(argv: list[str]) -> None:
    result = loaded_after(
        "from bot.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code"
    )
    assert result["heavy"] == []
    assert "baton" in str(result["out"])


def test_billing_codes_answer_without_loading_a_model() -> None:
    result = loaded_after(
        "from bot.cli import main\n"
        "assert main(['billing', 'codes', '--program', 'ccm', '--minutes', '45', '--json']) == 0"
    )
    assert result["heavy"] == []
    assert json.loads(str(result["out"])) == {"codes": ["99490", "99439"]}


def test_version_names_the_installed_package() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"baton {version('baton')}\n"
