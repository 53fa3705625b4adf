// The journal's troubles for gateways each on a SQLite journal of their own: the journal locked by another program
// (BEGIN EXCLUSIVE held from here, 1–4 s), and the journal's disk full for real (disks.ts) or read-only (the
// gateway's chaos switch), taking turns. One episode at a time per gateway, so a restart never meets a lock it
// cannot open its journal through.
import Database from 'better-sqlite3';
import { dueVictim, type ChaosContext, type JournalTroubles } from './chaos';
import type { SmallDisk } from './disks';
import type { GatewayProcess } from './processes';
import { bump, log, sleep } from './stats';
import type { Till } from './till';

export function sqliteTroubles(context: ChaosContext, tills: ReadonlyMap<string, Till>, disks: ReadonlyMap<string, SmallDisk>): JournalTroubles {
  return {
    loops: () => [lockLoop(context), diskLoop(context, tills, disks)],
    restore: async () => {
      for (const disk of disks.values()) disk.free();
      for (const till of tills.values()) await till.journalReadOnly(false);
    },
  };
}

async function lockLoop(context: ChaosContext): Promise<void> {
  while (!context.stopped()) {
    const gateway = await dueVictim(context, () => context.stats.lockEpisodes, context.plan.locks);
    if (gateway) await context.episodes.run([gateway], () => lockJournal(context, gateway));
  }
}

async function lockJournal(context: ChaosContext, gateway: GatewayProcess): Promise<void> {
  let db: Database.Database | undefined;
  try {
    db = new Database(gateway.spec.journalPath, { timeout: 2_000 });
    db.exec('BEGIN EXCLUSIVE');
    context.stats.lockEpisodes += 1;
    const hold = context.random.int(1_000, 4_000);
    await sleep(hold);
    db.exec('COMMIT');
    log(`journal lock #${context.stats.lockEpisodes}: gateway ${gateway.name}, held ${hold} ms`);
  } catch (error) {
    log(`could not lock gateway ${gateway.name}'s journal: ${String(error)}`);
  } finally {
    db?.close();
  }
}

async function diskLoop(context: ChaosContext, tills: ReadonlyMap<string, Till>, disks: ReadonlyMap<string, SmallDisk>): Promise<void> {
  const { random, stats, episodes } = context;
  while (!context.stopped()) {
    const gateway = await dueVictim(context, () => stats.diskFullEpisodes, context.plan.diskFull);
    if (!gateway) continue;
    const till = tills.get(gateway.name)!;
    const disk = disks.get(gateway.name);
    // Taking turns: a disk filled for real, then one gone read-only.
    const how = disk && stats.diskFullEpisodes % 2 === 0 ? 'full' : 'read-only';
    await episodes.run([gateway], async () => {
      if (how === 'full') disk!.fill();
      else if (!(await till.journalReadOnly(true))) return log(`gateway ${gateway.name} refused the journal switch`);
      try {
        stats.diskFullEpisodes += 1;
        bump(stats.diskFullHow, how);
        const hold = random.int(2_000, 6_000);
        await sleep(hold);
        log(`journal disk ${how} #${stats.diskFullEpisodes}: gateway ${gateway.name}, ${hold} ms`);
      } finally {
        // Always given back, whatever happened meanwhile: a disk left full would be an episode of the whole run.
        const freed = how === 'full' ? (disk!.free(), true) : await till.journalReadOnly(false);
        if (!freed) log(`gateway ${gateway.name}: could not switch its journal back; the restart or the end of the chaos does`);
      }
    });
  }
}
