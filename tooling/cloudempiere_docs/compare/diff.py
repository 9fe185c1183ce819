"""What changed between two versions of a page: blocks added, removed and changed, and
inside a changed block the words added and removed.

The standard library's :mod:`difflib` does both levels: a :class:`~difflib.SequenceMatcher`
over the blocks (a block is equal when its kind and text are), then, inside a run of
replaced blocks, each removed block is paired with the most similar following added block
of the same kind (the way ``difflib.Differ`` pairs similar lines) and the two are compared
word by word. Table rows are compared cell by cell, so a changed rate in a tax table
shows as that one number struck out and the new one inserted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from cloudempiere_docs.compare.extract import Block

Status = Literal["same", "added", "removed", "changed"]
Op = Literal["same", "add", "del"]
#: Two blocks this similar (difflib's ratio of their words) are one block that changed.
PAIRING_RATIO = 0.5
#: How far ahead a removed block looks for its changed counterpart among added ones.
PAIRING_WINDOW = 12
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORD = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Span:
    op: Op
    text: str


@dataclass(frozen=True, slots=True)
class Item:
    """One block of the comparison: ``cells`` hold the spans of each cell."""

    status: Status
    kind: str
    cells: tuple[tuple[Span, ...], ...]
    header: bool = False
    anchor: str = ""  # where the block is in the newer page (the older for removed ones)


@dataclass
class PageDiff:
    items: list[Item] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for item in self.items if item.status == status)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def removed(self) -> int:
        return self.count("removed")

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def has_changes(self) -> bool:
        return any(item.status != "same" for item in self.items)


def tokens(text: str) -> list[str]:
    """Words, runs of space and single punctuation marks: what a reader sees change."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> tuple[Span, ...]:
    """``new`` with the words removed from ``old`` and those added marked."""
    a, b = tokens(old), tokens(new)
    spans: list[Span] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            _append(spans, "same", "".join(a[i1:i2]))
            continue
        if i2 > i1:
            _append(spans, "del", "".join(a[i1:i2]))
        if j2 > j1:
            _append(spans, "add", "".join(b[j1:j2]))
    return tuple(spans)


def _append(spans: list[Span], op: Op, text: str) -> None:
    if not text:
        return
    if spans and spans[-1].op == op:
        spans[-1] = Span(op, spans[-1].text + text)
    else:
        spans.append(Span(op, text))


def similarity(a: Block, b: Block) -> float:
    """0 to 1: how much of the words two blocks of the same kind share."""
    if a.kind != b.kind or a.header != b.header:
        return 0.0
    # Words only: the spaces between them would make any two sentences look alike.
    matcher = SequenceMatcher(None, _WORD.findall(a.text), _WORD.findall(b.text), autojunk=False)
    if matcher.real_quick_ratio() < PAIRING_RATIO or matcher.quick_ratio() < PAIRING_RATIO:
        return 0.0
    return matcher.ratio()


#: A block of at most this many words is a value (a default, a level): when one stands
#: where another stood, it changed, however different the words are.
SHORT_WORDS = 4


def _short(block: Block) -> bool:
    return all(len(_WORD.findall(cell)) <= SHORT_WORDS for cell in block.cells)


def _alike(a: Block, b: Block) -> bool:
    """Same kind and shape, in the same place: the same anchor (a setting, a tax, a
    section). Blocks with different anchors are different entries, never one changed."""
    return a.kind == b.kind and a.header == b.header and a.anchor == b.anchor


def _whole(block: Block, op: Op) -> tuple[tuple[Span, ...], ...]:
    return tuple((Span(op, cell),) if cell else () for cell in block.cells)


def _changed(old: Block, new: Block) -> Item:
    width = max(len(old.cells), len(new.cells))
    cells = []
    for index in range(width):
        before = old.cells[index] if index < len(old.cells) else ""
        after = new.cells[index] if index < len(new.cells) else ""
        cells.append(word_diff(before, after))
    return Item("changed", new.kind, tuple(cells), new.header, new.anchor or old.anchor)


def _replace(old: Sequence[Block], new: Sequence[Block]) -> list[Item]:
    """Blocks replaced by as many of the same kinds changed one by one; otherwise each old
    block is paired with the most similar of the next few new blocks, and what stays
    unpaired was removed or added (removals first at the same place)."""
    if len(old) == len(new) and all(_alike(a, b) for a, b in zip(old, new)):
        # Block for block the same shape (a default 50 that became 100): each one changed.
        return [_changed(a, b) for a, b in zip(old, new)]
    items: list[Item] = []
    j = 0
    for block in old:
        window = range(j, min(len(new), j + PAIRING_WINDOW))
        scored = [(similarity(block, new[k]), k) for k in window]
        best, at = max(scored, default=(0.0, -1), key=lambda pair: (pair[0], -pair[1]))
        if best < PAIRING_RATIO and j < len(new) and _short(block) and _short(new[j]) and _alike(block, new[j]):
            best, at = 1.0, j  # a short value in its place (a default 50 -> 100) changed
        if best < PAIRING_RATIO:
            items.append(Item("removed", block.kind, _whole(block, "del"), block.header, block.anchor))
            continue
        items += [Item("added", b.kind, _whole(b, "add"), b.header, b.anchor) for b in new[j:at]]
        items.append(_changed(block, new[at]))
        j = at + 1
    items += [Item("added", b.kind, _whole(b, "add"), b.header, b.anchor) for b in new[j:]]
    return items


def diff_blocks(old: Sequence[Block], new: Sequence[Block]) -> PageDiff:
    """The comparison of two pages' blocks, in the newer page's order."""
    result = PageDiff()
    if [b.key for b in old] == [b.key for b in new]:  # the common case: nothing changed
        result.items = [Item("same", b.kind, _whole(b, "same"), b.header, b.anchor) for b in new]
        return result
    matcher = SequenceMatcher(None, [b.key for b in old], [b.key for b in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.items += [Item("same", b.kind, _whole(b, "same"), b.header, b.anchor) for b in new[j1:j2]]
        elif tag == "delete":
            result.items += [Item("removed", b.kind, _whole(b, "del"), b.header, b.anchor) for b in old[i1:i2]]
        elif tag == "insert":
            result.items += [Item("added", b.kind, _whole(b, "add"), b.header, b.anchor) for b in new[j1:j2]]
        else:
            result.items += _replace(old[i1:i2], new[j1:j2])
    return result


def one_side(blocks: Sequence[Block], status: Literal["added", "removed"]) -> PageDiff:
    """A page that exists on one side only: every block added (or removed)."""
    op: Op = "add" if status == "added" else "del"
    return PageDiff([Item(status, b.kind, _whole(b, op), b.header, b.anchor) for b in blocks])
