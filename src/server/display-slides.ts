// The display's promotional slides (DISPLAY_SLIDES): a folder of images the gateway serves read-only, or a list of
// image URLs. A folder's files are listed once at boot and only those names are ever served, so no request path
// reaches anything else on the disk.
import type { FastifyInstance } from 'fastify';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

export const MAX_SLIDES = 8;
/** Where a slides folder's files are served. */
export const SLIDES_PATH = '/display-slides';
/** The one-command demo's slides, in `public/slides/` (shipped with the web app). */
export const DEMO_SLIDES = ['/slides/flat-white.svg', '/slides/pay-with-centrapay.svg', '/slides/fresh-baking.svg'] as const;

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

export interface DisplaySlides {
  /** What the display loads, in order. */
  urls: string[];
  /** With a folder: where it is and the file names served from it. */
  folder?: { dir: string; files: string[] };
}

/** An image the screens may load: an http(s) URL, or a path on this server ("/logo.png"). */
export function isImageUrl(value: string): boolean {
  if (value.startsWith('/')) return !value.startsWith('//');
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** DISPLAY_SLIDES read: a folder → its first 8 images by name; else a comma-separated list of at most 8 URLs. */
export function readDisplaySlides(value: string | undefined, sandbox: boolean): DisplaySlides {
  const setting = value?.trim();
  if (!setting) return { urls: sandbox ? [...DEMO_SLIDES] : [] };
  if (isDirectory(setting)) {
    const dir = resolve(setting);
    const files = readdirSync(dir)
      .filter((name) => !name.startsWith('.') && IMAGE_TYPES[extname(name).toLowerCase()] && isFile(join(dir, name)))
      .sort()
      .slice(0, MAX_SLIDES);
    return { urls: files.map((name) => `${SLIDES_PATH}/${encodeURIComponent(name)}`), folder: { dir, files } };
  }
  const urls = setting.split(',').map((url) => url.trim()).filter(Boolean);
  const bad = urls.find((url) => !isImageUrl(url));
  if (bad) throw new Error(`Configuration error: DISPLAY_SLIDES: "${bad}" is neither a folder nor an image URL (http(s)://… or /…)`);
  if (urls.length > MAX_SLIDES) throw new Error(`Configuration error: DISPLAY_SLIDES lists ${urls.length} images; the display shows at most ${MAX_SLIDES}`);
  return { urls };
}

/** Serves a slides folder's images, by the names listed at boot and no others. */
export function slidesRoutes(folder: NonNullable<DisplaySlides['folder']>) {
  const files = new Set(folder.files);
  return async (app: FastifyInstance) => {
    app.get<{ Params: { file: string } }>(`${SLIDES_PATH}/:file`, async (request, reply) => {
      const { file } = request.params;
      if (!files.has(file)) return reply.code(404).send({ statusCode: 404, code: 'NO_SUCH_SLIDE', message: 'There is no such slide.' });
      return reply
        .type(IMAGE_TYPES[extname(file).toLowerCase()]!)
        .header('Cache-Control', 'no-cache')
        .send(createReadStream(join(folder.dir, file)));
    });
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
