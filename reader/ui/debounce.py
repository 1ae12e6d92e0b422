"""``Debounce``: run something once a burst of events has gone quiet."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

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
