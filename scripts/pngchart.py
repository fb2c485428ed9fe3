#!/usr/bin/env python3
"""A bar chart as a PNG, in pure Python (zlib + struct): no matplotlib.

    grouped_bars("out.png", "title", panels, ("Taskbase", "Linux"))

panels is a list of (panel title, [(label, value_a, value_b), ...]); each
label gets two horizontal bars on a shared log10 axis, with the value
printed at the end of each bar. Text is a 5x7 bitmap font drawn at 2x.
"""

import math
import struct
import zlib

# 5x7 glyphs for ASCII 32..126, five column bytes each, bit 0 at the top.
FONT = bytes.fromhex(
    "0000000000" "00005f0000" "0007000700" "147f147f14" "242a7f2a12"
    "2313086462" "3649552250" "0005030000" "001c224100" "0041221c00"
    "082a1c2a08" "08083e0808" "0050300000" "0808080808" "0060600000"
    "2010080402" "3e5149453e" "00427f4000" "4261514946" "2141454b31"
    "1814127f10" "2745454539" "3c4a494930" "0171090503" "3649494936"
    "064949291e" "0036360000" "0056360000" "0008142241" "1414141414"
    "4122140800" "0201510906" "324979413e" "7e1111117e" "7f49494936"
    "3e41414122" "7f4141221c" "7f49494941" "7f09090101" "3e41415132"
    "7f0808087f" "00417f4100" "2040413f01" "7f08142241" "7f40404040"
    "7f0204027f" "7f0408107f" "3e4141413e" "7f09090906" "3e4151215e"
    "7f09192946" "4649494931" "01017f0101" "3f4040403f" "1f2040201f"
    "7f2018207f" "6314081463" "0304780403" "6151494543" "00007f4141"
    "0204081020" "41417f0000" "0402010204" "4040404040" "0001020400"
    "2054545478" "7f48444438" "3844444420" "384444487f" "3854545418"
    "087e090102" "081454543c" "7f08040478" "00447d4000" "2040443d00"
    "007f102844" "00417f4000" "7c04180478" "7c08040478" "3844444438"
    "7c14141408" "081414187c" "7c08040408" "4854545420" "043f444020"
    "3c4040207c" "1c2040201c" "3c4030403c" "4428102844" "0c5050503c"
    "4464544c44" "0008364100" "00007f0000" "0041360800" "08082a1c08")
SCALE = 2
CHAR_W, CHAR_H = 6 * SCALE, 8 * SCALE
WHITE, BLACK, GREY = (255, 255, 255), (0, 0, 0), (200, 200, 200)
COLORS = ((31, 119, 180), (255, 127, 14))


class Canvas:
    """An RGB image in memory."""

    def __init__(self, width, height, background=WHITE):
        self.w, self.h = width, height
        self.px = bytearray(bytes(background) * (width * height))

    def rect(self, x0, y0, x1, y1, color):
        """Fill [x0, x1) x [y0, y1), clipped to the image."""
        x0, x1 = max(0, int(x0)), min(self.w, int(x1))
        y0, y1 = max(0, int(y0)), min(self.h, int(y1))
        if x0 >= x1:
            return
        row = bytes(color) * (x1 - x0)
        for y in range(y0, y1):
            i = (y * self.w + x0) * 3
            self.px[i:i + len(row)] = row

    def text(self, x, y, s, color=BLACK):
        """Draw s with its top-left corner at (x, y); returns its width."""
        for n, ch in enumerate(s):
            code = ord(ch) if 32 <= ord(ch) < 127 else ord("?")
            glyph = FONT[(code - 32) * 5:(code - 32) * 5 + 5]
            cx = x + n * CHAR_W
            for col, bits in enumerate(glyph):
                for row in range(7):
                    if bits >> row & 1:
                        self.rect(cx + col * SCALE, y + row * SCALE,
                                  cx + (col + 1) * SCALE,
                                  y + (row + 1) * SCALE, color)
        return len(s) * CHAR_W

    def save(self, path):
        """Write the image as an 8-bit RGB PNG."""
        stride = self.w * 3
        raw = b"".join(b"\0" + bytes(self.px[y * stride:(y + 1) * stride])
                       for y in range(self.h))

        def chunk(kind, data):
            body = kind + data
            return (struct.pack(">I", len(data)) + body +
                    struct.pack(">I", zlib.crc32(body) & 0xffffffff))

        with open(path, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n")
            f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", self.w, self.h,
                                               8, 2, 0, 0, 0)))
            f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
            f.write(chunk(b"IEND", b""))


def short(v):
    """A value in ns (or instructions) as a short string: 612, 1.2k, 3.4M."""
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if v >= scale:
            return f"{v / scale:.3g}{suffix}"
    return f"{v:.0f}"


def grouped_bars(path, title, panels, series, width=1100):
    """Draw panels of paired bars (log10 axis) and save them to path."""
    values = [v for _, bars in panels for _, *vs in bars for v in vs if v]
    if not values:
        values = [1.0]
    lo = math.floor(math.log10(min(values)))
    hi = math.ceil(math.log10(max(values)))
    hi = hi if hi > lo else lo + 1
    label_w = max([len(l) for _, bars in panels for l, *_ in bars] + [8])
    x0 = 20 + label_w * CHAR_W + 10
    x1 = width - 90
    bar_h, gap = CHAR_H + 4, 10
    height = 20 + CHAR_H * 3 + 20
    for _, bars in panels:
        height += CHAR_H + 16 + len(bars) * (2 * bar_h + gap) + CHAR_H + 30
    c = Canvas(width, height)

    def xpos(v):
        return x0 + (math.log10(v) - lo) / (hi - lo) * (x1 - x0)

    y = 20
    c.text(20, y, title)
    y += CHAR_H + 8
    lx = 20
    for name, color in zip(series, COLORS):
        c.rect(lx, y, lx + CHAR_H, y + CHAR_H, color)
        lx += CHAR_H + 6
        lx += c.text(lx, y, name) + 20
    y += CHAR_H + 20
    for ptitle, bars in panels:
        c.text(20, y, ptitle)
        y += CHAR_H + 16
        top = y
        bottom = top + len(bars) * (2 * bar_h + gap)
        for d in range(lo, hi + 1):
            x = xpos(10 ** d)
            c.rect(x, top - 4, x + 1, bottom, GREY)
            c.text(x - 2 * CHAR_W, bottom + 4, short(10 ** d))
        for label, *vs in bars:
            c.text(20, y + bar_h - CHAR_H // 2, label)
            for v, color in zip(vs, COLORS):
                if v:
                    end = max(xpos(v), x0 + 2)
                    c.rect(x0, y, end, y + bar_h - 2, color)
                    c.text(end + 4, y, short(v))
                y += bar_h
            y += gap
        y = bottom + CHAR_H + 30
    c.save(path)
