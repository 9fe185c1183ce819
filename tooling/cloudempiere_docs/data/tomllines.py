"""Where each key of a TOML document is written: the line map for located errors.

:mod:`tomllib` (the standard library's parser) gives values but no positions, and no
maintained pure-Python TOML parser on our dependency list keeps them either. The values
always come from tomllib; this module only walks the *structure* of a document that
tomllib has already accepted (table headers, keys, arrays, inline tables) and records
the line on which each key path starts, in the same shape as the YAML line map:
``("version", 2, "status") -> 27``.

Because the document is known to be valid TOML, the scanner only has to skip strings
(four kinds, with escapes and multi-line forms), comments and scalar values correctly;
quoted keys are decoded by tomllib itself. A path the scanner did not record falls back
to its nearest enclosing table (``Loaded.line_of``), never to a wrong line.
"""

from __future__ import annotations

import tomllib

Loc = tuple[str | int, ...]

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[Loc, int] = {}
        self.aot: dict[Loc, int] = {}  # array-of-tables location -> index of its last table

    # -- characters ---------------------------------------------------------------------

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def advance(self, n: int = 1) -> None:
        chunk = self.text[self.pos : self.pos + n]
        self.line += chunk.count("\n")
        self.pos += n

    def skip_blank(self, newlines: bool) -> None:
        """Skip spaces and comments (and newlines when ``newlines``)."""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char in " \t\r" or (newlines and char == "\n"):
                self.advance()
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.advance((len(self.text) if end < 0 else end) - self.pos)
            else:
                return

    # -- strings and keys ---------------------------------------------------------------

    def skip_string(self) -> None:
        quote = self.peek()
        if self.peek(3) == quote * 3:
            self.advance(3)
            while True:
                if quote == '"' and self.peek() == "\\":
                    self.advance(2)
                elif self.peek(3) == quote * 3:
                    self.advance(3)
                    # Up to two quotes may close the content right before the delimiter.
                    extra = 0
                    while extra < 2 and self.peek() == quote:
                        self.advance()
                        extra += 1
                    return
                else:
                    self.advance()
        self.advance()
        while self.peek() != quote:
            self.advance(2 if quote == '"' and self.peek() == "\\" else 1)
        self.advance()

    def key(self) -> tuple[str, ...]:
        """A (dotted) key; quoted parts are decoded by tomllib."""
        start = self.pos
        while True:
            self.skip_blank(newlines=False)
            if self.peek() in ('"', "'"):
                self.skip_string()
            else:
                while self.peek() and self.peek() in _BARE:
                    self.advance()
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                break
            self.advance()
        raw = self.text[start : self.pos].strip()
        parsed: object = tomllib.loads(f"{raw} = 0")
        parts: list[str] = []
        while isinstance(parsed, dict):
            (name, parsed), = parsed.items()
            parts.append(name)
        return tuple(parts)

    # -- values ---------------------------------------------------------------------------

    def value(self, loc: Loc) -> None:
        char = self.peek()
        if char in ('"', "'"):
            self.skip_string()
        elif char == "[":
            self.array(loc)
        elif char == "{":
            self.inline_table(loc)
        else:  # number, boolean, date or time: ends before a separator or comment
            while self.pos < len(self.text) and self.text[self.pos] not in ",]}\n#":
                self.advance()

    def array(self, loc: Loc) -> None:
        self.advance()  # [
        index = 0
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "]":
                self.advance()
                return
            if self.peek() == ",":
                self.advance()
                continue
            self.lines[(*loc, index)] = self.line
            self.value((*loc, index))
            index += 1

    def inline_table(self, loc: Loc) -> None:
        self.advance()  # {
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "}":
                self.advance()
                return
            if self.peek() == ",":
                self.advance()
                continue
            self.key_value(loc)

    def key_value(self, table: Loc) -> None:
        line = self.line
        keys = self.key()
        for depth in range(1, len(keys) + 1):
            self.lines.setdefault((*table, *keys[:depth]), line)
        self.skip_blank(newlines=False)
        self.advance()  # =
        self.skip_blank(newlines=False)
        self.value((*table, *keys))

    # -- tables ---------------------------------------------------------------------------

    def resolve(self, keys: tuple[str, ...]) -> Loc:
        """The location of a header's key path, through the current array tables."""
        loc: Loc = ()
        for name in keys:
            loc = (*loc, name)
            if loc in self.aot:
                loc = (*loc, self.aot[loc])
        return loc

    def document(self) -> dict[Loc, int]:
        table: Loc = ()
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return self.lines
            line = self.line
            if self.peek(2) == "[[":
                self.advance(2)
                keys = self.key()
                self.advance(2)  # ]]
                parent = self.resolve(keys[:-1])
                array = (*parent, keys[-1])
                self.aot[array] = self.aot.get(array, -1) + 1
                self.lines.setdefault(array, line)
                table = (*array, self.aot[array])
                self.lines[table] = line
            elif self.peek() == "[":
                self.advance()
                keys = self.key()
                self.advance()  # ]
                table = self.resolve(keys)
                self.lines.setdefault(table, line)
            else:
                self.key_value(table)


def toml_lines(text: str) -> dict[Loc, int]:
    """The line of every key, array item and table of ``text`` (valid TOML)."""
    return _Scanner(text).document()
