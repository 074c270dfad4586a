"""Which words of a text changed: the `-` old / `+` new lines of `import --into`'s diff.

Words are compared, not characters (an editor changes words, and a character diff of Arabic
text is unreadable); removed words are marked `[-…-]`, added ones `{+…+}`, as `git diff
--word-diff` does. Long unchanged stretches are shortened to their ends, so a one-word change
in a long paragraph shows as one line.
"""

from __future__ import annotations

from difflib import SequenceMatcher

_CONTEXT_WORDS = 6  # unchanged words kept on each side of a change
_GAP = "…"


def marked_words(old: str, new: str) -> tuple[str, str]:
    """Return `old` with its removed words marked and `new` with its added words marked."""
    before, after = old.split(), new.split()
    old_parts: list[str] = []
    new_parts: list[str] = []
    opcodes = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            kept = _shortened(before[i1:i2], first=index == 0, last=index == len(opcodes) - 1)
            old_parts.append(kept)
            new_parts.append(kept)
            continue
        if i2 > i1:
            old_parts.append("[-" + " ".join(before[i1:i2]) + "-]")
        if j2 > j1:
            new_parts.append("{+" + " ".join(after[j1:j2]) + "+}")
    return " ".join(old_parts), " ".join(new_parts)


def _shortened(words: list[str], first: bool, last: bool) -> str:
    """Return an unchanged stretch, only its words next to a change when it is long."""
    if len(words) <= 2 * _CONTEXT_WORDS + 1 or (first and last):
        return " ".join(words)
    head = " ".join(words[:_CONTEXT_WORDS])
    tail = " ".join(words[-_CONTEXT_WORDS:])
    if first:
        return f"{_GAP} {tail}"
    if last:
        return f"{head} {_GAP}"
    return f"{head} {_GAP} {tail}"
