"""Sample pictures drawn locally with Pillow: brocade-pattern product labels and landscape scenes.

Nothing is downloaded. Each picture is deterministic (seeded by its slug), 4:3, and names what
it shows, with a small "illustration" caption so nobody takes it for a photo of the real thing.
Motifs come from Tày and Nùng brocade (thổ cẩm): diamond lattices, zigzag bands and
eight-point stars, in indigo (chàm), madder red, gold and paper tones.
"""
from __future__ import annotations

import io
import math
import random
import unicodedata
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

# Drawn at 800×600, stored as 640×480 masters: storage.save_image then writes two WebP renditions
# (320 and 640) instead of three, and the seed runs inside tests, so every encoded pixel counts.
# The downscale also smooths the edges of the flat drawing.
WIDTH, HEIGHT = 800, 600
MASTER_SIZE = (640, 480)

INDIGO = (30, 42, 94)
INDIGO_DEEP = (21, 29, 66)
INDIGO_SOFT = (52, 66, 128)
MADDER = (156, 43, 36)
MADDER_DEEP = (112, 30, 26)
GOLD = (201, 162, 39)
GOLD_SOFT = (226, 196, 110)
PAPER = (245, 238, 224)
PAPER_DEEP = (232, 220, 196)
GREEN = (47, 90, 60)
GREEN_DEEP = (31, 62, 42)
GREEN_SOFT = (92, 138, 96)
BROWN = (74, 52, 38)

# Background colour per OCOP group (1 food … 6 tourism).
GROUP_GROUNDS = {
    1: (MADDER_DEEP, MADDER, GOLD),
    2: (INDIGO_DEEP, INDIGO_SOFT, GOLD),
    3: (GREEN_DEEP, GREEN, GOLD_SOFT),
    4: (INDIGO_DEEP, MADDER, GOLD),
    5: (BROWN, MADDER_DEEP, GOLD),
    6: (GREEN_DEEP, INDIGO_SOFT, GOLD_SOFT),
}

# Fonts that cover Vietnamese, tried in order (Debian/Ubuntu, Fedora/Arch, macOS, Windows).
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/google-noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
    "/System/Library/Fonts/Supplemental/Arial Bold.ttf",
    "/Library/Fonts/Arial Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
    "DejaVuSans-Bold.ttf",
]
VIETNAMESE_PROBE = "ĐđƯưƠơẠạẶặỆệỘộỰựẫỹằẳ"


def _glyph_bitmap(face, char: str) -> bytes:
    image = Image.new("L", (64, 64))
    ImageDraw.Draw(image).text((8, 4), char, font=face, fill=255)
    return image.tobytes()


@lru_cache(maxsize=64)
def _missing_glyphs(face) -> frozenset[bytes]:
    """What the font draws for characters it lacks (private-use and unassigned code points)."""
    return frozenset({_glyph_bitmap(face, "\ue000"), _glyph_bitmap(face, "\u0378")})


@lru_cache(maxsize=4096)
def _has_glyph(face, char: str) -> bool:
    return char.isspace() or _glyph_bitmap(face, char) not in _missing_glyphs(face)


def covers(face, text: str) -> bool:
    """Whether the font draws every letter of the text (no missing-glyph boxes)."""
    return all(_has_glyph(face, ch) for ch in set(text))


@lru_cache(maxsize=None)
def _vietnamese_font_path() -> str | None:
    for path in FONT_CANDIDATES:
        try:
            face = ImageFont.truetype(path, 24)
        except OSError:
            continue
        if covers(face, VIETNAMESE_PROBE):
            return path
    return None


def reset_font_cache() -> None:
    """Forget the chosen font (after FONT_CANDIDATES changes, e.g. in a test)."""
    _vietnamese_font_path.cache_clear()
    font.cache_clear()
    _missing_glyphs.cache_clear()
    _has_glyph.cache_clear()


@lru_cache(maxsize=64)
def font(size: int):
    """A font of the size that covers Vietnamese, else Pillow's bundled font."""
    path = _vietnamese_font_path()
    if path is not None:
        return ImageFont.truetype(path, size)
    try:
        return ImageFont.load_default(size=size)  # scalable in Pillow ≥ 10 (needs FreeType)
    except (TypeError, OSError, ImportError):
        return ImageFont.load_default()


