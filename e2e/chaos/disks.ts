// A real full disk for a gateway's journal: a small tmpfs of its own, filled to the last byte with a file the run
// deletes to free it. SQLite then gets ENOSPC from the kernel and answers SQLITE_FULL, exactly as on a till whose disk
// filled up. Mounting needs a machine that allows it (root with CAP_SYS_ADMIN); elsewhere the run says so and only
// has read-only episodes.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class SmallDisk {
  private readonly filler: string;

  private constructor(readonly dir: string) {
    this.filler = join(dir, 'filler');
  }

  /** Mounts a tmpfs of `megabytes` at `dir`; null when this machine does not allow it. */
  static mount(dir: string, megabytes: number): SmallDisk | null {
    mkdirSync(dir, { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir], { stdio: 'ignore' });
      return new SmallDisk(dir);
    } catch {
      return null;
    }
  }

  /** Fills what is left. The journal may grow between the look and the write: ENOSPC then means it is full. */
  fill(): void {
    const { bavail, bsize } = statfsSync(this.dir);
    try {
      writeFileSync(this.filler, Buffer.alloc(bavail * bsize));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return;
      this.free();
      throw error;
    }
  }

  free(): void {
    rmSync(this.filler, { force: true });
  }

  /** Copies what is on it (the journal) to `keepIn`, then unmounts. */
  unmount(keepIn: string): void {
    this.free();
    for (const file of existsSync(this.dir) ? readdirSync(this.dir) : []) copyFileSync(join(this.dir, file), join(keepIn, file));
    try {
      execFileSync('umount', ['-l', this.dir], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}
