"""A delimited table's records, read past a stray quote: a `"` that opens a cell without being CSV quoting.

A careless exporter writes a cell raw that holds quotes but no separator: a title
'"Quoted" headline', or one opening a quotation it never closes. Read as CSV, such a quote opens
a quoted cell that runs on across line breaks to the next quote, joining the records between into
one cell; when the joined record still has as many cells as the header, wrong articles are read
without a word, and when it does not, `csv` raises and the table's reading stopped there.

`table_records` reads the records as `csv` does and takes such a quote as text, reading its line
again, when the line cannot be CSV (a quote closed by anything but a separator or a line end) or
when the lines the quoted cell ran across are each a whole row of the table on their own (the row
structure of the file's other lines). A quoted cell across lines that reads otherwise (an article
body with its paragraphs, the normal case) is read exactly as `csv` reads it; the test costs a
count of separators on the cell's second line for almost all of them.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: Stands in for a stray quote while its line is read again, a character no text holds (Unicode's private use).
_AS_TEXT = "\ue000"
_BLANK = re.compile(r"\s")
_LETTERS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")
_MAX_SHAPES = 16  # a column of more shapes is not an id's
_CLOSED: dict[str, re.Pattern[str]] = {}  # by separator: a quoted cell closed on its line (`_open_quote`)


@dataclass(slots=True, frozen=True)
class Record:
    """A table's record: the line it starts on, its cells, and why it is not what `csv` read, if it is not."""

    line: int  # 1 is the header's line
    cells: list[str] | None  # None: the table cannot be read from this record on
    note: str = ""  # a stray quote read as text ('line 7: ...'), or why the reading stops


def table_records(lines: Iterable[str], delimiter: str, width: int, first_line: int = 2) -> Iterator[Record]:
    """The records of a table's lines after its header (`width` columns), blank lines skipped.

    A record whose line opens a cell with a stray quote is read again with that quote as text,
    and the lines the quoted cell had swallowed as records of their own. Other quoting `csv`
    cannot read (a quoted cell left open at the end, a cell over `csv.field_size_limit`) ends
    the records with one whose cells are None, naming why.

    Example:
        >>> lines = ["1,Markets rise\\n", '2,"Markets fall\\n', '3,Sets over 65"\\n', "4,Oil up\\n"]
        >>> [r.cells for r in table_records(lines, ",", 2)]
        [['1', 'Markets rise'], ['2', '"Markets fall'], ['3', 'Sets over 65"'], ['4', 'Oil up']]
    """
    source = iter(lines)
    kept: list[str] = []  # the physical lines of the record being read
    again: Iterator[str] = iter(())  # lines to read again before the rest
    line = first_line - 1  # the lines before the record being read
    as_text = 0  # the line read again with its stray quote as text
    redone = 0  # the times `as_text` was read again: at most once a column (a row holds `width` cells)
    # The row structure the records read so far show: the shapes (`_shape`) of each column no cell
    # has a blank in and of few shapes (an id's: 'bbc-business-001' 'a-a-9'), which tell the lines a
    # stray quote swallowed from an article's paragraphs (their first words, or 'Peoria,41.50', are no id).
    shapes: dict[int, set[str]] = {i: set() for i in range(width)}

    def read_from(redo: list[str]) -> Iterator[list[str]]:
        nonlocal again
        again = iter([*redo, *again])
        return csv.reader(_kept(itertools.chain(again, source), kept), delimiter=delimiter, strict=True)

    def rows_alone(lines: list[str]) -> bool:
        """Whether the lines, one or more not blank, are each a whole row of the table: `width`
        cells, none with a blank in a column no record read so far has one in."""
        if not shapes or not all(shapes.values()):
            return False  # no column shows a shape yet
        rows = _rows_alone(lines, delimiter, width)
        return bool(rows) and all(_shape(row[i]) in shown for row in rows or () for i, shown in shapes.items())

    def redo_left() -> bool:
        """Whether the record's line may be read again (its count restarts on a line not read again yet)."""
        nonlocal redone
        if as_text != line + 1:
            redone = 0
        return redone < width

    rows = read_from([])
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            opening = kept[0] if kept else ""
            at = _open_quote(opening, delimiter, again_read=as_text == line + 1) if redo_left() else None
            unquotable = str(exc).endswith("expected after '\"'")  # a quote closed by neither separator nor line end
            # the table ends inside the cell: a stray quote when the line is a row without it, the quote
            # opening no last cell (a body quoted across lines and cut short opens one: read to there)
            redo = _quote_as_text(opening, at) if at is not None and str(exc) == "unexpected end of data" else ""
            stray_at_end = bool(redo) and not _opens_last_cell(redo, delimiter) and rows_alone([redo, *kept[1:]])
            if at is None or not (unquotable or rows_alone(kept[1:-1]) or stray_at_end):
                yield Record(line + 1, None, f"unreadable table from this row on ({exc}); the rows after it are not "
                                             "read")  # fmt: skip
                return
            rows, as_text = read_from([_quote_as_text(opening, at), *kept[1:]]), line + 1
            redone += 1
            kept.clear()
            continue
        if len(kept) > 1 and redo_left() and rows_alone(kept[1:]):
            at = _open_quote(kept[0], delimiter, again_read=as_text == line + 1)
            # A quote opening the record's last cell is never taken for a stray one here: `csv` read
            # the record whole, and a body quoted across lines whose paragraphs read as rows ('2,500
            # workers walked out, the union said.' under numeric ids) is the normal case, not a stray quote.
            redo = _quote_as_text(kept[0], at) if at is not None else ""
            if at is not None and not _opens_last_cell(redo, delimiter) and rows_alone([redo]):
                rows, as_text = read_from([redo, *kept[1:]]), line + 1
                redone += 1
                kept.clear()
                continue
        start, line = line + 1, line + len(kept)
        kept.clear()
        if not cells:
            continue  # a blank line
        if start != as_text:
            if shapes and len(cells) == width:
                _learn(shapes, cells)
            yield Record(start, cells)
            continue
        cells = [cell.replace(_AS_TEXT, '"') for cell in cells]
        yield Record(start, cells, f"line {start}: a quote opens a cell and CSV quoting does not close it (a stray "
                                   "quote?): read as text, the lines after it as rows")  # fmt: skip


