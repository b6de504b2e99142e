"""Error messages that stay on one line whatever the user typed.

Messages quote user input (file names, TOML keys, values). A name with a newline would split a message
over two lines, and control characters (an ANSI escape in a file name) would reach the terminal raw. Both
are shown escaped instead, the way Python writes them in a string literal.
"""

from __future__ import annotations

import unicodedata

# str.splitlines() breaks on these besides \n and \r.
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _shown(char: str) -> str:
    if char in _LINE_BREAKS or unicodedata.category(char) in ("Cc", "Cs"):
        return repr(char)[1:-1]  # \n, \x1b, \u2028, \udc80 ...
    return char


def one_line(text: str) -> str:
    r"""Return ``text`` with line breaks and control characters escaped (``\\n``, ``\\x1b``), stripped."""
    return "".join(_shown(c) for c in str(text).strip())
