import { describe, expect, it } from 'vitest';
import { KeyQueue } from './key-queue';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('KeyQueue', () => {
  it('runs the work of one key one piece at a time, in order, each seeing what the last left', async () => {
    const queue = new KeyQueue();
    let value = 0;
    const seen: number[] = [];
    const bump = () => queue.run('lane-1', async () => {
      const before = value;
      await tick();
      value = before + 1;
      seen.push(value);
    });
    await Promise.all([bump(), bump(), bump()]);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('runs different keys side by side, and a failure does not stop the key’s next piece', async () => {
    const queue = new KeyQueue();
    const order: string[] = [];
    const slow = queue.run('a', async () => {
      await tick();
      await tick();
      order.push('a');
    });
    const fast = queue.run('b', async () => void order.push('b'));
    const failing = queue.run('a', async () => {
      throw new Error('refused');
    });
    const after = queue.run('a', async () => void order.push('a2'));
    await Promise.all([slow, fast, after]);
    await expect(failing).rejects.toThrow('refused');
    expect(order).toEqual(['b', 'a', 'a2']);
  });
});
