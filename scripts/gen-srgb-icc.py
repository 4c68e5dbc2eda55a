#!/usr/bin/env python3
"""Writes src/writer/pdf/sRGB.icc: a small ICC v2.1 display profile of sRGB (IEC 61966-2-1),
for the OutputIntent of newsbind's PDF/A files. Made here from the published sRGB numbers, so it
carries no third party's copyright: the primaries and white point adapted to D50 (Bradford), as
the ICC's own sRGB profiles give them, and the sRGB tone curve sampled at 1,024 points.
Dedicated to the public domain (CC0). Deterministic: the same bytes on every run.

Usage: scripts/gen-srgb-icc.py > src/writer/pdf/sRGB.icc
"""
import struct
import sys


def s15(v):
    return struct.pack(">i", round(v * 65536))


def xyz(x, y, z):
    return b"XYZ " + b"\0" * 4 + s15(x) + s15(y) + s15(z)


def desc(text):
    a = text.encode("ascii") + b"\0"
    return (b"desc" + b"\0" * 4 + struct.pack(">I", len(a)) + a
            + struct.pack(">II", 0, 0) + struct.pack(">HB", 0, 0) + b"\0" * 67)


def text(t):
    return b"text" + b"\0" * 4 + t.encode("ascii") + b"\0"


def curve(n=1024):
    out = b"curv" + b"\0" * 4 + struct.pack(">I", n)
    for i in range(n):
        v = i / (n - 1)
        lin = v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
        out += struct.pack(">H", round(lin * 65535))
    return out


tags = [
    (b"desc", desc("sRGB IEC61966-2.1 (newsbind)")),
    (b"cprt", text("No copyright: CC0 1.0, public domain. Made by newsbind scripts/gen-srgb-icc.py.")),
    (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
    (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
    (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
    (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
    (b"rTRC", curve()),
]
shared = {b"gTRC": b"rTRC", b"bTRC": b"rTRC"}
count = len(tags) + len(shared)
offset = 128 + 4 + 12 * count
table, data, where = b"", b"", {}
for sig, body in tags:
    while (offset + len(data)) % 4:
        data += b"\0"
    where[sig] = (offset + len(data), len(body))
    table += sig + struct.pack(">II", *where[sig])
    data += body
for sig, same in shared.items():
    table += sig + struct.pack(">II", *where[same])
while len(data) % 4:
    data += b"\0"
size = offset + len(data)
header = (struct.pack(">I", size) + b"\0" * 4 + struct.pack(">I", 0x02100000) + b"mntr" + b"RGB " + b"XYZ "
          + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp" + b"\0" * 4 + b"\0" * 4 + b"\0" * 4 + b"\0" * 4
          + b"\0" * 8 + struct.pack(">I", 0) + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 4 + b"\0" * 44)
assert len(header) == 128, len(header)
sys.stdout.buffer.write(header + struct.pack(">I", count) + table + data)
