// What a screen shows that differs on every run, masked in its pictures: QR codes, clocks, the time left, slides,
// order numbers and short codes.
import type { Locator, Page } from '@playwright/test';

export function changing(page: Page): Locator[] {
  return [
    page.locator('[role="img"][data-url], .qr, canvas, svg[role="img"]'),
    page.locator('.time-left, time, .attract-clock, [data-testid="order-ref"], [data-testid="short-code"], .attract-slides, .slide'),
  ];
}
