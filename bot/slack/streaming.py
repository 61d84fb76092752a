"""A chat model's answer shown in Slack as it is written, in a streaming message.

With a chat model configured, the specialist writes its answer token by token
(``BatonEngine.ask_stream``). As Slack's guidelines for AI apps recommend, the answer
then appears in the turn's thread as one streaming message (``chat.startStream``,
``chat.appendStream`` …, ``chat.stopStream``, through slack_sdk's ``ChatStream``), and
the plan is posted after it as usual. Offline no token comes and none of this runs.

- Batches, not tokens: Slack rate-limits the streaming calls, so text goes out when
  ``FLUSH_SECONDS`` have passed since the last call or ``MAX_BATCH_CHARS`` are waiting
  (the first batch as soon as there is one, so the message appears at once).
- PHI: a batch ends at a line or sentence end (a long run without one, at a space), so
  the PHI guard sees whole phrases and a placeholder is never cut in two. Each batch
  passes the guard with the thread's placeholders, then ``show`` (placeholders stay in a
  thread others read; ``BatonEngine.reveal`` for the author alone), then is escaped so no
  ``<…>`` the model wrote becomes a mention or a link.
- Failure: streaming is a nicety. The first streaming call Slack refuses ends it for the
  turn; a message already started is closed and completed with the whole answer as
  stored (``chat.update``). The plan is posted as usual either way: the answer is never
  lost and never posted twice.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web.chat_stream import ChatStream

from bot.slack.blocks.limits import escape_markdown, truncate

log = logging.getLogger("bot.slack.streaming")

FLUSH_SECONDS = 0.8  # at most about one streaming call a second per answer
MAX_BATCH_CHARS = 600  # …unless this much text waits (a fast model)
LONG_RUN_CHARS = 1200  # no line or sentence end in this many characters: cut at a space
MAX_STREAM_CHARS = 11_000  # Slack takes 12,000 characters of markdown in a message
TOO_LONG = "\n\n_…shortened for Slack._"
SET_ASIDE = "\n\n_Baton could not use this answer: the plan below stands without it._"

# The end of a sentence: . ! or ? and any closing marks, then whitespace.
_SENTENCE_END = re.compile(r"[.!?][\"')\]*_]*\s+")

Redact = Callable[[str], str]


@dataclass(frozen=True)
class StreamPlace:
    """Where an answer streams: a thread, and the person it answers (Slack needs the
    recipient to stream into a channel)."""

    channel: str
    thread_ts: str
    user_id: str
    team_id: str | None = None


def ready_length(text: str, *, force_at: int = LONG_RUN_CHARS) -> int:
    """How much of ``text`` can go out now: up to its last line or sentence end, or, in
    a run of ``force_at`` characters without one, up to its last space; 0 for none.

    Cutting there never splits a placeholder (``<PERSON_1>`` has no space) and gives the
    PHI guard whole phrases to judge.
    """
    cut = text.rfind("\n") + 1
    for match in _SENTENCE_END.finditer(text, cut):
        cut = match.end()
    if cut == 0 and len(text) >= force_at:
        cut = max(text.rfind(" "), text.rfind("\t")) + 1
    return cut


class AnswerStream:
    """One answer streaming into one Slack message; never raises out of its methods."""

    def __init__(
        self,
        client: WebClient,
        place: StreamPlace,
        redact: Redact,
        show: Redact,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._place = place
        self._redact = redact
        self._show = show
        self._clock = clock
        self._stream: ChatStream | None = None
        self._pending = ""  # the model's text not sent yet
        self._sent = 0  # characters shown so far
        self._last_call = 0.0
        self._failed = False
        self._full = False
        self._done = False

    @property
    def ts(self) -> str | None:
        """The streaming message's timestamp once Slack has started it."""
        return self._stream.ts if self._stream is not None else None

    @property
    def failed(self) -> bool:
        return self._failed

    def add(self, token: str) -> None:
        """The next piece of the model's text; sends a batch when one is due."""
        if self._failed or self._full or self._done:
            return
        self._pending += token
        due = (
            self.ts is None
            or len(self._pending) >= MAX_BATCH_CHARS
            or self._clock() - self._last_call >= FLUSH_SECONDS
        )
        if not due:
            return
        cut = ready_length(self._pending)
        if cut:
            batch, self._pending = self._pending[:cut], self._pending[cut:]
            self._send(batch)

    def finish(self, answer: str | None) -> None:
        """The turn has its result: send what is left and stop the stream.

        ``answer`` is the model's whole answer as the plan stores it (already through the
        guard), or None when the specialist set it aside (the plan's note says why).
        """
        if self._done:
            return
        self._done = True
        if not self._failed:
            if self.ts is None and answer is None:
                return  # nothing shown yet of an answer that was set aside: show none
            rest = "" if self._full else self._pending
            if self.ts is None and not rest.strip():
                return  # nothing to show (the model wrote only spaces)
            if self._stop(rest, SET_ASIDE if answer is None else ""):
                return
        self._complete(answer)

    def abandon(self) -> None:
        """The turn failed: close a started stream as it stands (the thread hears of the
        failure from the caller)."""
        if not self._done:
            self._done = True
            self._close_quietly()

    # -- Slack calls --------------------------------------------------------------------

    def _shown(self, text: str) -> str:
        return escape_markdown(self._show(self._redact(text)))

    def _open(self) -> ChatStream:
        if self._stream is None:
            place = self._place
            # buffer_size=1: ChatStream sends each append at once; the batching is ours.
            self._stream = self._client.chat_stream(
                buffer_size=1,
                channel=place.channel,
                thread_ts=place.thread_ts,
                recipient_user_id=place.user_id,
                recipient_team_id=place.team_id or None,
            )
        return self._stream

    def _send(self, batch: str) -> None:
        # A failure anywhere here (the guard included) ends streaming, never the turn:
        # the text stays unshown and the plan follows.
        try:
            text = self._shown(batch)
            if not text:
                return
            if self._sent + len(text) > MAX_STREAM_CHARS - len(TOO_LONG):
                text, self._full = TOO_LONG, True
            self._open().append(markdown_text=text)
        except Exception as error:  # noqa: BLE001 - streaming is a nicety; fall back
            self._give_up("chat.startStream" if self.ts is None else "chat.appendStream", error)
            return
        self._sent += len(text)
        self._last_call = self._clock()

    def _stop(self, rest: str, note: str) -> bool:
        try:
            closing = self._shown(rest) + note
            self._open().stop(markdown_text=closing or None)
        except Exception as error:  # noqa: BLE001 - streaming is a nicety; fall back
            self._give_up("chat.stopStream", error)
            return False
        return True

    def _give_up(self, method: str, error: Exception) -> None:
        self._failed = True
        reason = error.response.get("error") if isinstance(error, SlackApiError) else None
        # The reason is Slack's error code, or the exception's type: never its text.
        log.warning("streaming the answer stopped: %s (%s)", method, reason or type(error).__name__)
        if method != "chat.stopStream":
            self._close_quietly()

    def _close_quietly(self) -> None:
        ts = self.ts
        if ts is None:
            return
        try:
            self._client.chat_stopStream(channel=self._place.channel, ts=ts)
        except Exception as error:  # noqa: BLE001 - it may have expired already
            log.info("could not close the answer stream (%s)", type(error).__name__)

    def _complete(self, answer: str | None) -> None:
        """After a failure: the started message becomes the whole answer, once."""
        ts = self.ts
        if ts is None:
            return  # nothing was shown: the plan follows as usual
        try:
            text = (
                escape_markdown(truncate(self._show(answer), MAX_STREAM_CHARS))
                if answer
                else SET_ASIDE.strip()
            )
            self._client.chat_update(channel=self._place.channel, ts=ts, markdown_text=text)
        except Exception as error:  # noqa: BLE001 - the plan still follows
            log.warning("could not complete the streamed answer (%s)", type(error).__name__)
