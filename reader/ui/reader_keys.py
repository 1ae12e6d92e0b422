"""The reader screen's keys (``ReaderScreen.BINDINGS``), in the order the footer shows them.

Each binding has an ``id`` so that ``[keys]`` in config.toml can remap it (``keymap``); the
panes' own keys (``j``, ``k``, ``g`` ...) are the panes' bindings (``virtual_list.MOVE_KEYS``).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

READER_BINDINGS: list[BindingType] = [
    # The app's keys, named again so that the footer shows them first, as on every screen.
    Binding("q", "app.quit", "Quit", id="reader.quit"),
    Binding("question_mark,f1", "app.help", "Help", key_display="?", id="reader.help"),
    # A priority key: the app runs it before it hands the keys typed after it to a widget,
    # so a burst such as "/diffusion" lands in the box (see ``check_action``).
    Binding("slash", "search", "Search", key_display="/", priority=True, id="reader.search"),
    # Escape in the search or filter box, as a priority key for the same reason as "/": the
    # box is closed and the list focused before the keys typed after it are handled.
    Binding("escape", "close_box", "Close", show=False, priority=True, id="reader.close_box"),
    Binding("escape", "clear_filter", "Clear filter", id="reader.clear_filter"),
    Binding("escape", "leave_search", "Leave search", id="reader.leave_search"),
    # The same action, named for what escape does from the papers like one paper (m).
    Binding("escape", "leave_search('back')", "Back", id="reader.back"),
    Binding("f,vertical_line", "filter", "Filter", show=False, key_display="|", id="reader.filter"),
    Binding("n", "next_unread", "Next unread", id="reader.next_unread"),
    Binding("N", "previous_unread", "Previous unread", show=False, id="reader.previous_unread"),
    Binding("r", "toggle_read", "Read/unread", show=False, id="reader.toggle_read"),
    Binding("A", "mark_entry_read", "Mark all read", show=False, id="reader.mark_entry_read"),
    Binding("u", "undo_read", "Undo mark all", show=False, id="reader.undo_read"),
    Binding("space", "read_on", "Read on", show=False, id="reader.read_on"),
    Binding("minus", "page_back", "Page back", show=False, key_display="-", id="reader.page_back"),
    Binding("J", "next_paper", "Next paper", show=False, id="reader.next_paper"),
    Binding("K", "previous_paper", "Previous paper", show=False, id="reader.previous_paper"),
    Binding("b", "bookmark", "Bookmark", id="reader.bookmark"),
    Binding("m", "similar", "Similar", id="reader.similar"),
    Binding("x", "hide", "Hide", show=False, id="reader.hide"),
    Binding("X", "toggle_hidden", "Show hidden", show=False, id="reader.toggle_hidden"),
    Binding("B", "bookmarks", "Bookmarks", show=False, id="reader.bookmarks"),
    Binding("t", "edit_tags", "Tags", id="reader.tags"),
    Binding("e", "edit_note", "Note", show=False, id="reader.note"),
    Binding("ctrl+e", "edit_note_in_editor", "Note in $EDITOR", show=False, id="reader.note_editor"),
    Binding("ctrl+s", "save_search", "Save search", show=False, id="reader.save_search"),
    Binding("y", "copy_link", "Copy link", id="reader.copy_link"),
    Binding("Y", "copy_menu", "Copy…", show=False, id="reader.copy_menu"),
    Binding("o", "open_link", "Open", id="reader.open_link"),
    Binding("s", "cycle_sort", "Sort", id="reader.sort"),
    Binding("S", "reverse_sort", "Reverse", show=False, id="reader.reverse_sort"),
    Binding("left_square_bracket", "older_day", "Older day", show=False, key_display="[", id="reader.older_day"),
    Binding("right_square_bracket", "newer_day", "Newer day", show=False, key_display="]", id="reader.newer_day"),
    Binding("colon", "goto", "Go to day", show=False, key_display=":", id="reader.goto"),
    Binding("tab", "next_pane", "Next pane", show=False, priority=True, id="reader.next_pane"),
    Binding("shift+tab", "previous_pane", "Previous pane", show=False, priority=True, id="reader.previous_pane"),
    Binding("l", "next_pane", "Next pane", show=False, id="reader.next_pane_l"),
    Binding("h", "previous_pane", "Previous pane", show=False, id="reader.previous_pane_h"),
    Binding("ctrl+r", "rescan", "Rescan", show=False, id="reader.rescan"),
    Binding("F", "fetch", "Fetch", show=False, id="reader.fetch"),
    Binding("d", "demo", "Demo", id="reader.demo"),
]
"""The reader's keys: the app's first (the footer shows them first, as on every screen)."""
