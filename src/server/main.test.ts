// `npm start`'s own process: the first thing it prints is the home page's address, which links every screen.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Starts the till as `npm start` does (on an ephemeral port) and reads what it prints until the list's end. */
async function startUpLines(): Promise<string[]> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const till = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', JOURNAL_PATH: ':memory:', LOG_LEVEL: 'warn', WEBHOOKS: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let printed = '';
    await new Promise<void>((resolve, reject) => {
      till.stdout.on('data', (chunk: Buffer) => {
        printed += chunk.toString('utf8');
        if (printed.includes('Sandbox API:')) resolve();
      });
      till.stderr.on('data', (chunk: Buffer) => reject(new Error(chunk.toString('utf8'))));
      till.once('exit', (code) => reject(new Error(`the till exited (${code}) after printing: ${printed}`)));
    });
    return printed.split('\n');
  } finally {
    till.kill('SIGTERM');
  }
}

describe('npm start', () => {
  it('prints the home page’s address first, then where each screen is', async () => {
    const lines = await startUpLines();
    const home = /^centrapay-pos is open at (http:\/\/[^/\s]+:\d+)\/ \(the home page links every screen\)$/.exec(lines[0]!);
    expect(home, lines[0]).not.toBeNull();
    expect(lines).toContain(`  Till: cashier  ${home![1]}/cashier?lane=default`);
    expect(lines).toContain(`  Wallet simulator: ${home![1]}/sandbox/wallet`);
  }, 30_000);
});
