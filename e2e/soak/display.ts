// The display under soak: one page in Chromium, never reloaded, watched for console and page errors, and measured
// (JS heap after a forced garbage collection, DOM nodes) through the DevTools protocol.
import type { Browser, CDPSession, Page } from '@playwright/test';

export interface Measure {
  heapUsedBytes: number;
  /** Elements in the document. */
  domElements: number;
  /** DOM nodes alive in the page (Chromium's count, after collecting garbage: detached nodes kept by a leak count). */
  domNodes: number;
  listeners: number;
}

export interface ConsoleEntry {
  at: number;
  text: string;
}

export class SoakDisplay {
  readonly errors: ConsoleEntry[] = [];
  readonly pageErrors: ConsoleEntry[] = [];

  private constructor(
    readonly page: Page,
    private readonly cdp: CDPSession,
  ) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.errors.push({ at: Date.now(), text: `${message.text()} (${message.location().url})` });
    });
    page.on('pageerror', (error) => this.pageErrors.push({ at: Date.now(), text: error.message }));
  }

  static async open(browser: Browser, url: string): Promise<SoakDisplay> {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const display = new SoakDisplay(page, await context.newCDPSession(page));
    await display.cdp.send('Performance.enable');
    await page.goto(url);
    await page.locator('main.display[data-screen]').waitFor({ timeout: 30_000 });
    return display;
  }

  /** What the display shows: its <main>'s data-screen, or null while it has none (connecting, an error). */
  screen(): Promise<string | null> {
    return this.page.evaluate(() => document.querySelector('main.display')?.getAttribute('data-screen') ?? null);
  }

  async waitForScreen(screen: string, ms: number): Promise<boolean> {
    try {
      await this.page.locator(`main.display[data-screen="${screen}"]`).waitFor({ timeout: ms });
      return true;
    } catch {
      return false;
    }
  }

  /** After a paid sale: its result, with the QR code of its receipt (`/receipt/{ref}.{mac}`) drawn. */
  async waitForReceipt(ref: string, ms: number): Promise<boolean> {
    try {
      await this.page.locator(`main.display[data-screen="result"] [data-url*="/receipt/${ref}."] svg`).waitFor({ timeout: ms });
      return true;
    } catch {
      return false;
    }
  }

  reconnectingShown(): Promise<boolean> {
    return this.page.evaluate(() => [...document.querySelectorAll('[role="status"]')].some((node) => node.textContent?.trim() === 'Reconnecting…'));
  }

  async measure(): Promise<Measure> {
    // Twice: the first collection can leave finalisers that free more on the second.
    await this.cdp.send('HeapProfiler.collectGarbage');
    await this.cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((each) => each.name === name)?.value ?? Number.NaN;
    return {
      heapUsedBytes: metric('JSHeapUsedSize'),
      domElements: await this.page.evaluate(() => document.getElementsByTagName('*').length),
      domNodes: metric('Nodes'),
      listeners: metric('JSEventListeners'),
    };
  }
}
