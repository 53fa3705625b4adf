// The display's branding as the server sets it up: the merchant's name and logo, and the promotional slides
// (DISPLAY_SLIDES: a folder served read-only, or a list of URLs), in the public config the screens read.
import type { FastifyInstance } from 'fastify';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from './app';
import { loadConfig } from './config';
import { DEMO_SLIDES } from './display-slides';

const distDir = mkdtempSync(join(tmpdir(), 'pos-dist-'));
writeFileSync(join(distDir, 'index.html'), '<!doctype html><div id="root"></div>');
const HOST = { host: 'localhost:8080' };

const REAL_CENTRAPAY = {
  CENTRAPAY_BASE_URL: 'https://centrapay.invalid',
  CENTRAPAY_API_KEY: 'live-key',
  CENTRAPAY_CONFIG_ID: 'mc_1',
  CENTRAPAY_MERCHANT_ID: 'merchant-1',
  CENTRAPAY_MERCHANT_ACCOUNT_ID: 'account-1',
  CASHIER_CODE: 'till-code-1234',
};

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function server(env: Record<string, string> = {}): Promise<FastifyInstance> {
  app = await buildApp(loadConfig({ JOURNAL_PATH: ':memory:', WEBHOOKS: 'off', ...env }), { logger: false, distDir });
  return app;
}

async function publicConfig(env: Record<string, string> = {}) {
  const response = await (await server(env)).inject({ method: 'GET', url: '/api/config', headers: HOST });
  return response.json() as { merchantName: string | null; merchantLogoUrl: string | null; slides: string[] };
}

describe('display branding', () => {
  it('on the sandbox, the display shows the sandbox merchant and the demo slides shipped with the app', async () => {
    expect(await publicConfig()).toMatchObject({ merchantName: 'Sandbox Café', merchantLogoUrl: null, slides: [...DEMO_SLIDES] });
    for (const slide of DEMO_SLIDES) expect(existsSync(join('public', slide)), slide).toBe(true);
  });

  it('with a real Centrapay and nothing set, shows no name and no slides rather than the sandbox’s', async () => {
    expect(await publicConfig(REAL_CENTRAPAY)).toMatchObject({ merchantName: null, merchantLogoUrl: null, slides: [] });
  });

  it('shows the merchant’s own name, logo and slide URLs, and lets the browser load images from their origins', async () => {
    const config = await publicConfig({
      MERCHANT_NAME: 'Kōwhai Kitchen',
      MERCHANT_LOGO_URL: 'https://brand.example/logo.png',
      DISPLAY_SLIDES: 'https://cdn.example/a.jpg, https://cdn.example/b.webp,/promo/c.png',
    });
    expect(config).toMatchObject({
      merchantName: 'Kōwhai Kitchen',
      merchantLogoUrl: 'https://brand.example/logo.png',
      slides: ['https://cdn.example/a.jpg', 'https://cdn.example/b.webp', '/promo/c.png'],
    });
    const page = await app!.inject({ method: 'GET', url: '/display', headers: HOST });
    const imgSrc = /img-src ([^;]+)/.exec(page.headers['content-security-policy'] as string)?.[1];
    expect(imgSrc?.split(' ')).toEqual(["'self'", 'data:', 'https://brand.example', 'https://cdn.example']);
  });

  it('serves a slides folder read-only: its first 8 images by name, nothing else from the disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pos-slides-'));
    for (const name of ['10-late.png', '01 autumn menu.jpg', '02.svg', '03.webp', '04.gif', '05.jpeg', '06.png', '07.png', '08.png', 'notes.txt', '.hidden.png']) {
      writeFileSync(join(dir, name), name.endsWith('.svg') ? '<svg xmlns="http://www.w3.org/2000/svg"/>' : `image ${name}`);
    }
    mkdirSync(join(dir, '00-folder.png'));
    writeFileSync(join(tmpdir(), 'secret.png'), 'not a slide');

    const config = await publicConfig({ DISPLAY_SLIDES: dir });
    expect(config.slides).toEqual(['01 autumn menu.jpg', '02.svg', '03.webp', '04.gif', '05.jpeg', '06.png', '07.png', '08.png'].map((name) => `/display-slides/${encodeURIComponent(name)}`));

    const jpg = await app!.inject({ method: 'GET', url: '/display-slides/01%20autumn%20menu.jpg', headers: HOST });
    expect(jpg.statusCode).toBe(200);
    expect(jpg.headers['content-type']).toBe('image/jpeg');
    expect(jpg.body).toBe('image 01 autumn menu.jpg');
    expect((await app!.inject({ method: 'GET', url: '/display-slides/02.svg', headers: HOST })).headers['content-type']).toBe('image/svg+xml');
    for (const url of ['/display-slides/10-late.png', '/display-slides/notes.txt', '/display-slides/.hidden.png', '/display-slides/..%2Fsecret.png', '/display-slides/../secret.png']) {
      expect((await app!.inject({ method: 'GET', url, headers: HOST })).statusCode, url).toBe(404);
    }
    expect((await app!.inject({ method: 'POST', url: '/display-slides/02.svg', headers: HOST })).statusCode).toBe(404);
  });

  it('refuses at start a slide that is not an image URL, more than 8 URLs, or a logo that is not a URL', () => {
    expect(() => loadConfig({ DISPLAY_SLIDES: './no-such-folder' })).toThrow('DISPLAY_SLIDES: "./no-such-folder" is neither a folder nor an image URL');
    expect(() => loadConfig({ DISPLAY_SLIDES: 'javascript:alert(1)' })).toThrow(/neither a folder nor an image URL/);
    const nine = Array.from({ length: 9 }, (_, i) => `https://cdn.example/${i}.png`).join(',');
    expect(() => loadConfig({ DISPLAY_SLIDES: nine })).toThrow('DISPLAY_SLIDES lists 9 images; the display shows at most 8');
    expect(() => loadConfig({ MERCHANT_LOGO_URL: '//evil.example/x.png' })).toThrow(/MERCHANT_LOGO_URL/);
  });
});
