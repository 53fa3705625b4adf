// `npx tsx e2e/chaos/reaudit.ts <work dir>`: runs the audit again on the records a failed run kept
// (audit-input.json), e.g. after a rule was changed, and prints its violations with the records each is about.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { audit, type AuditInput } from './audit';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: npx tsx e2e/chaos/reaudit.ts <work dir of a chaos run>\n');
  process.exit(2);
}
const input = JSON.parse(readFileSync(join(dir, 'audit-input.json'), 'utf8')) as AuditInput;
const result = audit(input);
for (const found of result.violations) {
  process.stdout.write(`[${found.kind}] (${found.flow}) ${found.rule}: ${found.detail}\n    subject ${found.subject ?? '-'} on ${found.gateway ?? '?'}/${found.lane ?? '?'}; requests ${found.requests.map((request) => request.id).join(', ') || '-'}\n`);
}
process.stdout.write(`Violations: ${result.violations.length} (${Object.entries(result.byKind).map(([kind, n]) => `${kind} ${n}`).join(', ')})\n`);
process.exit(result.violations.length ? 1 : 0);
