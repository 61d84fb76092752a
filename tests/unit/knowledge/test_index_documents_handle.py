"""The documents collection is looked up once, however many requests ask for it first."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from knowledge.index import DOCUMENTS_COLLECTION, KnowledgeIndex


class SlowClient:
    """A Chroma client whose get-or-create takes a while (as Chroma's does) and counts."""

    def __init__(self) -> None:
        self.lookups = 0
        self._count = threading.Lock()

    def get_or_create_collection(self, name: str, **_: Any) -> str:
        with self._count:
            self.lookups += 1
        time.sleep(0.05)  # long enough for the other threads to arrive meanwhile
        return f"collection:{name}"


class NoEmbedder:
    def embed(self, texts: list[str]) -> Any:
        raise AssertionError("nothing is embedded to look a collection up")


def test_concurrent_first_requests_look_the_documents_collection_up_once():
    client = SlowClient()
    index = KnowledgeIndex(client, NoEmbedder())  # type: ignore[arg-type]
    with ThreadPoolExecutor(8) as pool:
        handles = list(pool.map(lambda _: index._documents(), range(8)))
    assert handles == [f"collection:{DOCUMENTS_COLLECTION}"] * 8
    assert client.lookups == 1
