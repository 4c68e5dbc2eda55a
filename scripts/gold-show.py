#!/usr/bin/env python3
"""Show one gold-set source for labelling, decoded, with line numbers and visible markers.

    scripts/gold-show.py CORPORA_ROOT SOURCE

SOURCE is a gold-set id: `corpus/<path>`, `corpus2/<path>`, optionally `#<record>` for one
record of a multi-article file (`…/news_tensite_xml.smarty.dat#<docno>`, `…/coolloud.org.tw.xml#item-3`).
CORPORA_ROOT is the folder holding `corpus/` and `corpus2/` (e.g. ../shared).

The text is decoded as the file declares (XML `encoding="big5"`), else UTF-8, else GB18030.
Pass --marks to show U+3000 as `⎵` and TAB as `→`.
This is a reading aid only: labels are written by reading the article.
"""
import re
import sys


def decode(data: bytes) -> str:
    head = data[:200].decode("ascii", "replace").lower()
    if 'encoding="big5"' in head:
        return data.decode("big5", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


def record(text: str, rec: str) -> str:
    if rec.startswith("item-"):
        items = re.findall(r"<item\b.*?</item>", text, re.S)
        return items[int(rec[5:]) - 1]
    for m in re.finditer(r"<doc>(.*?)</doc>", text, re.S):
        if f"<docno>{rec}</docno>" in m.group(1):
            return m.group(1)
    raise SystemExit(f"no record {rec}")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    marks = "--marks" in sys.argv
    root, source = args
    path, _, rec = source.partition("#")
    text = decode(open(f"{root}/{path}", "rb").read())
    if rec:
        text = record(text, rec)
    for i, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if marks:
            line = line.replace("\u3000", "⎵").replace("\t", "→")
        print(f"{i:4}  {line}")


if __name__ == "__main__":
    main()
