"""Organization documents become cited chunks, redacted, with clear errors for bad files."""

from pathlib import Path

import pytest

from knowledge.documents import MAX_CHUNK_CHARS, DocumentError, read_document


def upper(text: str) -> str:
    return text.replace("Jane Roe", "<PERSON_1>")


def test_markdown_is_split_at_headings_and_sections_are_named(tmp_path: Path) -> None:
    doc = tmp_path / "denials-playbook.md"
    doc.write_text(
        "# Denials playbook\nIntro.\n\n## Appeals\nFile within 60 days. Ask Jane Roe.\n\n"
        "### Level 2\nPeer-to-peer first.\n",
        encoding="utf-8",
    )
    read = read_document(doc, upper)
    sections = [c.section for c in read.chunks]
    assert sections == [
        "Denials playbook",
        "Denials playbook > Appeals",
        "Denials playbook > Appeals > Level 2",
    ]
    assert "Jane Roe" not in " ".join(c.text for c in read.chunks)
    assert read.source == "denials-playbook.md"


def test_long_sections_are_chunked_under_the_limit(tmp_path: Path) -> None:
    doc = tmp_path / "policy.txt"
    doc.write_text(("Sentence about boarding escalation. " * 200 + "\n\n") * 3, encoding="utf-8")
    chunks = read_document(doc, lambda t: t).chunks
    assert len(chunks) > 3
    assert all(len(c.text) <= MAX_CHUNK_CHARS for c in chunks)


def test_the_content_hash_changes_with_the_content(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text("# A\none", encoding="utf-8")
    first = read_document(doc, lambda t: t).content_hash
    doc.write_text("# A\ntwo", encoding="utf-8")
    assert read_document(doc, lambda t: t).content_hash != first


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.docx", b"PK\x03\x04", "unsupported file type"),
        ("latin.txt", "caf\xe9".encode("latin-1"), "not UTF-8"),
        ("nul.md", b"abc\x00def", "binary"),
        ("empty.md", b"   \n", "no text"),
        ("broken.pdf", b"%PDF-1.4 garbage", "PDF"),
    ],
)
def test_bad_files_get_a_clear_error_naming_the_file(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message) as raised:
        read_document(path, lambda t: t)
    assert name in str(raised.value)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        read_document(tmp_path / "missing.md", lambda t: t)
