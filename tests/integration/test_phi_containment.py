"""No raw identifier from a request reaches checkpoints, the index or the log."""

import logging
import os
from pathlib import Path

from graph.engine import BatonEngine, EngineConfig
from tests.conftest import vector_cache
from tools.phi.logging_filter import PhiRedactingFilter

REQUEST = (
    "Patient Desmond Achterberg, DOB 02/19/1947, MRN 00593817, member ID XQW448201937, "
    "phone 312-555-0187, lives at 4418 Larkspur Ave; his PCP panel change is stuck and "
    "the prior auth for home oxygen was denied."
)
IDENTIFIERS = [
    "Achterberg",
    "02/19/1947",
    "00593817",
    "XQW448201937",
    "312-555-0187",
    "4418 Larkspur",
]


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_turns_store_and_log_only_redacted_text(tmp_path: Path, engine: BatonEngine) -> None:
    log_path = tmp_path / "baton.log"
    handler = logging.FileHandler(log_path)
    handler.addFilter(PhiRedactingFilter(engine.guard))
    logger = logging.getLogger("baton.test")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        # The machine's vector cache, as the CLI uses it: the agent profiles (no PHI) are
        # not embedded again for this data directory.
        config = EngineConfig(data_dir=tmp_path / "data", cache_dir=vector_cache())
        with BatonEngine(config, guard=engine.guard) as baton:
            result = baton.ask(REQUEST, thread_id="phi-thread")
            baton.ask("and what about his DOB 02/19/1947?", thread_id="phi-thread")
            logger.info("turn request: %s", REQUEST)
            assert result.phi_detected
            assert result.plan is not None and result.plan.phi_reminder
            snapshot = baton.graph.get_state({"configurable": {"thread_id": "phi-thread"}})
            state_text = repr(snapshot.values)
        handler.flush()
        stored = _all_bytes(tmp_path / "data") + log_path.read_bytes()
        for identifier in IDENTIFIERS:
            assert identifier.encode() not in stored, identifier
            assert identifier not in state_text, identifier
        assert b"<PERSON_1>" in log_path.read_bytes() or b"<PERSON" in log_path.read_bytes()
    finally:
        logger.removeHandler(handler)


def test_routing_sees_only_redacted_text(engine: BatonEngine) -> None:
    seen: list[str] = []
    original = engine.router.route

    def spy(text: str, *args: object, **kwargs: object):
        seen.append(text)
        return original(text, *args, **kwargs)

    engine.router.route = spy  # type: ignore[method-assign]
    try:
        engine.route(REQUEST)
    finally:
        engine.router.route = original  # type: ignore[method-assign]
    assert seen and all(identifier not in seen[0] for identifier in IDENTIFIERS)
    assert os.environ.get("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS") == ""


def test_every_cli_entry_point_keeps_phi_out_of_output_and_storage(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    data_dir = tmp_path / "data"
    env = {**os.environ, "BATON_DATA_DIR": str(data_dir), "BATON_LOG_LEVEL": "DEBUG"}

    def baton(*args: str, stdin: bytes = b"") -> bytes:
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            input=stdin,
            env=env,
            capture_output=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr.decode()
        return done.stdout + done.stderr

    policy = tmp_path / "escalation-policy.md"
    policy.write_text(f"# Denied oxygen auth\n\nExample case: {REQUEST}\n")
    outputs = [
        baton("route", REQUEST),
        baton("route", "--json", REQUEST),
        baton("route", "--jsonl", stdin=json.dumps({"id": 1, "text": REQUEST}).encode()),
        baton("ask", REQUEST, "--thread", "t1"),
        baton("ask", REQUEST, "--format", "json", "--thread", "t1"),
        baton("knowledge", "add", str(policy)),
        baton("chat", stdin=f"{REQUEST}\n/quit\n".encode()),
    ]
    stored = _all_bytes(data_dir)
    assert b"<PERSON_1>" in b"".join(outputs)
    for identifier in IDENTIFIERS:
        for output in outputs:
            assert identifier.encode() not in output, identifier
        assert identifier.encode() not in stored, identifier


def test_a_known_staff_member_reads_their_own_words_back_and_nothing_is_stored(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    data_dir = tmp_path / "data"
    env = {**os.environ, "BATON_DATA_DIR": str(data_dir)}

    def baton(*args: str, staff: str | None = None) -> bytes:
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            env={**env, **({"BATON_STAFF_ID": staff} if staff else {})},
            capture_output=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr.decode()
        return done.stdout

    baton("staff", "add", "Ana Coord", "--role", "coordinator", "--team", "North")
    mine = baton("ask", REQUEST, "--thread", "t2", staff="1")
    anonymous = baton("ask", REQUEST, "--thread", "t3")
    assert all(identifier.encode() in mine for identifier in IDENTIFIERS[:2])
    assert not any(identifier.encode() in anonymous for identifier in IDENTIFIERS)
    stored = _all_bytes(data_dir)
    assert not any(identifier.encode() in stored for identifier in IDENTIFIERS)
