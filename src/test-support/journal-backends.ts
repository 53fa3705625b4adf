// The journal backends a gateway's flow tests run on, each giving a fresh journal per call that outlives a gateway's
// restart: SQLite (a file in a new temp directory, the default backend) and PostgreSQL (a new database on the run's
// server, postgres-global-setup.ts). A flow file runs on both with `describe.each(JOURNAL_BACKENDS)`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayOptions } from '../server/gateway/app';
import { freshDatabase } from './postgres-database';

/** What a gateway is given to keep its journal where the backend keeps it. */
export type JournalChoice = Pick<GatewayOptions, 'journalPath'> | Required<Pick<GatewayOptions, 'journalUrl'>>;

export interface JournalBackend {
  name: string;
  journal(): Promise<JournalChoice>;
}

export const JOURNAL_BACKENDS: readonly JournalBackend[] = [
  { name: 'SQLite', journal: async () => ({ journalPath: join(mkdtempSync(join(tmpdir(), 'pos-journal-')), 'journal.sqlite') }) },
  { name: 'PostgreSQL', journal: async () => ({ journalUrl: await freshDatabase() }) },
];