def without_marks(text: str) -> str:
    """'Rượu ngô Đại Hoàng' -> 'Ruou ngo Dai Hoang' (case kept), for fonts without Vietnamese."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def drawable(text: str, size: int) -> str:
    """The text as the chosen font can draw it: unchanged, or without diacritics as a last resort."""
    return text if covers(font(size), text) else without_marks(text)


# --- brocade motifs -------------------------------------------------------------------------

def eight_point_star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill, inner=None) -> None:
    """The eight-point star of Tày/Nùng brocade (two squares, one turned 45°)."""
    points = []
    for i in range(16):
        radius = r if i % 2 == 0 else r * 0.56
        angle = math.pi / 8 * i - math.pi / 2
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=fill)
    if inner is not None:
        diamond(draw, cx, cy, r * 0.34, r * 0.34, inner)


def diamond(draw: ImageDraw.ImageDraw, cx: float, cy: float, rx: float, ry: float, fill) -> None:
    draw.polygon([(cx, cy - ry), (cx + rx, cy), (cx, cy + ry), (cx - rx, cy)], fill=fill)


def zigzag_band(draw: ImageDraw.ImageDraw, y: int, height: int, width: int, colors, step: int = 32) -> None:
    """A band of alternating triangles, like a woven border."""
    for i, x in enumerate(range(-step, width + step, step)):
        draw.polygon([(x, y + height), (x + step / 2, y), (x + step, y + height)], fill=colors[i % len(colors)])


def _lattice(draw, rng: random.Random, ground, accent, gold) -> None:
    """Diamond lattice with eight-point stars at alternate nodes."""
    cell = rng.choice((100, 120, 150))
    line = tuple(min(255, c + 22) for c in ground)
    for row, y in enumerate(range(-cell, HEIGHT + cell, cell // 2)):
        offset = 0 if row % 2 == 0 else cell // 2
        for x in range(-cell + offset, WIDTH + cell, cell):
            diamond(draw, x, y, cell / 2 - 4, cell / 4 - 2, line)
            if (row + x // cell) % 2 == 0:
                eight_point_star(draw, x, y, cell * 0.18, accent, inner=gold)
            else:
                diamond(draw, x, y, cell * 0.08, cell * 0.08, gold)


def _stripes(draw, rng: random.Random, ground, accent, gold) -> None:
    """Horizontal woven bands: zigzags between rows of small diamonds."""
    band = rng.choice((56, 68, 80))
    light = tuple(min(255, c + 26) for c in ground)
    for i, y in enumerate(range(0, HEIGHT, band)):
        if i % 3 == 0:
            zigzag_band(draw, y + 6, band - 12, WIDTH, (accent, light), step=band - 12)
        elif i % 3 == 1:
            for x in range(band // 2, WIDTH, band):
                diamond(draw, x, y + band / 2, band * 0.3, band * 0.3, gold)
                diamond(draw, x, y + band / 2, band * 0.12, band * 0.12, ground)
        else:
            for x in range(0, WIDTH, band):
                eight_point_star(draw, x + band / 2, y + band / 2, band * 0.32, light, inner=accent)


def _stars(draw, rng: random.Random, ground, accent, gold) -> None:
    """A field of eight-point stars framed by small diamonds."""
    cell = rng.choice((110, 130))
    light = tuple(min(255, c + 20) for c in ground)
    for row, y in enumerate(range(cell // 2, HEIGHT + cell, cell)):
        for col, x in enumerate(range(cell // 2, WIDTH + cell, cell)):
            eight_point_star(draw, x, y, cell * 0.36, light)
            eight_point_star(draw, x, y, cell * 0.22, accent if (row + col) % 2 else gold, inner=light)
            diamond(draw, x + cell / 2, y + cell / 2, cell * 0.07, cell * 0.07, gold)


PATTERNS = (_lattice, _stripes, _stars)


# --- flat icons, drawn in a box of the given size around (cx, cy) -----------------------------

def _icon(draw: ImageDraw.ImageDraw, kind: str, cx: float, cy: float, s: float) -> None:
    drawer = ICONS.get(kind, _icon_star)
    drawer(draw, cx, cy, s * ICON_SCALE.get(kind, 1.0))


def _icon_star(d, cx, cy, s):
    eight_point_star(d, cx, cy, s * 0.5, MADDER, inner=GOLD)


def _icon_bottle(d, cx, cy, s):
    d.rounded_rectangle([cx - s * .22, cy - s * .12, cx + s * .22, cy + s * .5], radius=s * .08, fill=INDIGO)
    d.polygon([(cx - s * .22, cy - s * .1), (cx - s * .08, cy - s * .3), (cx + s * .08, cy - s * .3),
               (cx + s * .22, cy - s * .1)], fill=INDIGO)
    d.rectangle([cx - s * .08, cy - s * .46, cx + s * .08, cy - s * .28], fill=INDIGO)
    d.rectangle([cx - s * .1, cy - s * .52, cx + s * .1, cy - s * .44], fill=MADDER)
    d.rectangle([cx - s * .22, cy + s * .06, cx + s * .22, cy + s * .3], fill=PAPER_DEEP)
    eight_point_star(d, cx, cy + s * .18, s * .1, MADDER)


def _icon_tea(d, cx, cy, s):
    for dx, angle in ((-s * .16, -0.5), (s * .16, 0.5)):
        _leaf(d, cx + dx, cy - s * .05, s * .32, angle, GREEN)
    d.pieslice([cx - s * .42, cy - s * .05, cx + s * .42, cy + s * .55], 0, 180, fill=INDIGO)
    d.rectangle([cx - s * .42, cy + s * .22, cx + s * .42, cy + s * .26], fill=GOLD)


def _leaf(d, cx, cy, length, angle, fill):
    points = []
    for i in range(21):
        t = i / 20
        w = math.sin(math.pi * t) * length * 0.32
        points.append((t * length - length / 2, w))
    points += [(x, -y) for x, y in reversed(points)]
    cos, sin = math.cos(angle - math.pi / 2), math.sin(angle - math.pi / 2)
    d.polygon([(cx + x * cos - y * sin, cy + x * sin + y * cos) for x, y in points], fill=fill)
    d.line([(cx - length / 2 * cos, cy - length / 2 * sin), (cx + length / 2 * cos, cy + length / 2 * sin)],
           fill=GREEN_SOFT, width=max(2, int(length * 0.03)))


def _icon_noodles(d, cx, cy, s):
    for i in range(4):
        x0 = cx - s * .3 + i * s * .14
        d.arc([x0, cy - s * .4, x0 + s * .16, cy + s * .1], 200, 340, fill=PAPER_DEEP, width=max(2, int(s * .03)))
        d.line([(x0 + s * .08, cy - s * .25), (x0 + s * .08, cy + s * .05)], fill=PAPER_DEEP, width=max(2, int(s * .03)))
    d.line([(cx + s * .05, cy - s * .5), (cx + s * .45, cy + s * .05)], fill=BROWN, width=max(3, int(s * .04)))
    d.line([(cx + s * .14, cy - s * .52), (cx + s * .5, cy - s * .02)], fill=BROWN, width=max(3, int(s * .04)))
    d.pieslice([cx - s * .5, cy - s * .2, cx + s * .5, cy + s * .55], 0, 180, fill=INDIGO)
    zig = [(cx - s * .4 + i * s * .1, cy + s * (.26 if i % 2 else .2)) for i in range(9)]
    d.line(zig, fill=GOLD, width=max(2, int(s * .03)))


def _icon_sausage(d, cx, cy, s):
    for i, dy in enumerate((-.28, 0, .28)):
        x0 = cx - s * .45 + (i % 2) * s * .08
        d.rounded_rectangle([x0, cy + s * dy - s * .09, x0 + s * .82, cy + s * dy + s * .09], radius=s * .09,
                            fill=MADDER if i != 1 else MADDER_DEEP)
        for k in range(1, 4):
            x = x0 + s * .82 * k / 4
            d.line([(x, cy + s * dy - s * .09), (x, cy + s * dy + s * .09)], fill=PAPER, width=max(2, int(s * .02)))
        d.ellipse([x0 + s * .1, cy + s * dy - s * .04, x0 + s * .16, cy + s * dy + s * .01], fill=GOLD_SOFT)


def _icon_nut(d, cx, cy, s):
    for dx, dy, scale in ((-s * .2, s * .06, .85), (s * .18, 0, 1.0)):
        r = s * .26 * scale
        x, y = cx + dx, cy + dy
        d.polygon([(x - r * .75, y - r * .45), (x, y - r * 1.45), (x + r * .75, y - r * .45)], fill=BROWN)
        d.ellipse([x - r, y - r * .95, x + r, y + r], fill=BROWN)
        d.chord([x - r, y - r * .95, x + r, y + r], 25, 155, fill=GOLD_SOFT)
        d.ellipse([x - r * .55, y - r * .6, x - r * .25, y - r * .1], fill=(112, 84, 64))


def _icon_honey(d, cx, cy, s):
    d.rounded_rectangle([cx - s * .3, cy - s * .25, cx + s * .3, cy + s * .5], radius=s * .1, fill=GOLD)
    d.rectangle([cx - s * .34, cy - s * .38, cx + s * .34, cy - s * .24], fill=MADDER)
    for k in range(3):
        hx, hy, hr = cx - s * .12 + k * s * .12, cy + s * .12 + (k % 2) * s * .1, s * .07
        d.regular_polygon((hx, hy, hr), 6, fill=GOLD_SOFT, outline=BROWN)
    d.polygon([(cx - s * .3, cy - s * .24), (cx - s * .1, cy - s * .24), (cx - s * .2, cy - s * .05)], fill=GOLD)


def _icon_rice(d, cx, cy, s):
    for k in range(-2, 3):
        top = (cx + k * s * .1, cy - s * .45)
        d.line([(cx, cy + s * .5), top], fill=GREEN, width=max(2, int(s * .025)))
        for j in range(4):
            gx = cx + k * s * .1 * (1 - j * .18)
            gy = cy - s * .38 + j * s * .12
            d.ellipse([gx - s * .045, gy - s * .07, gx + s * .045, gy + s * .07], fill=GOLD)
    d.rectangle([cx - s * .12, cy + s * .2, cx + s * .12, cy + s * .28], fill=MADDER)


def _icon_jelly(d, cx, cy, s):
    d.polygon([(cx - s * .35, cy - s * .1), (cx, cy - s * .3), (cx + s * .35, cy - s * .1), (cx, cy + s * .1)],
              fill=(70, 70, 80))
    d.polygon([(cx - s * .35, cy - s * .1), (cx, cy + s * .1), (cx, cy + s * .5), (cx - s * .35, cy + s * .3)],
              fill=(28, 28, 36))
    d.polygon([(cx + s * .35, cy - s * .1), (cx, cy + s * .1), (cx, cy + s * .5), (cx + s * .35, cy + s * .3)],
              fill=(48, 48, 58))
    _leaf(d, cx + s * .22, cy - s * .34, s * .3, 0.9, GREEN)


def _icon_cake(d, cx, cy, s):
    for i in range(3):
        y = cy + s * .3 - i * s * .22
        d.rounded_rectangle([cx - s * .38 + i * s * .04, y - s * .1, cx + s * .38 - i * s * .04, y + s * .1],
                            radius=s * .05, fill=PAPER_DEEP if i % 2 else GOLD_SOFT, outline=BROWN, width=2)
    eight_point_star(d, cx, cy - s * .32, s * .12, MADDER)


def _icon_herb(d, cx, cy, s):
    _leaf(d, cx - s * .15, cy - s * .05, s * .6, -0.45, GREEN)
    _leaf(d, cx + s * .18, cy - s * .1, s * .55, 0.5, GREEN_SOFT)
    _leaf(d, cx, cy - s * .2, s * .5, 0, GREEN_DEEP)
    d.line([(cx, cy + s * .5), (cx, cy + s * .05)], fill=GREEN_DEEP, width=max(3, int(s * .04)))


def _icon_scarf(d, cx, cy, s):
    d.polygon([(cx - s * .45, cy - s * .3), (cx + s * .45, cy - s * .3), (cx + s * .35, cy + s * .35),
               (cx - s * .35, cy + s * .35)], fill=INDIGO)
    for k in range(5):
        diamond(d, cx - s * .3 + k * s * .15, cy, s * .06, s * .1, GOLD if k % 2 else MADDER)
    d.rectangle([cx - s * .4, cy - s * .22, cx + s * .4, cy - s * .17], fill=MADDER)
    d.rectangle([cx - s * .37, cy + s * .17, cx + s * .37, cy + s * .22], fill=MADDER)
    for k in range(9):
        x = cx - s * .33 + k * s * .083
        d.line([(x, cy + s * .35), (x, cy + s * .5)], fill=INDIGO, width=max(2, int(s * .02)))


def _icon_bag(d, cx, cy, s):
    d.arc([cx - s * .25, cy - s * .5, cx + s * .25, cy], 180, 360, fill=BROWN, width=max(3, int(s * .05)))
    d.rounded_rectangle([cx - s * .38, cy - s * .25, cx + s * .38, cy + s * .45], radius=s * .06, fill=INDIGO)
    zig = [(cx - s * .38 + i * s * .076, cy + s * (.05 if i % 2 else -.05)) for i in range(11)]
    d.line(zig, fill=GOLD, width=max(3, int(s * .04)))
    eight_point_star(d, cx, cy + s * .25, s * .11, MADDER)


def _icon_knife(d, cx, cy, s):
    d.polygon([(cx - s * .5, cy - s * .02), (cx + s * .12, cy - s * .2), (cx + s * .16, cy + s * .06),
               (cx - s * .42, cy + s * .1)], fill=(150, 156, 170))
    d.line([(cx - s * .48, cy), (cx + s * .12, cy - s * .17)], fill=(210, 214, 222), width=max(2, int(s * .025)))
    d.rounded_rectangle([cx + s * .12, cy - s * .16, cx + s * .5, cy + s * .04], radius=s * .05, fill=BROWN)
    d.rectangle([cx + s * .2, cy - s * .16, cx + s * .23, cy + s * .04], fill=GOLD)


def _icon_axe(d, cx, cy, s):
    d.line([(cx - s * .3, cy + s * .45), (cx + s * .2, cy - s * .4)], fill=BROWN, width=max(4, int(s * .07)))
    d.polygon([(cx + s * .05, cy - s * .38), (cx + s * .4, cy - s * .5), (cx + s * .45, cy - s * .05),
               (cx + s * .15, cy - s * .15)], fill=(150, 156, 170))


def _icon_incense(d, cx, cy, s):
    for k in range(-3, 4):
        d.line([(cx + k * s * .035, cy + s * .5), (cx + k * s * .09, cy - s * .3)], fill=MADDER, width=max(2, int(s * .025)))
    d.rectangle([cx - s * .12, cy + s * .2, cx + s * .12, cy + s * .28], fill=GOLD)
    for k in (-1, 1):
        d.arc([cx + k * s * .1 - s * .12, cy - s * .55, cx + k * s * .1 + s * .12, cy - s * .3], 90, 270,
              fill=(140, 140, 150), width=max(2, int(s * .02)))


def _icon_house(d, cx, cy, s):
    d.polygon([(cx - s * .5, cy - s * .05), (cx, cy - s * .45), (cx + s * .5, cy - s * .05)], fill=MADDER_DEEP)
    d.rectangle([cx - s * .38, cy - s * .05, cx + s * .38, cy + s * .22], fill=BROWN)
    d.rectangle([cx - s * .08, cy + s * .02, cx + s * .08, cy + s * .22], fill=GOLD_SOFT)
    for k in (-.34, -.12, .12, .34):
        d.rectangle([cx + k * s - s * .025, cy + s * .22, cx + k * s + s * .025, cy + s * .48], fill=BROWN)
    d.rectangle([cx - s * .5, cy + s * .46, cx + s * .5, cy + s * .5], fill=GREEN)


def _icon_stone_house(d, cx, cy, s):
    d.polygon([(cx - s * .5, cy - s * .02), (cx, cy - s * .4), (cx + s * .5, cy - s * .02)], fill=INDIGO)
    d.rectangle([cx - s * .42, cy - s * .02, cx + s * .42, cy + s * .45], fill=(150, 146, 136))
    for row in range(4):
        y = cy + s * .03 + row * s * .1
        for col in range(6):
            x = cx - s * .42 + col * s * .14 + (row % 2) * s * .07
            d.rectangle([x + 2, y + 2, min(x + s * .14, cx + s * .42) - 2, y + s * .1 - 2], fill=(178, 172, 160))
    d.rectangle([cx - s * .08, cy + s * .15, cx + s * .08, cy + s * .45], fill=BROWN)


def _icon_chili(d, cx, cy, s):
    d.polygon([(cx - s * .4, cy + s * .35), (cx + s * .15, cy - s * .2), (cx + s * .3, cy - s * .05),
               (cx - s * .2, cy + s * .4)], fill=MADDER)
    d.line([(cx + s * .22, cy - s * .12), (cx + s * .38, cy - s * .38)], fill=GREEN, width=max(3, int(s * .05)))


ICON_SCALE = {"knife": 1.45, "axe": 1.15, "nut": 1.15, "sausage": 1.1, "incense": 1.1}
ICONS = {
    "bottle": _icon_bottle, "tea": _icon_tea, "noodles": _icon_noodles, "sausage": _icon_sausage,
    "nut": _icon_nut, "honey": _icon_honey, "rice": _icon_rice, "jelly": _icon_jelly, "cake": _icon_cake,
    "herb": _icon_herb, "scarf": _icon_scarf, "bag": _icon_bag, "knife": _icon_knife, "axe": _icon_axe,
    "incense": _icon_incense, "house": _icon_house, "stone_house": _icon_stone_house, "chili": _icon_chili,
    "star": _icon_star,
}


# --- text ---------------------------------------------------------------------------------

def _two_lines(text: str, size: int, max_width: int) -> list[str] | None:
    """The most even split of the text into two lines that fit, or None."""
    face = font(size)
    words = text.split()
    best = None
    for i in range(1, len(words)):
        lines = [" ".join(words[:i]), " ".join(words[i:])]
        widest = max(face.getlength(line) for line in lines)
        if widest <= max_width and (best is None or widest < best[0]):
            best = (widest, lines)
    return best[1] if best else None


def _fit(text: str, max_width: int, one_line=(46, 42, 38, 35), two_lines=(40, 37, 34, 31, 28)):
    """A size and lines for the text: one line if it fits at a good size, else two even lines."""
    for size in one_line:
        if font(size).getlength(text) <= max_width:
            return size, [text]
    for size in two_lines:
        lines = _two_lines(text, size, max_width)
        if lines:
            return size, lines
    return (two_lines or one_line)[-1], [text]


def _centered_lines(draw, lines, size, cx, top, fill, spacing=1.2) -> float:
    face = font(size)
    y = top
    for line in lines:
        draw.text((cx, y), line, font=face, fill=fill, anchor="ma")
        y += size * spacing
    return y


# --- pictures -----------------------------------------------------------------------------

def product_picture(slug: str, name: str, icon: str, group: int, subtitle: str = "",
                    caption: str = "Cao Bằng · ảnh minh họa · illustration") -> Image.Image:
    """A 4:3 product label: brocade ground, paper label, flat icon, the name and its pack size."""
    rng = random.Random(f"product:{slug}")
    ground, accent, gold = GROUP_GROUNDS.get(group, GROUP_GROUNDS[2])
    image = Image.new("RGB", (WIDTH, HEIGHT), ground)
    draw = ImageDraw.Draw(image)
    rng.choice(PATTERNS)(draw, rng, ground, accent, gold)

    left, top, right, bottom = 110, 82, WIDTH - 110, HEIGHT - 82
    draw.rounded_rectangle([left + 8, top + 10, right + 8, bottom + 10], radius=26, fill=INDIGO_DEEP)
    draw.rounded_rectangle([left, top, right, bottom], radius=26, fill=PAPER)
    draw.rounded_rectangle([left + 12, top + 12, right - 12, bottom - 12], radius=18, outline=gold, width=3)
    for i, x in enumerate(range(left + 40, right - 40, 20)):
        draw.polygon([(x, top + 40), (x + 10, top + 26), (x + 20, top + 40)], fill=(accent, gold)[i % 2])

    _icon(draw, icon, WIDTH / 2, top + 128, 150)
    size, lines = _fit(drawable(name, 46), right - left - 70)
    y = top + (218 if len(lines) > 1 else 236)
    y = _centered_lines(draw, lines, size, WIDTH / 2, y, INDIGO)
    if subtitle:
        draw.text((WIDTH / 2, y + 4), drawable(subtitle, 28), font=font(28), fill=MADDER, anchor="ma")
    draw.text((WIDTH / 2, bottom - 30), drawable(caption, 19), font=font(19), fill=(110, 100, 86), anchor="ms")
    return image


def scene_picture(slug: str, title: str, scene: str, caption: str = "Tranh minh họa · illustration") -> Image.Image:
    """A 4:3 flat landscape of karst peaks with a foreground for the producer's work."""
    rng = random.Random(f"scene:{slug}:{scene}")
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    for y in range(0, 380, 4):  # a soft dawn sky, paper at the horizon
        t = y / 380
        colour = tuple(int(a + (b - a) * t) for a, b in zip((196, 208, 228), PAPER))
        draw.rectangle([0, y, WIDTH, y + 4], fill=colour)
    sun_x = rng.randint(140, WIDTH - 140)
    draw.ellipse([sun_x - 46, 70, sun_x + 46, 162], fill=GOLD_SOFT)
    for colour, base, height in ((INDIGO_SOFT, 360, 210), (GREEN_SOFT, 400, 170), (GREEN, 440, 130)):
        x = -rng.randint(20, 80)
        while x < WIDTH + 40:
            w = rng.randint(90, 170)
            h = height * rng.uniform(0.6, 1.0)
            _karst(draw, x, base, w, h, colour)
            x += int(w * rng.uniform(0.55, 0.85))
        draw.rectangle([0, base, WIDTH, HEIGHT], fill=colour)
    draw.rectangle([0, 440, WIDTH, HEIGHT], fill=GREEN_DEEP)
    SCENES.get(scene, _scene_fields)(draw, rng)
    draw.rectangle([0, HEIGHT - 92, WIDTH, HEIGHT], fill=INDIGO_DEEP)
    for i, x in enumerate(range(0, WIDTH, 24)):
        draw.polygon([(x, HEIGHT - 92), (x + 12, HEIGHT - 104), (x + 24, HEIGHT - 92)], fill=(MADDER, GOLD)[i % 2])
    text = drawable(title, 30)
    size, lines = _fit(text, WIDTH - 80, one_line=(30, 27, 24, 21), two_lines=())
    draw.text((WIDTH / 2, HEIGHT - 62), lines[0], font=font(size), fill=PAPER, anchor="mm")
    draw.text((WIDTH / 2, HEIGHT - 26), drawable(caption, 18), font=font(18), fill=GOLD_SOFT, anchor="mm")
    return image


