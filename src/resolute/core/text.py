"""Text as it is stored: one Unicode form, no invisible direction marks, no NUL.

Vietnamese can be typed in two ways — "ệ" as one character (NFC, what keyboards on Windows and
phones send) or as "e" plus two combining marks (NFD, what some Mac programs and pasted PDFs
send). Both look the same, yet a search for one never finds the other, so every text is stored
in NFC. Bidirectional control characters (U+202E "right-to-left override" and its kin) let a
title display as something other than what it says — no Vietnamese or English text needs them —
so they are removed. A NUL character cannot be stored by PostgreSQL at all and is refused at the
edge with a message naming the field, never passed on to fail in the database.
"""

import re
import unicodedata

# LRM, RLM, ALM, the embeddings and overrides (U+202A–U+202E) and the isolates (U+2066–U+2069).
BIDIRECTIONAL_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


class NulCharacterError(ValueError):
    """The text holds a NUL character, which no database column accepts."""


def normalise_text(value: str) -> str:
    """The text in NFC with bidirectional control characters removed; refuses a NUL character."""
    if "\x00" in value:
        raise NulCharacterError("Text must not contain a NUL character.")
    return BIDIRECTIONAL_CONTROLS.sub("", unicodedata.normalize("NFC", value))
