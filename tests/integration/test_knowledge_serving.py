"""Knowledge added while Baton serves, on both index configurations, with real servers.

- Embedded default: ``baton knowledge add`` beside a running ``baton serve`` on the same
  index directory. The server's next chat turn cites the new document; before, every
  later turn answered 500 ("Error creating hnsw segment reader") until a restart while
  ``/readyz`` said ready.
- Scale-out: PostgreSQL (a database of its own at 127.0.0.1:5432), a Chroma server
  (``chroma run``) and two ``baton serve`` workers, each with its own data directory: a
  document added with the workers' configuration is cited by a turn on either worker.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from knowledge.index import (
    DOCUMENTS_COLLECTION,
    PROFILES_COLLECTION,
    KnowledgeIndex,
    open_chroma,
    open_index,
)
from knowledge.onnx_embedder import OnnxMiniLMEmbedder
from tests.integration.serving import Baton, bearer, free_port, wait_until_answering

PG_ADMIN_URL = os.environ.get("BATON_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
PLAYBOOK = (
    "# Denial recovery playbook\n\n## Missing authorization denials\n"
    "Retro-authorization requests for CO-197 denials go to the payer within 5 business days "
    "of the denial posting. Escalate to the revenue cycle director after 10 days.\n"
)
QUESTION = "How do we handle CO-197 missing authorization denials on imaging claims?"


def _coordinator_token(baton: Baton) -> str:
    baton.run("staff", "add", "Ana Example", "--role", "coordinator", "--team", "North")
    staff_id = next(
        line.split()[0] for line in baton.run("staff", "list").splitlines() if "Ana Example" in line
    )
    return baton.token(int(staff_id))


def _cited(base: str, token: str, thread: str) -> list[str]:
    answer = httpx.post(
        f"{base}/api/v1/threads/{thread}/turns",
        headers=bearer(token),
        json={"text": QUESTION},
        timeout=120,
    )
    assert answer.status_code == 200, answer.text
    plan = answer.json()["answer"]
    return [citation["source"] for citation in plan["citations"]]


def _playbook(tmp_path: Path) -> Path:
    path = tmp_path / "denials-playbook.md"
    path.write_text(PLAYBOOK, encoding="utf-8")
    return path


def test_a_document_added_beside_a_running_server_is_cited_without_a_restart(tmp_path):
    baton = Baton(tmp_path / "data")
    token = _coordinator_token(baton)
    with baton.serving() as base:
        # A first turn loads the (empty) documents' index into the server.
        assert "denials-playbook.md" not in _cited(base, token, "before")
        baton.run("knowledge", "add", str(_playbook(tmp_path)))
        assert "denials-playbook.md" in _cited(base, token, "after")
        ready = httpx.get(f"{base}/readyz", timeout=30)
        assert ready.status_code == 200 and ready.json()["checks"]["index"] == "ok"


def test_readiness_queries_the_index_a_heartbeat_alone_would_pass(tmp_path):
    """A client that does not follow the directory's protocol (the way every process
    opened it before) fails its searches after another process writes: its health check
    must say so, as ``/readyz`` reports it."""
    directory = tmp_path / "chroma"
    embedder = OnnxMiniLMEmbedder()
    unaware = KnowledgeIndex(open_chroma(path=directory), embedder)
    unaware._collection(PROFILES_COLLECTION)
    unaware._collection(DOCUMENTS_COLLECTION)
    assert unaware.healthy()
    writer = subprocess.run(
        [sys.executable, "-c", _WRITE_ONE_DOCUMENT, str(directory)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert writer.returncode == 0, writer.stderr[-2000:]
    unaware._client.heartbeat()  # still answers
    assert not unaware.healthy()
    unaware._client.close()  # Chroma shares one client state per directory in a process
    aware = open_index(embedder, path=directory)
    assert aware.healthy() and aware.documents() == {"policy.md": 1}


_WRITE_ONE_DOCUMENT = """
import sys
from pathlib import Path
from knowledge.onnx_embedder import OnnxMiniLMEmbedder
from knowledge.index import DocumentChunk, open_index
index = open_index(OnnxMiniLMEmbedder(), path=Path(sys.argv[1]))
index.replace_document("policy.md", "h1", [DocumentChunk("Appeals", "Appeals within 30 days.")])
"""


@pytest.fixture
def postgres_database() -> Iterator[str]:
    name = f"baton_test_scaleout_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert chroma, "the chromadb package's `chroma` command is missing from the environment"
    port = free_port()
    log = tmp_path / "chroma.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [chroma, "run", "--path", str(tmp_path / "chroma-server"), "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{url}/api/v2/heartbeat", server, "chroma run", log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_scale_out_two_workers_share_the_store_and_the_index_server(
    tmp_path: Path, postgres_database: str, chroma_server: str
) -> None:
    shared = {
        "BATON_DATABASE_URL": postgres_database.replace("postgresql://", "postgresql+psycopg://"),
        "BATON_CHECKPOINT_URL": postgres_database,
        "BATON_CHROMA_URL": chroma_server,
    }
    first = Baton(tmp_path / "worker-1" / "data", **shared)
    second = Baton(tmp_path / "worker-2" / "data", **shared)
    token = _coordinator_token(first)  # one store: the token works on both workers
    with first.serving() as one, second.serving() as two:
        assert "denials-playbook.md" not in _cited(two, token, "before")
        first.run("knowledge", "add", str(_playbook(tmp_path)))
        assert "denials-playbook.md" in _cited(two, token, "after")
        assert "denials-playbook.md" in _cited(one, token, "after")
        for base in (one, two):
            ready = httpx.get(f"{base}/readyz", timeout=30).json()
            assert ready == {"status": "ready", "checks": {"store": "ok", "index": "ok"}}
    assert not (tmp_path / "worker-1" / "data" / "chroma").exists()  # the index is the server's
