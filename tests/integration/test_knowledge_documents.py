"""Organization documents: ingested through the guard, cited, replaced when changed."""

from pathlib import Path

from graph.engine import BatonEngine


def test_documents_are_cited_and_replaced_on_change(engine: BatonEngine, tmp_path: Path) -> None:
    playbook = tmp_path / "denials-playbook.md"
    playbook.write_text(
        "# Denial recovery playbook\n\n## Missing authorization denials\n"
        "Retro-authorization requests for CO-197 denials go to the payer within 5 business days "
        "of the denial posting. Escalate to the revenue cycle director after 10 days.\n\n"
        "## Contact\nQuestions go to Winifred Castellanos at 617-555-0148.\n",
        encoding="utf-8",
    )
    (first,) = engine.add_documents([playbook])
    assert first.status == "added" and first.chunks == 2
    (again,) = engine.add_documents([playbook])
    assert again.status == "unchanged"

    result = engine.ask("How do we handle CO-197 missing authorization denials on imaging claims?")
    assert result.plan is not None
    cited = [c for c in result.plan.citations if c.source == "denials-playbook.md"]
    assert cited and "Missing authorization denials" in cited[0].section

    stored = engine.index._collection("baton_documents").get(include=["documents"])
    assert all("Castellanos" not in d and "617-555-0148" not in d for d in stored["documents"])

    playbook.write_text("# Denial recovery playbook\n\nOne short section now.\n", encoding="utf-8")
    (changed,) = engine.add_documents([playbook])
    assert changed.status == "replaced" and changed.chunks == 1
    assert engine.index.documents()["denials-playbook.md"] == 1
