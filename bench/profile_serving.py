"""Where a served request's CPU goes: one ``baton serve`` worker under yappi.

Run:  BATON_DATA_DIR=DIR .venv/bin/python bench/profile_serving.py --port 8123 \
          [--out bench/results/serving-profile.txt]

Starts the same server ``baton serve`` starts (one worker, settings from the
environment) with yappi measuring CPU time on every thread: the event loop (HTTP
parsing, middleware, JSON) and the request threads (authentication, the engine). Drive
it with ``bench/http_load.py``, then stop it with SIGTERM or Ctrl-C; on the way out it
writes the functions that took the most CPU, inclusive and exclusive, to ``--out``.
Start-up (loading the models) is not counted: profiling begins once the worker is ready.
yappi is a dev dependency (pyproject); it is never imported by Baton itself.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

import yappi

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def write_profile(out: Path, top: int) -> None:
    stats = yappi.get_func_stats()
    lines = []
    for key, title in (("ttot", "inclusive CPU"), ("tsub", "exclusive CPU")):
        stats.sort(key, "desc")
        lines.append(f"== top {top} by {title} (seconds) ==")
        for stat in list(stats)[:top]:
            where = f"{Path(stat.module).name}:{stat.lineno}"
            figures = f"{stat.ttot:9.3f} {stat.tsub:9.3f} {stat.ncall:8d}"
            lines.append(f"{figures}  {stat.name} ({where})")
    threads = yappi.get_thread_stats()
    lines.append("== threads ==")
    for thread in threads:
        lines.append(f"{thread.ttot:9.3f}  {thread.name} ({thread.sched_count} switches)")
    out.write_text("\n".join(lines) + "\n")
    # For callers and callees: python -m pstats FILE, then e.g. "callers compile".
    stats.save(str(out.with_suffix(".pstat")), type="pstat")
    print(f"profile written to {out}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/serving-profile.txt")
    parser.add_argument("--top", type=int, default=60)
    args = parser.parse_args()

    import uvicorn

    from bot.api.app import create_app
    from bot.settings import BatonSettings

    yappi.set_clock_type("cpu")

    def profile_from_now() -> None:
        print("ready; profiling", file=sys.stderr, flush=True)
        yappi.start(builtins=False, profile_threads=True)

    app = create_app(BatonSettings(), on_ready=profile_from_now)
    # uvicorn shuts down gracefully, then raises the signal again with the handler found
    # at start: this one, so the profile is written instead of the process being killed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        uvicorn.run(app, host="127.0.0.1", port=args.port, log_config=None)
    finally:
        yappi.stop()
        write_profile(args.out, args.top)


if __name__ == "__main__":
    main()