def _karst(draw, x, base, width, height, colour) -> None:
    """A rounded limestone peak, the shape of Cao Bằng's mountains."""
    points = [(x, base)]
    for i in range(1, 24):
        t = i / 24
        bump = math.sin(math.pi * t) ** 0.6
        points.append((x + width * t, base - height * bump))
    points.append((x + width, base))
    draw.polygon(points, fill=colour)


def _scene_fields(draw, rng) -> None:
    for i in range(5):
        y = 460 + i * 10
        draw.arc([-200 + i * 40, y, WIDTH + 200 - i * 40, y + 120], 190, 350, fill=GREEN_SOFT, width=3)


def _scene_village(draw, rng) -> None:
    _scene_fields(draw, rng)
    for k, x in enumerate((190, 420, 600)):
        _icon_house(draw, x, 430 - k * 6, 120 - k * 14)


def _scene_stone_village(draw, rng) -> None:
    _scene_fields(draw, rng)
    for k, x in enumerate((220, 420, 610)):
        _icon_stone_house(draw, x, 432 - k * 5, 118 - k * 12)


def _scene_forge(draw, rng) -> None:
    draw.rectangle([240, 400, 560, 500], fill=BROWN)
    draw.polygon([(220, 400), (400, 320), (580, 400)], fill=MADDER_DEEP)
    draw.rectangle([330, 440, 470, 470], fill=(70, 70, 80))
    draw.rectangle([380, 470, 420, 500], fill=(70, 70, 80))
    for _ in range(14):
        x, y = rng.randint(330, 470), rng.randint(390, 438)
        draw.ellipse([x - 3, y - 3, x + 3, y + 3], fill=GOLD)
    _icon_knife(draw, 640, 470, 120)


