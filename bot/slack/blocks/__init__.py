"""Block Kit messages and views as pure functions of Baton's typed results.

Nothing here talks to Slack or to the store: builders take values and return the JSON
Slack expects, within Slack's limits (``limits.py``), so they are table-tested.
"""
