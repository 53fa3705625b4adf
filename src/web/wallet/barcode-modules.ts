// Code 128 for the codes a patron shows at the till. jsbarcode does the encoding (code sets, check symbol, stop); its
// object renderer hands back the modules, and React draws them, so the DOM stays React's and it renders in tests.
import JsBarcode from 'jsbarcode';

/** Quiet zone each side, in modules: Code 128 asks for at least 10. */
export const QUIET_ZONE_MODULES = 10;

/** The code's modules, left to right: '1' a dark module, '0' a light one. */
export function code128Modules(value: string): string {
  const target: { encodings?: Array<{ data: string }> } = {};
  JsBarcode(target, value, { format: 'CODE128' });
  return (target.encodings ?? []).map((encoding) => encoding.data).join('');
}

/** Each run of dark modules as one bar: where it starts and how many modules wide it is. */
export function barsOf(modules: string): Array<{ x: number; width: number }> {
  return [...modules.matchAll(/1+/g)].map((run) => ({ x: run.index, width: run[0].length }));
}
