"""Limits and the reading's version: what the readers of inputs check, in one place for them all.

Each reader imports the value it checks (`from wiretrace.ingest.limits import MAX_BYTES`), so a
test that lowers one patches it in the reader's module (`wiretrace.ingest.records.MAX_BYTES`).
"""

from __future__ import annotations

#: How this wiretrace reads inputs into stored texts, dates and ids (extraction, text repair, date
#: forms, ids from addresses). An index and a batch run record it, and one built by another reading
#: is rebuilt, not added to: the same input read again would be stored under another content hash.
#: Raise it with any change that stores other text, dates or ids for an input stored before.
#: 2: titles repeated in a record's text, clock times with their zone, days in numbers in no guessed
#: order, no dates after tomorrow, zoned Parquet midnights, Unix times, titles cleaned (2026-12-03).
#: 3: invisible characters out of words, odd spaces and styled letters made plain, look-alike
#: letters of other alphabets in Latin words read as Latin, words a page's style sheet hides inside
#: sentences left out, a short FAQ above a story no longer dropping it (2026-12-03).
#: 4: words and paragraphs a page styles out of sight (no font size, transparent, off the screen)
#: left out, lines stored backwards behind a right-to-left override read as shown (2026-12-03).
#: 5: a rolling story's update labels, entry times and notices, and a teaser's 'Read more at ...'
#: and 'Continue reading' lines are page chrome; dates written time first or with commas between
#: their parts ('12:45 GMT, 27 December 2004'), and a publication line's date before its bar
#: ('Published ... | Last updated ...') are read (2026-12-04).
#: 6: a live page (JSON-LD `LiveBlogPosting` whose updates give their text) is stored by `index add`,
#: `batch` and the HTTP API's adds as its updates, each an article dated by its own time; a page
#: keeps the address its canonical link states when its name is any label of that host, hyphens
#: aside ('Velo Gossip' / velo-gossip.com, 'Reuters' / uk.reuters.com); a dateline's agency is
#: read in any case and without a place ('BRUSSELS (REUTERS) -', '(AP) —') (2026-12-04).
#: 7: plain text read as its rendered Markdown: headings, bold and links as their words, images left
#: out (`text.read_markdown`) (2026-12-04).
#: 8: a chatbot's words around its text ('Rephrased text:', 'As an AI language model, ...') are
#: chrome (`chrome.AI_LEFTOVER`) (2026-12-05).
#: 9: records read by the names other tools' dumps give their fields (`RECORD_FIELDS`: a `link` is
#: the address, a `date_publish` the date), and CSV tables a row an article (2026-12-05).
READING = 9

#: Inputs larger than this are refused: no news article is this long, a dump or a binary is.
MAX_BYTES = 10 * 1024 * 1024
#: The most sentences an article may hold (news runs to tens, a long report to a few hundred): a
#: text of 150,000 short lines, under `MAX_BYTES`, held a server's query for minutes against each
#: stored candidate. Two such articles are the most sentence pairs one comparison scores
#: (`compare.MAX_SENTENCE_PAIRS`: 2,000 x 5,000).
MAX_SENTENCES = 5000
#: Encoding detection reads at most this much of a text that is not UTF-8 (~25 ms).
DETECT_BYTES = 256 * 1024