def _scene_tea(draw, rng) -> None:
    for row in range(5):
        y = 455 + row * 22
        for x in range(-20, WIDTH + 40, 52):
            draw.ellipse([x + (row % 2) * 26, y, x + 44 + (row % 2) * 26, y + 22], fill=GREEN_SOFT if row % 2 else GREEN)


def _scene_waterfall(draw, rng) -> None:
    """Tiered falls spreading over wooded limestone ledges, the way Bản Giốc does."""
    draw.rectangle([0, 468, WIDTH, 512], fill=(120, 160, 186))
    for top, bottom, left, right in ((318, 372, 220, 600), (372, 424, 160, 650), (424, 472, 110, 700)):
        x = left
        while x < right:
            width = rng.randint(18, 70)
            if rng.random() < 0.8:
                draw.polygon([(x, top), (x + width, top), (x + width + 6, bottom), (x - 6, bottom)],
                             fill=(222, 234, 242))
                for k in range(1, 3):
                    sx = x + width * k / 3
                    draw.line([(sx, top + 3), (sx + 2, bottom - 2)], fill=(248, 251, 253), width=2)
                draw.ellipse([x - 12, bottom - 8, x + width + 12, bottom + 8], fill=(244, 248, 250))
            x += width + rng.randint(6, 30)
        bump_x = left - 40
        while bump_x < right + 40:  # the wooded lip of the ledge
            w = rng.randint(26, 60)
            draw.pieslice([bump_x, top - 16, bump_x + w, top + 14], 180, 360, fill=GREEN_DEEP)
            bump_x += int(w * 0.7)
        draw.rectangle([left - 40, top - 2, right + 40, top + 3], fill=GREEN_DEEP)
    _scene_fields(draw, rng)


def _scene_kitchen(draw, rng) -> None:
    _scene_fields(draw, rng)
    draw.rectangle([250, 330, 550, 500], fill=BROWN)
    draw.polygon([(230, 330), (400, 250), (570, 330)], fill=MADDER_DEEP)
    for x in (300, 400, 500):
        _icon_sausage(draw, x, 380, 60)
    for k in range(3):
        draw.arc([360 + k * 16, 200 - k * 18, 420 + k * 16, 250 - k * 18], 180, 300, fill=(160, 160, 170), width=3)


SCENES = {
    "fields": _scene_fields, "village": _scene_village, "stone_village": _scene_stone_village,
    "forge": _scene_forge, "tea": _scene_tea, "waterfall": _scene_waterfall, "kitchen": _scene_kitchen,
}


def master_png(image: Image.Image) -> bytes:
    """The picture at master size as lossless PNG bytes for storage.save_image.

    No compression: save_image decodes and re-encodes it at once, and zlib would only cost time.
    """
    buffer = io.BytesIO()
    image.resize(MASTER_SIZE, Image.Resampling.LANCZOS).save(buffer, "PNG", compress_level=0)
    return buffer.getvalue()