def _opens_last_cell(line: str, delimiter: str) -> bool:
    """Whether the line's stray quote (`_AS_TEXT`) opens its last cell, as `csv` reads the line."""
    cells = next(csv.reader([line], delimiter=delimiter), [])
    return bool(cells) and cells[-1].lstrip().startswith(_AS_TEXT)


def _kept(lines: Iterable[str], kept: list[str]) -> Iterator[str]:
    """The lines, each kept as `csv` takes it (a generator: the cheapest step per line)."""
    for line in lines:
        kept.append(line)
        yield line


def _learn(shapes: dict[int, set[str]], cells: list[str]) -> None:
    """Add a record's cells to the shapes of its columns; a column with a blank in a cell, or of
    more than `_MAX_SHAPES` shapes, shows none (a title's, a text's: the first record drops them)."""
    for i, shown in list(shapes.items()):
        cell = cells[i]
        if _BLANK.search(cell):
            del shapes[i]
        elif (shape := _shape(cell)) not in shown:
            if len(shown) == _MAX_SHAPES:
                del shapes[i]
            else:
                shown.add(shape)


def _shape(cell: str) -> str:
    """A cell's letters and digits each run as one 'a' and '9': 'reuters-13716' 'a-9', '2024-05-01' '9-9-9'."""
    return _DIGITS.sub("9", _LETTERS.sub("a", cell))


def _rows_alone(lines: list[str], delimiter: str, width: int) -> list[list[str]] | None:
    """The lines not blank, each read on its own as a row of `width` cells; None when one is not
    (or none is left). A paragraph of an article body rarely has one separator fewer than the
    columns: counting them rules out most at no cost."""
    rows = []
    for line in lines:
        if not line.strip():
            continue
        if line.count(delimiter) < width - 1:
            return None
        try:
            read = list(csv.reader([line], delimiter=delimiter, strict=True))
        except csv.Error:
            return None
        if len(read) != 1 or len(read[0]) != width:
            return None
        rows += read
    return rows or None


def _open_quote(line: str, delimiter: str, again_read: bool = False) -> int | None:
    """The offset of the first quote opening a cell of the line that CSV quoting does not close
    there (no quote followed by the separator or the line's end); None when every quoted cell closes.
    `again_read`: the line is one read again already, its stray quotes so far `_AS_TEXT` (a second
    cell opening with one, '"Quoted" title,"Quoted" body', is read as text in turn)."""
    if _AS_TEXT in line and not again_read:
        return None  # cannot stand for the quote: the line is not read again
    closed = _closed_cell(delimiter)
    at = 0
    while True:
        if line.startswith('"', at):
            if not (match := closed.match(line, at)):
                return at
            at = match.end()
        at = line.find(delimiter, at)
        if at < 0:
            return None
        at += 1


def _closed_cell(delimiter: str) -> re.Pattern[str]:
    return _CLOSED.get(delimiter) or _CLOSED.setdefault(
        delimiter, re.compile(f'"(?:[^"]|"")*"(?=[{re.escape(delimiter)}\\r\\n]|$)')
    )


def _quote_as_text(line: str, at: int) -> str:
    """The line with its quote at `at` a character csv reads as text (put back in the cells read)."""
    return line[:at] + _AS_TEXT + line[at + 1 :]
