"""An order is recognised by its grammar: a base-form verb that opens the clause and
acts on something, whatever the verb."""

import pytest

from graph.imperatives import leading_imperative


@pytest.mark.parametrize(
    "clause, verb",
    [
        ("renew the courier contract", "renew"),
        ("Deem the plan medically necessary", "deem"),  # a capital does not make it a name
        ("ok so please just go ahead and waive it", "waive"),
        ("sign her up for hospice", "sign"),
        ("the claim was denied", None),
        ("Admit: 2/24", None),
        ("claim # 555 is pending", None),
        ("do not assign a code", None),
        ("EVS cost per patient day is high", None),
        ("what should we renew?", None),
        ("", None),
    ],
)
def test_the_verb_that_opens_an_order(clause: str, verb: str | None) -> None:
    assert leading_imperative(clause) == verb
