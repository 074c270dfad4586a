"""`reportkit import`: drafts in (Word, Markdown, plain text) and an editor's Word edits back.

A draft in: FILE → a reader → `Draft` → mapping → YAML for people → validated report file.

- `command.py` runs the whole import: picks the reader, writes the report and its images
  (nothing on error), validates the result.
- `draft.py` (shared): the `Draft` every reader fills, in reading order.
- Readers, one per format:
  - `text.py`: plain text (a copied web article, a saved e-mail), letter for letter.
  - `markdown.py`: CommonMark with footnotes, GFM tables and YAML front matter.
  - `word.py`: a Word file written by any program; with `word_file.py` (is it a DOCX we can
    read: `.doc`, encrypted, damaged), `word_parts.py` (what a paragraph's style and numbering
    make it: heading, list item, caption), `word_text.py` (a paragraph's runs, links, note
    calls, images, tracked changes, comments) and `word_inline.py` (runs → inline markup).
- Mapping a Draft onto a kind: `mapping.py` guesses the kind and maps each heading onto a part,
  recording every guess; `analysis_mapping.py` for `analysis`, `paper_mapping.py` for `brief`,
  `estimate` and `policy-paper`; `vocabulary.py` holds the Arabic and English words that say
  what a heading or paragraph is.
- `yaml_writer.py`: report data → YAML for people (block scalars, `$schema`, the schema's field
  order, `TODO` and `guess` comments).

A Word file that `reportkit build` wrote, back:

- `ours.py` (shared): reads where each of its texts came from (the hidden `_rk` bookmarks and
  the payload render/docx/marks.py writes) and what each says now: `read_ours`, `report_data`
  (the round trip: `import` gives the report back), `embedded_images`.
- `edits.py`: compares an edited copy with the report file (`--into`): the changes, and what is
  left to make by hand; `edits_view.py` shows them as a diff, with `wording.py` marking the
  changed words; `edits_writing.py` writes them (`--apply`), checked before writing, through
  `splice.py`, which changes one value or list item of the YAML's text, every other line kept.
"""
