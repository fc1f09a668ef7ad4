"""Measurements for the visual browser tests: button contrast and page width.

Both run in the page (getComputedStyle), so they see the CSS as the browser applies it.
"""

# Each visible button's text colour against its effective background: the element's own
# background composited over its ancestors' (the first opaque one ends the walk).
BUTTON_CONTRAST_JS = """
() => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const blend = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const channel = (v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let bg = {r: 255, g: 255, b: 255, a: 1};
    for (let i = layers.length - 1; i >= 0; i--) bg = blend(layers[i], bg);
    return bg;
  };
  const found = [];
  for (const el of document.querySelectorAll("button, .button, input[type=submit]")) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === "hidden") continue;
    const bg = background(el);
    const fg = blend(parse(style.color), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    found.push({text: (el.innerText || el.value || "").trim().slice(0, 40),
                classes: el.className, ratio: Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100});
  }
  return found;
}
"""

# The page's width beyond the viewport, and the elements that stick out (for the message).
OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const culprits = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      const classes = typeof el.className === "string" && el.className
        ? "." + el.className.split(" ").join(".") : "";
      culprits.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, culprits: culprits.slice(0, 5)};
}
"""


def button_contrasts(page) -> list[dict]:
    return page.evaluate(BUTTON_CONTRAST_JS)


def overflow(page) -> dict:
    return page.evaluate(OVERFLOW_JS)
