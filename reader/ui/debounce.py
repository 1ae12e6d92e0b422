"""Timing helpers: ``Debounce`` runs something once a burst of events has gone quiet;
``PaintHold`` keeps a change off the screen until it is whole."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from contextlib import AbstractContextManager

from textual.message_pump import MessagePump
from textual.timer import Timer


class Debounce:
    """Call ``callback`` once ``delay`` seconds have passed since the last ``poke``.

    One timer serves a whole burst of pokes (a held-down key, fast typing), not one timer per
    poke: when it fires it looks at the last poke and, if that was too recent, waits on.
    """

    def __init__(self, owner: MessagePump, delay: float, callback: Callable[[], object]) -> None:
        self.owner = owner
        self.delay = delay
        self.callback = callback
        self.last = -math.inf
        """When ``poke`` was last called (``time.monotonic``)."""
        self._timer: Timer | None = None

    @property
    def pending(self) -> bool:
        """True while the callback waits to be called."""
        return self._timer is not None

    def since_last(self) -> float:
        """Seconds since the last poke."""
        return time.monotonic() - self.last

    def poke(self) -> None:
        """Call the callback ``delay`` seconds from now (later if poked again meanwhile)."""
        self.last = time.monotonic()
        if self._timer is None:
            self._timer = self.owner.set_timer(self.delay, self._due)

    def cancel(self) -> None:
        """Do not call the callback for the pokes so far."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _due(self) -> None:
        self._timer = None
        wait = self.delay - self.since_last()
        if wait > 0.005:
            self._timer = self.owner.set_timer(wait, self._due)
        else:
            self.callback()


class PaintHold:
    """Holds back the screen's painting until ``release`` (or ``limit`` seconds pass).

    A search run with enter changes the screen twice: at once (the focus moves to the
    list, its title says "searching") and when the results come from the worker, a few
    milliseconds later at 10,000 papers. Painting both costs a whole frame more (40-50 ms
    at 120x36) before the results show; held, the two are painted as one frame. A search
    that takes longer than ``limit`` is painted as it was asked for, then with its results.
    """

    def __init__(self, owner: MessagePump, limit: float) -> None:
        self.owner = owner
        self.limit = limit
        self._batch: AbstractContextManager[None] | None = None
        self._timer: Timer | None = None

    @property
    def held(self) -> bool:
        """True while painting is held back."""
        return self._batch is not None

    def hold(self) -> None:
        """Paint nothing from now until ``release`` or the time limit."""
        if self._batch is not None:
            return
        self._batch = self.owner.app.batch_update()
        self._batch.__enter__()
        self._timer = self.owner.set_timer(self.limit, self.release)

    def release(self) -> None:
        """Paint again (everything changed meanwhile, in the next frame)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        batch, self._batch = self._batch, None
        if batch is not None:
            batch.__exit__(None, None, None)
            self.owner.check_idle()  # from the timer's task nothing else would paint what changed
