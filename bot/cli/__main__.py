"""``python -m bot.cli``: the same as the ``baton`` command."""

from bot.cli.app import main

raise SystemExit(main())
