"""Reading an organization's policies and playbooks into cited chunks.

Markdown is split at headings so a citation can name the section; plain text at
blank-line paragraphs; PDF page by page. Chunks stay under ``MAX_CHUNK_CHARS``
so one passage is short enough to quote in a plan.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from knowledge.index import DocumentChunk

MAX_CHUNK_CHARS = 900
SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".pdf")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


class DocumentError(ValueError):
    """A document cannot be ingested; the message names the file and the reason."""


@dataclass(frozen=True)
class ReadDocument:
    source: str
    content_hash: str
    chunks: list[DocumentChunk]


def _markdown_sections(text: str, title: str) -> Iterator[tuple[str, str]]:
    trail: list[str] = []
    lines: list[str] = []

    def flush() -> Iterator[tuple[str, str]]:
        body = "\n".join(lines).strip()
        if body:
            yield (" > ".join(trail) or title, body)
        lines.clear()

    for line in text.splitlines():
        match = _HEADING.match(line)
        if match:
            yield from flush()
            level = len(match.group(1))
            trail[:] = trail[: level - 1] + [match.group(2)]
        else:
            lines.append(line)
    yield from flush()


def _paragraph_sections(text: str, title: str) -> Iterator[tuple[str, str]]:
    body = text.strip()
    if body:
        yield (title, body)


def _pdf_sections(path: Path) -> Iterator[tuple[str, str]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, OSError) as exc:
        raise DocumentError(f"{path}: not a readable PDF ({type(exc).__name__})") from None
    for number, text in enumerate(pages, start=1):
        if text.strip():
            yield (f"page {number}", text.strip())


def _split(body: str) -> Iterator[str]:
    """Split a section into chunks at paragraph, then sentence, boundaries."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    current = ""
    for paragraph in paragraphs:
        pieces = [paragraph]
        if len(paragraph) > MAX_CHUNK_CHARS:
            pieces = re.split(r"(?<=[.!?])\s+", paragraph)
        for piece in pieces:
            while len(piece) > MAX_CHUNK_CHARS:  # one enormous sentence: cut it hard
                if current:
                    yield current
                    current = ""
                yield piece[:MAX_CHUNK_CHARS]
                piece = piece[MAX_CHUNK_CHARS:]
            if current and len(current) + len(piece) + 2 > MAX_CHUNK_CHARS:
                yield current
                current = piece
            else:
                current = f"{current}\n\n{piece}" if current else piece
    if current:
        yield current


def read_document(path: Path, redact: Callable[[str], str]) -> ReadDocument:
    """Read one file into chunks; every chunk's text and section pass through ``redact``."""
    if not path.is_file():
        raise DocumentError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            f"{path}: unsupported file type {suffix or '(none)'}; "
            f"use one of {', '.join(SUPPORTED_SUFFIXES)}"
        )
    raw = path.read_bytes()
    if suffix == ".pdf":
        sections = list(_pdf_sections(path))
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise DocumentError(f"{path}: not UTF-8 text") from None
        if "\x00" in text:
            raise DocumentError(f"{path}: looks binary (contains NUL bytes)")
        splitter = _markdown_sections if suffix in (".md", ".markdown") else _paragraph_sections
        sections = list(splitter(text, path.stem))
    chunks = [
        DocumentChunk(section=redact(section), text=redact(piece))
        for section, body in sections
        for piece in _split(body)
    ]
    if not chunks:
        raise DocumentError(f"{path}: no text found")
    return ReadDocument(
        source=path.name,
        content_hash=hashlib.sha256(raw).hexdigest()[:16],
        chunks=chunks,
    )
