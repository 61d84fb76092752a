"""Baton's Slack front door: a slack-bolt app for Socket Mode and HTTP mode.

``app.build_slack_app`` builds the bolt App; listeners are grouped by kind in
``listeners/``; Block Kit messages are built by pure functions in ``blocks/``; the app
manifest (``manifest.yaml``) is the one source of scopes, events and commands.
"""
