"""LaTeX in titles and abstracts, as readable text: ``$\\nabla^2$DFT`` reads ``∇²DFT``.

Paper titles and abstracts are written for arXiv, so many hold LaTeX: ``$τ$-bench``,
``\\underline{N}on-...``, ``M$^{2}$UGen``. ``readable`` turns it into plain text with
pylatexenc's LaTeX-to-text converter; the reader shows that, and the index holds both the
source and the text (``searchable``), so either one finds the paper.

The conversion is careful with text that only looks like LaTeX: a text with no ``$`` and no
backslash is returned as it is; ``%``, ``&``, ``~`` and ``#`` keep their plain meaning
(percent, and, tilde, number), a lone ``$`` is a dollar, a backslash word LaTeX does not know
(``C:\\Users``) is kept as written, and anything the converter cannot read leaves the text
unchanged.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import LatexWalker
from pylatexenc.latexwalker import get_default_latex_context_db as parsing_context_db
from pylatexenc.macrospec import MacroSpec

_QUIET = logging.getLogger("pylatexenc")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False  # its warnings about odd LaTeX would reach the terminal: the text says enough

_PLAIN = {"%": "\ue000", "&": "\ue001", "~": "\ue002", "#": "\ue003"}
"""Characters LaTeX gives a meaning that a plain title does not, kept aside during conversion."""
_PLAIN_CHARACTER = re.compile(r"(?<!\\)[%&~#]")
_DOLLAR = re.compile(r"(?<!\\)\$")
_MACRO_PATTERN = (
    r"\{\\[A-Za-z]+\s[^{}]*\}"  # {\em text}
    r"|\\[A-Za-z]+\*?(?:\[[^\]]*\])?(?:\{(?:[^{}]|\{[^{}]*\})*\})*"  # \macro[opt]{arg}{arg}
    r"|\\[^A-Za-z\s]"  # \%, \&, \$ ...
)
_MACRO = re.compile(_MACRO_PATTERN)
_PIECE = re.compile(r"(?<!\\)\$\$.+?(?<!\\)\$\$|(?<!\\)\$.+?(?<!\\)\$|" + _MACRO_PATTERN, re.S)
"""The pieces of a text that are LaTeX: math between dollars, macros with their arguments."""
_PLAIN_MATH = re.compile(r"\$(?:[^\W_]|[ .,:;!?+\-=<>()\[\]/|'])+\$")
"""Math that reads as it is written once its dollars go."""
_SUPERSCRIPT = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")
_SUBSCRIPT = str.maketrans("0123456789+-", "₀₁₂₃₄₅₆₇₈₉₊₋")
_SCRIPT = re.compile(r"([\^_])([0-9]+|[+-][0-9]*)(?![0-9.])")
_STYLE_MACROS = ("bm", "boldsymbol", "texttt", "textsf")
"""Font macros pylatexenc has no text for: their argument is shown as it is."""
_CACHE = 4096


def _unknown_macro(node: Any, l2tobj: Any = None) -> str:
    """A macro the converter has no text for: its arguments' text, or the macro as written."""
    arguments = [argument for argument in (node.nodeargd.argnlist if node.nodeargd else []) if argument is not None]
    if arguments and l2tobj is not None:
        return str(l2tobj.nodelist_to_text(arguments))
    return str(node.latex_verbatim())


@functools.cache
def _converter() -> tuple[LatexNodes2Text, Any]:
    texts = get_default_latex_context_db().filter_context()
    texts.set_unknown_macro_spec(MacroTextSpec("", simplify_repl=_unknown_macro))
    fonts = [MacroTextSpec(name, simplify_repl=_unknown_macro) for name in _STYLE_MACROS]
    texts.add_context_category("papers-fonts", prepend=True, macros=fonts)
    parsing = parsing_context_db().filter_context()
    parsing.add_context_category("papers-fonts", prepend=True, macros=[MacroSpec(name, "{") for name in _STYLE_MACROS])
    return LatexNodes2Text(math_mode="text", latex_context=texts, strict_latex_spaces=False), parsing


def _scripts(match: re.Match[str]) -> str:
    table = _SUPERSCRIPT if match.group(1) == "^" else _SUBSCRIPT
    return match.group(2).translate(table)


@functools.lru_cache(maxsize=_CACHE)
def _convert(piece: str) -> str:
    """One piece of LaTeX (``$...$``, ``\\macro{...}``) as text; the piece itself when the
    converter cannot read it or knows none of it. Pieces repeat (``$n$``, ``$\\alpha$``), so
    each is converted once; plain math (``$n$``, ``$k=3$``) needs no converter."""
    if _PLAIN_MATH.fullmatch(piece):
        return piece.strip("$")
    protected = _PLAIN_CHARACTER.sub(lambda match: _PLAIN[match.group()], piece)
    converter, parsing = _converter()
    try:
        nodes = LatexWalker(protected, latex_context=parsing, tolerant_parsing=True).get_latex_nodes()[0]
        converted = str(converter.nodelist_to_text(nodes))
    except Exception:  # the converter's own errors are many and undocumented: the piece stays
        return piece
    if not converted.strip() or "%s" in converted or converted.count("\\") >= max(1, piece.count("\\")):
        return piece  # nothing it could show, a macro without its argument, nothing it knew
    for plain, kept in _PLAIN.items():
        converted = converted.replace(kept, plain)
    return _SCRIPT.sub(_scripts, converted)


@functools.lru_cache(maxsize=_CACHE)
def readable(text: str) -> str:
    """``text`` with its LaTeX turned into plain text (``text`` itself when it holds none).

    Only the pieces that are LaTeX (math between dollars, macros and their arguments,
    escaped characters) go through the converter, each on its own: an abstract costs the
    few short pieces it holds, not its whole length, and the text around them stays as
    written."""
    if "$" not in text and "\\" not in text:
        return text
    pieces = _PIECE if len(_DOLLAR.findall(text)) % 2 == 0 else _MACRO  # a lone dollar is a price
    converted = pieces.sub(lambda match: _convert(match.group()), text)
    if "\n" not in text:
        converted = " ".join(converted.split())  # a one-line title stays on one line
    return converted


def searchable(text: str) -> str:
    """``text`` and, when it differs, its readable form: what the index holds, so a search
    finds the paper by either."""
    plain = readable(text)
    return text if plain == text else f"{text}\n{plain}"
