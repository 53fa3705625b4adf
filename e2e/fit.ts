// What "fits the screen" means, measured in the page: no page scroll either way, and no clipped text — every element
// that holds text of its own shows all of it (its scroll size within its client size), unless it is a scroller (a
// list that scrolls inside itself is meant to). Hidden elements and those scrolled out of their scroller are left out.
import { expect, type Locator, type Page } from '@playwright/test';

export interface Misfit {
  pageScroll: { width: number; height: number } | null;
  clipped: string[];
}

export async function misfits(page: Page): Promise<Misfit> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const pageScroll = root.scrollHeight > root.clientHeight + 1 || root.scrollWidth > root.clientWidth + 1
      ? { width: root.scrollWidth - root.clientWidth, height: root.scrollHeight - root.clientHeight } : null;
    const clipped: string[] = [];
    const SLACK = 3;
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      const ownText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '');
      if (!ownText || element.offsetParent === null && getComputedStyle(element).position !== 'fixed') continue;
      const style = getComputedStyle(element);
      // An inline box has no client size of its own; the block around it is measured instead.
      if (style.display === 'inline') continue;
      if (/(auto|scroll)/.test(style.overflowX + style.overflowY) || element.classList.contains('visually-hidden')) continue;
      if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) continue;
      // A few pixels over are a large font's glyphs overhanging its line box, not text cut off.
      if (element.scrollWidth > element.clientWidth + SLACK || element.scrollHeight > element.clientHeight + SLACK) {
        clipped.push(`${element.tagName.toLowerCase()}.${element.className}: "${element.textContent!.trim().slice(0, 40)}"`);
      }
    }
    return { pageScroll, clipped };
  });
}

/** The page does not scroll and no text is cut off. */
export async function expectToFit(page: Page, where: string): Promise<void> {
  expect(await misfits(page), where).toEqual({ pageScroll: null, clipped: [] });
}

/** Whole on screen: inside the viewport, not scrolled out of sight by any scroller. */
export async function expectWhollyInView(page: Page, locator: Locator, where: string): Promise<void> {
  await expect(locator, where).toBeVisible();
  const box = (await locator.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.y + box.height, `${where}: bottom within the screen`).toBeLessThanOrEqual(viewport.height);
  expect(box.x + box.width, `${where}: right edge within the screen`).toBeLessThanOrEqual(viewport.width);
  await expect(locator, where).toBeInViewport({ ratio: 1 });
}
