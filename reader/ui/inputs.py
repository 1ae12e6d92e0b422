"""``QuietInput``: Textual's ``Input`` without a layout of the whole screen on every key.

``Input`` sets its ``virtual_size`` (the width of its text) each time its value changes, and
``virtual_size`` is a layout reactive: each key typed lays out the whole screen again (20-60
ms at 120x36, most of the time of typing a query). An input of a fixed size has no scrollbar
to show or hide, so a repaint is enough; one sized by its content still asks for the layout
itself (``Input`` does when ``styles.auto_dimensions``). Every text box of the reader is one.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class QuietInput(Input):
    """An ``Input`` whose text width changes repaint it and nothing else."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """The width of the text; scrolling to the cursor reads it as before."""
