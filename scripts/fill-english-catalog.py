"""Fill the English catalog's new entries with their msgid (the English in the code is the text).

`make messages` runs it after `pybabel update`, so the English catalog has no untranslated
entry; an English msgstr edited by hand (a better wording) is kept.
"""

from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "src/reportkit/locale/en/LC_MESSAGES/reportkit.po"

with PO.open("rb") as file:
    catalog = read_po(file, locale="en")
for message in catalog:
    # A fuzzy entry holds the English of an older, similar msgid: take the new one instead.
    translated = all(message.string) if message.pluralizable else bool(message.string)
    if message.id and (not translated or message.fuzzy):
        message.string = message.id  # (singular, plural) for a plural entry
    message.flags.discard("fuzzy")
with PO.open("wb") as file:
    write_po(file, catalog, no_location=True, sort_output=True, width=100)
