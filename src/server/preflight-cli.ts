// `npm run preflight`: the checks a store runs before its first real sale, against the configuration `npm start`
// reads. With a real Centrapay (CENTRAPAY_BASE_URL) it calls Centrapay and the till's webhook URL. Without one it
// starts what `npm start` starts — the gateway and its embedded sandbox — on a free loopback port with a journal in
// memory (the till's own journal is never opened), checks against that, and stops it. Each check is printed in words;
// the exit code is 1 when one failed.
import type { FastifyInstance } from 'fastify';
import { preflightSummary, type PreflightCheck, type PreflightReport } from '../domain/preflight';
import { addressesOf, buildApp, gatewayOptions, listeningPort } from './app';
import { loadConfig, type AppConfig } from './config';
import { runPreflight } from './gateway/preflight/preflight';
import { preflightSettingsOf } from './gateway/preflight/target';

const LABEL: Record<PreflightCheck['status'], string> = { ok: 'ok      ', warning: 'warning ', failed: 'FAILED  ' };

export async function runPreflightCli(env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    print(`FAILED   Configuration: ${error instanceof Error ? error.message : String(error)}`);
    print('         What to do: fix the variable it names (docs/operating.md lists every one), then run the pre-flight again.');
    return 1;
  }
  const app = config.sandbox ? await startEmbedded(config) : undefined;
  try {
    const addresses = addressesOf(config, () => (app ? listeningPort(app, 0) : config.port));
    const report = await runPreflight(preflightSettingsOf(gatewayOptions(config, addresses)));
    for (const line of reportLines(report)) print(line);
    return report.checks.some((check) => check.status === 'failed') ? 1 : 0;
  } finally {
    await app?.close();
  }
}

/** What `npm start` serves on the sandbox, on a free loopback port, journaling in memory (and a sandbox of its own, in memory). */
async function startEmbedded(config: AppConfig): Promise<FastifyInstance> {
  const app = await buildApp({ ...config, journalPath: ':memory:', journalUrl: undefined, sandboxStatePath: ':memory:', host: '127.0.0.1', port: 0 }, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

export function reportLines(report: PreflightReport): string[] {
  return [
    `centrapay-pos pre-flight against ${report.centrapay}`,
    ...report.checks.flatMap((check) => [
      `${LABEL[check.status]} ${check.title}: ${check.detail}`,
      ...(check.action ? [`         What to do: ${check.action}`] : []),
    ]),
    preflightSummary(report.checks),
  ];
}
