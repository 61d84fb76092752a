"""Chat answers become HTML on the server: Markdown rendered, then sanitized."""

from __future__ import annotations

import pytest

from bot.web.markdown_html import collapsed_html, markdown_html


@pytest.mark.parametrize(
    "markdown, present, absent",
    [
        ("## Now\n\n- **Escalate** `auth.p2p`", ["<h2>Now</h2>", "<strong>Escalate</strong>",
                                               "<code>auth.p2p</code>"], ["##", "**"]),
        ("> <script>alert(1)</script>", ["&lt;script&gt;"], ["<script>"]),
        ('<img src=x onerror="alert(1)">', ["&lt;img"], ["<img"]),
        ("[click](javascript:alert(1))", [], ["href=\"javascript"]),
        ("[policy](https://example.org/p)", ['href="https://example.org/p"',
                                             'rel="noopener noreferrer"'], []),
        ("| a | b |\n|---|---|\n| 1 | 2 |", ["<table>", "<td>1</td>"], []),
    ],
)  # fmt: skip
def test_markdown_html(markdown: str, present: list[str], absent: list[str]) -> None:
    html = markdown_html(markdown)
    for part in present:
        assert part in html
    for part in absent:
        assert part not in html


def test_the_rest_of_a_plan_is_folded_under_a_summary() -> None:
    html = collapsed_html("## Now\n\n- call the payer", "## Handoffs\n\n- one")
    assert html.index("<h2>Now</h2>") < html.index("<details><summary>The full plan</summary>")
    assert html.index("<summary>") < html.index("<h2>Handoffs</h2>") < html.index("</details>")
