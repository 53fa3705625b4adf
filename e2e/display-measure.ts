// Measuring a customer display as rendered: boxes, font sizes, scrolling and contrast read from real Chromium, so
// "readable across the counter" is checked by numbers, not by eye.
import { expect, type Locator, type Page } from '@playwright/test';
import { PNG } from 'pngjs';

export interface Box { x: number; y: number; width: number; height: number }

export async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator} has no box on the screen`);
  return box;
}

export async function fontSize(locator: Locator): Promise<number> {
  return locator.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
}

/** The box lies wholly inside the other (1 px of rounding allowed). */
export function expectInside(box: Box, outer: Box, what: string): void {
  expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(outer.x - 1);
  expect(box.y, `${what}: top edge`).toBeGreaterThanOrEqual(outer.y - 1);
  expect(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(outer.x + outer.width + 1);
  expect(box.y + box.height, `${what}: bottom edge`).toBeLessThanOrEqual(outer.y + outer.height + 1);
}

export function viewportBox(page: Page): Box {
  const size = page.viewportSize()!;
  return { x: 0, y: 0, ...size };
}

/** Neither the page nor the display's own frame scrolls or has more than fits. */
export async function expectNoPageScroll(page: Page): Promise<void> {
  const scroll = await page.evaluate(() => {
    const root = document.scrollingElement!;
    const main = document.querySelector('main.display')!;
    return { rootTop: root.scrollTop, rootOver: root.scrollHeight - root.clientHeight, rootWide: root.scrollWidth - root.clientWidth, mainOver: main.scrollHeight - main.clientHeight };
  });
  expect(scroll).toEqual({ rootTop: 0, rootOver: 0, rootWide: 0, mainOver: 0 });
}

/**
 * WCAG 2 contrast ratio of an element's text against what is behind it: its computed colour over the first opaque
 * background among it and its ancestors.
 */
export async function contrastOf(locator: Locator): Promise<number> {
  return locator.evaluate((element) => {
    const parse = (colour: string) => {
      const match = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(colour);
      if (!match) throw new Error(`cannot read colour ${colour}`);
      return { rgb: [Number(match[1]), Number(match[2]), Number(match[3])], alpha: match[4] === undefined ? 1 : Number(match[4]) };
    };
    const luminance = ([r, g, b]: number[]) => {
      const [R, G, B] = [r!, g!, b!].map((value) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
    };
    let background = [255, 255, 255];
    for (let node: Element | null = element; node; node = node.parentElement) {
      const { rgb, alpha } = parse(getComputedStyle(node).backgroundColor);
      if (alpha === 1) {
        background = rgb;
        break;
      }
    }
    const text = parse(getComputedStyle(element).color);
    const fg = text.rgb.map((value, i) => value * text.alpha + background[i]! * (1 - text.alpha));
    const [light, dark] = [luminance(fg), luminance(background)].sort((a, b) => b - a);
    return (light! + 0.05) / (dark! + 0.05);
  });
}

/**
 * The QR code's quiet zone, read from its pixels: the outer `modules` rings of modules are all white. The SVG's
 * viewBox counts modules, margin included, which gives the size of one module on the screen.
 */
export async function expectQuietZone(qrSvg: Locator, modules = 4): Promise<void> {
  const cells = await qrSvg.evaluate((svg) => (svg as SVGSVGElement).viewBox.baseVal.width);
  const png = PNG.sync.read(await qrSvg.screenshot());
  const band = Math.floor((png.width / cells) * modules) - 1;
  let dark = 0;
  for (let y = 0; y < png.height; y += 1) {
    for (let x = 0; x < png.width; x += 1) {
      const inBand = x < band || y < band || x >= png.width - band || y >= png.height - band;
      if (!inBand) continue;
      const i = (y * png.width + x) * 4;
      if (png.data[i]! < 200 || png.data[i + 1]! < 200 || png.data[i + 2]! < 200) dark += 1;
    }
  }
  expect(dark, `dark pixels within the ${modules}-module quiet zone`).toBe(0);
  // And the code itself starts right after it: the top-left finder pattern is dark.
  const at = Math.floor((png.width / cells) * (modules + 0.5));
  expect(png.data[(at * png.width + at) * 4]!, 'finder pattern just inside the quiet zone').toBeLessThan(60);
}
