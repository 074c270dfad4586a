"""`reportkit import`: drafts in (Word, Markdown, plain text) and an editor's Word edits back.

The data flow, one module per stage:

- A reader turns a file into a `Draft` (draft.py): `text.py` for plain text, `markdown.py`
  for Markdown, `word.py` for a Word file written by any program.
- `mapping.py` turns a Draft into report data of one kind: it guesses the kind unless given and
  maps each heading onto a section kind from its words, recording every guess.
- `yaml_writer.py` writes that data as a YAML file for people (block scalars, `$schema`, the
  schema's field order, `TODO` comments, the guesses as comments).
- `command.py` runs the whole import and validates the result.
- A DOCX that `reportkit build` wrote carries where each of its texts came from (`ours.py`
  reads it back); importing it gives back the same report, and `edits.py` compares an edited
  copy with the report file and writes the changes into it (`--into`, `--apply`).
"""
