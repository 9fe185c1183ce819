"""The translation memory of a language: every translation in every catalog of it.

``make i18n`` uses it the way ``msgmerge --compendium`` uses a compendium: a message
that has no translation yet (new, or repeated on another page) is *proposed* the
translation it already has elsewhere, marked fuzzy so that a translator confirms it
(Sphinx leaves fuzzy entries out, so readers still see English until then). A message
whose text changed a little gets the translation of the closest translated message.
(No ``#| msgid`` line with that text: babel writes a long previous msgid as lines msgfmt
rejects, so the catalogs keep none.)

Sources are the catalogs of the pages and of the data files (translated messages first,
then obsolete ``#~`` ones kept for reuse) and the interface catalog. When one English text
has several translations, the most frequent one is proposed (which ``i18n check`` lists
as a conflict anyway).

The same memory drops obsolete entries that it holds elsewhere: after the data text
moved from the page catalogs into the data catalogs, the pages' obsolete copies of it
carry nothing that is not kept in the data catalogs.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog, Message

#: Proposals for a changed text need this similarity (difflib's ratio) to the English of
#: a translated message; msgmerge's own fuzzy matching is about as strict.
CLOSE = 0.85
#: Shorter texts get no proposal from a merely similar text.
MIN_WORDS = 4


def _text(message: Message) -> str | None:
    if not message.id or not isinstance(message.id, str):
        return None
    if not isinstance(message.string, str) or not message.string:
        return None
    return message.string


@dataclass
class Memory:
    """``(context, English) -> Counter of translations`` of one language."""

    exact: dict[tuple[str | None, str], Counter[str]] = field(default_factory=dict)
    by_text: dict[str, Counter[str]] = field(default_factory=dict)
    live: set[str] = field(default_factory=set)  # English texts translated in a live message

    @classmethod
    def of(cls, catalogs: Iterable[Catalog], earlier: Iterable[Catalog] = ()) -> Memory:
        """The memory of ``catalogs`` (as they are now) and of ``earlier`` versions of
        them (proposals only: what they held is not kept elsewhere any more)."""
        memory = cls()
        for catalog in catalogs:
            memory.learn(catalog, live=True)
        for catalog in earlier:
            memory.learn(catalog, live=False)
        return memory

    def learn(self, catalog: Catalog, *, live: bool) -> None:
        for message in catalog:
            if not message.fuzzy and (string := _text(message)) is not None:
                self.add(message.context, message.id, string, 2)
                if live:
                    self.live.add(message.id)
        for message in catalog.obsolete.values():
            if not message.fuzzy and (string := _text(message)) is not None:
                self.add(message.context, message.id, string, 1)

    def add(self, context: str | None, msgid: str, string: str, weight: int) -> None:
        self.exact.setdefault((context, msgid), Counter())[string] += weight
        self.by_text.setdefault(msgid, Counter())[string] += weight

    def holds(self, msgid: str) -> bool:
        """Whether a live, translated message of some catalog has this English text."""
        return msgid in self.live

    @staticmethod
    def _best(found: Counter[str]) -> str:
        return min(found.items(), key=lambda item: (-item[1], item[0]))[0]

    def propose(self, message: Message) -> tuple[str, str | None] | None:
        """``(translation, English it translates)`` for an untranslated message: the
        same text in the same field first, then the same text anywhere, then the closest
        translated text (the second item is then that text, else None)."""
        msgid = message.id
        if not isinstance(msgid, str) or not msgid:
            return None
        found = self.exact.get((message.context, msgid)) or self.by_text.get(msgid)
        if found:
            return self._best(found), None
        if len(msgid.split()) < MIN_WORDS:
            return None  # a label: a similar label is another thing ("Export E-Invoice", "Match Invoice")
        length = len(msgid)
        candidates = [t for t in self.by_text if abs(len(t) - length) <= max(8, length // 5)]
        close = difflib.get_close_matches(msgid, candidates, n=1, cutoff=CLOSE)
        if close:
            return self._best(self.by_text[close[0]]), close[0]
        return None


def fill(catalog: Catalog, memory: Memory) -> int:
    """Propose translations for the untranslated messages of ``catalog``, and replace
    a fuzzy proposal babel made from a merely similar message of the same catalog when
    the very same English text is translated elsewhere; return how many."""
    proposed = 0
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        if message.fuzzy and message.string:
            exact = memory.exact.get((message.context, message.id)) or memory.by_text.get(message.id)
            if exact:
                message.string = Memory._best(exact)
                proposed += 1
            continue
        if message.string or message.fuzzy:
            continue
        proposal = memory.propose(message)
        if proposal is None:
            continue
        message.string, _previous = proposal
        message.flags.add("fuzzy")
        proposed += 1
    return proposed


def prune(catalog: Catalog, memory: Memory) -> int:
    """Drop obsolete entries whose English text is translated in a live message
    elsewhere (the memory keeps it); return how many."""
    dropped = 0
    for key, message in list(catalog.obsolete.items()):
        if isinstance(message.id, str) and memory.holds(message.id):
            del catalog.obsolete[key]
            dropped += 1
    return dropped
