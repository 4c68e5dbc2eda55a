#!/usr/bin/env python3
"""Sanity check of gold-set label files: every id is in sample.json, every labelled text occurs
in its source (white space ignored), required fields are present.

    scripts/gold-check.py CORPORA_ROOT tests/gold/<source>.jsonl...
"""
import importlib.util
import json
import re
import sys

# The one decoding rule of the labelling tools: gold-show.py's.
_spec = importlib.util.spec_from_file_location("gold_show", __file__.rsplit("/", 1)[0] + "/gold-show.py")
_show = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_show)
decode = _show.decode

FIELDS = ["source", "skip", "title_in_text", "kicker", "headline", "subtitle", "dateline",
          "names", "headings", "captions", "credits"]


def squash(s):
    return re.sub(r"\s", "", s).translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})


def main():
    root, *paths = sys.argv[1:]
    sample = json.load(open(__file__.rsplit("/", 1)[0] + "/../tests/gold/sample.json"))
    ids = {i for v in sample.values() for i in v}
    bad = 0
    for p in paths:
        for n, line in enumerate(open(p, encoding="utf-8"), 1):
            if not line.strip():
                continue
            lab = json.loads(line)
            where = f"{p}:{n} {lab.get('source')}"
            if lab.get("source") not in ids:
                print(f"{where}: not in sample.json"); bad += 1
            if not lab.get("skip"):
                for f in FIELDS:
                    if f not in lab:
                        print(f"{where}: missing field {f}"); bad += 1
            path, _, rec = lab["source"].partition("#")
            text = decode(open(f"{root}/{path}", "rb").read())
            hay = squash(text.replace("&amp;", "&"))
            for f in ["kicker", "headline", "subtitle", "dateline"]:
                v = lab.get(f)
                if v and squash(v) not in hay:
                    print(f"{where}: {f} {v!r} not in the source"); bad += 1
            for f in ["names", "headings", "captions", "credits"]:
                for v in lab.get(f) or []:
                    if squash(v) not in hay:
                        print(f"{where}: {f} item {v!r} not in the source"); bad += 1
    print(f"{bad} problems")
    sys.exit(1 if bad else 0)


main()
