"""Draws the synthetic sample images that ship with the sandbox (no real person, no real
document): an ID card front and back, a selfie of a cartoon face, and a tiny PNG specimen.

Run once with Pillow installed (`pip install pillow`); the images are committed, so builds and
tests never run this script.
"""
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


def font(size, path=FONT):
    return ImageFont.truetype(path, size)


def face(draw, cx, cy, r):
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(250, 214, 165), outline=(120, 80, 40), width=4)
    for dx in (-r // 3, r // 3):
        draw.ellipse([cx + dx - r // 10, cy - r // 4 - r // 10, cx + dx + r // 10, cy - r // 4 + r // 10], fill=(40, 40, 40))
    draw.arc([cx - r // 2, cy - r // 6, cx + r // 2, cy + r // 2], 20, 160, fill=(150, 40, 40), width=5)


def front():
    img = Image.new("RGB", (1000, 630), (205, 225, 240))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([10, 10, 990, 620], 40, outline=(30, 60, 110), width=8)
    d.text((40, 30), "SANDBOX REPUBLIC  IDENTITY CARD", font=font(40), fill=(30, 60, 110))
    d.rectangle([40, 120, 330, 500], fill=(235, 240, 245), outline=(30, 60, 110), width=3)
    face(d, 185, 290, 110)
    rows = [("SURNAME", "SPECIMEN"), ("GIVEN NAMES", "JANE"), ("DATE OF BIRTH", "1990-01-01"),
            ("DOCUMENT NO", "SBX0000001"), ("EXPIRY", "2035-12-31")]
    for i, (k, v) in enumerate(rows):
        d.text((380, 130 + i * 75), k, font=font(22), fill=(80, 90, 110))
        d.text((380, 155 + i * 75), v, font=font(34), fill=(10, 20, 40))
    d.text((40, 540), "SPECIMEN - NOT A REAL DOCUMENT", font=font(40), fill=(200, 30, 30))
    img.save("front.jpg", quality=80)


def back():
    img = Image.new("RGB", (1000, 630), (215, 230, 220))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([10, 10, 990, 620], 40, outline=(30, 90, 60), width=8)
    for i in range(60):
        w = 4 if i % 3 else 9
        d.rectangle([60 + i * 14, 60, 60 + i * 14 + w, 250], fill=(20, 20, 20))
    d.text((60, 300), "ADDRESS  1 SANDBOX WAY, TESTVILLE", font=font(30), fill=(20, 40, 30))
    for i, line in enumerate(["IDSBXSBX0000001<<<<<<<<<<<<<<<", "9001011F3512318SBX<<<<<<<<<<<4", "SPECIMEN<<JANE<<<<<<<<<<<<<<<<"]):
        d.text((60, 420 + i * 55), line, font=font(40, MONO), fill=(10, 10, 10))
    img.save("back.jpg", quality=80)


def selfie():
    img = Image.new("RGB", (720, 960), (190, 210, 230))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 700, 720, 960], fill=(80, 110, 160))
    face(d, 360, 420, 230)
    d.text((150, 880), "SYNTHETIC SELFIE", font=font(40), fill=(255, 255, 255))
    img.save("selfie.jpg", quality=80)


def specimen_png():
    img = Image.new("RGB", (64, 40), (205, 225, 240))
    ImageDraw.Draw(img).rectangle([4, 4, 24, 36], fill=(250, 214, 165))
    img.save("specimen.png", optimize=True)


if __name__ == "__main__":
    front()
    back()
    selfie()
    specimen_png()
