"""The Textual reader: days | papers | detail, over a ``reader.core.library.Library``.

``reader.ui.app.run`` opens it (the CLI's entry point); ``create_app`` builds the app for
tests and screenshots. Blocking library work runs in thread workers; widgets only get
domain objects and post messages.
"""
