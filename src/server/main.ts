// Starts centrapay-pos: reads the configuration, listens, and prints where the screens are: the home page first.
import { buildApp } from './app';
import { loadConfig } from './config';
import type { Store } from './gateway/stores/stores';
import { SANDBOX_KIOSK_STAFF_CODE } from './stores-config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp(config);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicUrl ?? `http://${config.localHost}:${port}`;
  const lines = [
    // The home page first: it links every screen below, so it is the one address a person needs.
    `centrapay-pos is open at ${base}/ (the home page links every screen)`,
    `It runs on ${config.sandbox ? 'the embedded Centrapay sandbox' : config.centrapayBaseUrl}:`,
    ...config.stores.flatMap((store) => [...(config.stores.length > 1 ? [`  ${store.name} (store ${store.id})`] : []), ...storeLines(store, base, config.sandbox)]),
    ...(config.sandbox ? [`  Wallet simulator: ${base}/sandbox/wallet`, `  Sandbox API: ${base}/sandbox/api (terminal key sbx-terminal-cafe)`] : []),
    '',
  ];
  console.log(lines.join('\n'));

  const shutdown = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  // A promise nobody awaited is a bug to log, not a reason to take every screen down: the sale engine's state is
  // journaled and its runners are restarted from it.
  process.on('unhandledRejection', (reason) => app.log.error({ err: reason }, 'unhandled rejection'));
}

/** Where a store's screens are: each lane's cashier screen and display (or kiosk), each machine's sticker. */
function storeLines(store: Store, base: string, sandbox: boolean): string[] {
  return [
    ...store.lanes.flatMap((lane) => lane.kind === 'kiosk' ? [`  ${lane.name}: kiosk    ${base}/kiosk?lane=${lane.id}`] : [
      `  ${lane.name}: cashier  ${base}/cashier?lane=${lane.id}`,
      `  ${lane.name}: display  ${base}/display?lane=${lane.id}`,
    ]),
    ...store.machines.flatMap((machine) => [
      `  ${machine.name}: sticker  ${base}/machines/${machine.id}/qr`,
      ...(sandbox ? [`  ${machine.name}: simulator  ${base}/machines/${machine.id}`] : []),
    ]),
    ...(sandbox && store.kioskStaffCode === SANDBOX_KIOSK_STAFF_CODE && store.lanes.some((lane) => lane.kind === 'kiosk')
      ? [`  Kiosk staff code (sandbox demo): ${store.kioskStaffCode}`] : []),
  ];
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
