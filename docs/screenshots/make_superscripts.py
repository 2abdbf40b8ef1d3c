from PIL import Image, ImageDraw, ImageFont
nanum = "assets/fonts/NanumGothic.ttf"
dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
noto = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"  # apt install fonts-noto-cjk; index 1 = KR
size = 40
def ink_box(font, ch):
    im = Image.new("L", (200, 200), 0); d = ImageDraw.Draw(im); d.text((20, 20), ch, font=font, fill=255)
    return im.getbbox()
for name, path, index in (("NanumGothic", nanum, 0), ("DejaVu Sans", dejavu, 0), ("Noto Sans CJK KR", noto, 1)):
    f = ImageFont.truetype(path, size, index=index)
    for ch in "²³ⁿ":
        b = ink_box(f, ch); print(name, ch, "ink w x h =", b[2]-b[0], "x", b[3]-b[1])
    b = ink_box(f, "2"); print(name, "'2' ink", b[2]-b[0], "x", b[3]-b[1])
# picture: three ways to show x²-5x+3
canvas = Image.new("RGB", (760, 330), "white"); d = ImageDraw.Draw(canvas)
label = ImageFont.truetype(nanum, 18)
f = ImageFont.truetype(nanum, size); fd = ImageFont.truetype(dejavu, size); small = ImageFont.truetype(nanum, int(size * 0.62))
d.text((10, 10), "NanumGothic U+00B2 (before)", font=label, fill="gray"); d.text((330, 0), "x²-5x+3, a³, xⁿ", font=f, fill="black")
d.text((10, 90), "DejaVu Sans U+00B2", font=label, fill="gray"); d.text((330, 80), "x²-5x+3, a³, xⁿ", font=fd, fill="black")
fn = ImageFont.truetype(noto, size, index=1)
d.text((10, 250), "Noto Sans CJK KR U+00B2", font=label, fill="gray"); d.text((330, 240), "x²-5x+3, a³, xⁿ", font=fn, fill="black")
d.text((10, 170), "NanumGothic + <sup> digits (now)", font=label, fill="gray")
x = 330
for base, sup in (("x", "2"), ("-5x+3, a", "3"), (", x", "n")):
    d.text((x, 160), base, font=f, fill="black"); x += d.textlength(base, font=f)
    d.text((x + 1, 158), sup, font=small, fill="black"); x += d.textlength(sup, font=small) + 2
canvas.save("docs/screenshots/superscripts_pillow.png")
