// How a screen sits in its window, measured in real Chromium: whether the page scrolls, whether any words are cut off
// by their own box, whether the content reaches the bottom of the screen, whether a focused control shows it.
import { expect, type Locator, type Page } from '@playwright/test';

/** The page itself neither scrolls down nor sideways (a list may still scroll inside itself). */
export async function expectNoPageScroll(page: Page, what: string): Promise<void> {
  const over = await page.evaluate(() => {
    const root = document.scrollingElement!;
    return { down: root.scrollHeight - root.clientHeight, sideways: root.scrollWidth - root.clientWidth };
  });
  expect(over, `${what}: the page scrolls`).toEqual({ down: 0, sideways: 0 });
}

/**
 * Every box that holds words shows all of them: its scroll size is within its client size (1 px of rounding). Boxes
 * that scroll on purpose (overflow auto or scroll), text hidden for screen readers and boxes not shown are left out.
 */
export async function expectNoClippedText(page: Page, what: string, root = 'body'): Promise<void> {
  const clipped = await page.locator(root).first().evaluate((top) => {
    const found: string[] = [];
    for (const element of [top, ...top.querySelectorAll('*')]) {
      if (!(element instanceof HTMLElement)) continue;
      const words = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '');
      const input = element instanceof HTMLInputElement && (element.value !== '' || element.placeholder !== '');
      if (!words && !input) continue;
      const style = getComputedStyle(element);
      if (style.display === 'inline' || style.visibility === 'hidden' || element.getClientRects().length === 0) continue;
      if (/auto|scroll/.test(`${style.overflowX} ${style.overflowY}`) || element.closest('.visually-hidden')) continue;
      if (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1) {
        found.push(`<${element.tagName.toLowerCase()} class="${element.className}"> ${(element.textContent || (element as HTMLInputElement).value || (element as HTMLInputElement).placeholder).trim().slice(0, 50)}: `
          + `${element.scrollWidth}×${element.scrollHeight} in ${element.clientWidth}×${element.clientHeight}`);
      }
    }
    return found;
  });
  expect(clipped, `${what}: words cut off`).toEqual([]);
}

/** The empty band under the lowest thing shown in `root`, in pixels. */
export async function emptyBelow(page: Page, root: string): Promise<number> {
  return page.locator(root).first().evaluate((top) => {
    let lowest = 0;
    for (const element of top.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden') lowest = Math.max(lowest, box.bottom);
    }
    return window.innerHeight - lowest;
  });
}

/** The control shows that it has the keyboard's focus: an outline at least 2 px wide. */
export async function expectFocusShown(control: Locator, what: string): Promise<void> {
  await expect(control, `${what}: has the focus`).toBeFocused();
  const outline = await control.evaluate((element) => {
    const style = getComputedStyle(element);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  expect(outline.style, `${what}: focus outline`).not.toBe('none');
  expect(outline.width, `${what}: focus outline width`).toBeGreaterThanOrEqual(2);
}
