/** Write ownership: one lock request per burst, held while writing and a little after, let go when asked. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWriteOwner, type LockPort } from './write-owner.ts';

beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
afterEach(() => void vi.useRealTimers());

function port(answer: 'grant' | 'busy' | 'none' = 'grant') {
  const log: string[] = [];
  const wanted = new Map<string, () => void>();
  const p: LockPort = {
    async hold(name, wait, onWanted) {
      log.push(`hold ${name}${wait ? '' : ' ifAvailable'}`);
      if (answer !== 'grant') return answer;
      wanted.set(name, onWanted);
      return () => {
        log.push(`release ${name}`);
        wanted.delete(name);
      };
    },
  };
  return { p, log, ask: (name: string) => wanted.get(name)?.() };
}

describe('createWriteOwner', () => {
  it('takes the lock once for a burst of writes, keeps it for the linger time, then lets go', async () => {
    const { p, log } = port();
    const released: string[] = [];
    const o = createWriteOwner(p, (k) => released.push(k), 1_000);
    await Promise.all([o.run('a', async () => 1), o.run('a', async () => 2)]);
    await o.run('a', async () => 3);
    expect(o.owns('a')).toBe(true);
    expect(log).toEqual(['hold write:a']);
    vi.advanceTimersByTime(999);
    expect(o.owns('a')).toBe(true);
    vi.advanceTimersByTime(1);
    expect(o.owns('a')).toBe(false);
    expect(log).toEqual(['hold write:a', 'release write:a']);
    expect(released).toEqual(['a']);
  });

  it('another tab asking makes it let go as soon as the write in progress is done', async () => {
    const { p, log, ask } = port();
    const o = createWriteOwner(p, () => {}, 60_000);
    let finish!: () => void;
    const writing = o.run('a', () => new Promise<void>((r) => (finish = r)));
    await vi.waitFor(() => expect(o.owns('a')).toBe(true));
    ask('write:a');
    expect(o.owns('a')).toBe(true);
    finish();
    await writing;
    expect(o.owns('a')).toBe(false);
    expect(log.at(-1)).toBe('release write:a');
  });

  it('without waiting, a lock held elsewhere gives busy and runs nothing', async () => {
    const { p } = port('busy');
    const o = createWriteOwner(p, () => {});
    let ran = false;
    expect(await o.run('a', async () => (ran = true), false)).toBe('busy');
    expect(ran).toBe(false);
  });

  it('where locks are unavailable, writes run unowned and the port is not asked again', async () => {
    const { p, log } = port('none');
    const o = createWriteOwner(p, () => {});
    expect(await o.run('a', async () => 1)).toBe(1);
    expect(await o.run('b', async () => 2)).toBe(2);
    expect(o.owns('a')).toBe(false);
    expect(log).toEqual(['hold write:a']);
  });

  it('releaseIdle() lets go of every lock not being written (the page is hidden)', async () => {
    const { p, log } = port();
    const o = createWriteOwner(p, () => {}, 60_000);
    await o.run('a', async () => 1);
    await o.run('b', async () => 1);
    o.releaseIdle();
    expect(o.owns('a') || o.owns('b')).toBe(false);
    expect(log.filter((l) => l.startsWith('release'))).toEqual(['release write:a', 'release write:b']);
  });

  it('close() lets go of idle locks at once, and of one being written as soon as its write ends, leaving no timer', async () => {
    const { p, log } = port();
    const o = createWriteOwner(p, () => {}, 60_000);
    await o.run('idle', async () => 1);
    let finish!: () => void;
    const writing = o.run('busy', () => new Promise<void>((r) => (finish = r)));
    await vi.waitFor(() => expect(o.owns('busy')).toBe(true));
    o.close();
    expect(o.owns('idle')).toBe(false);
    finish();
    await writing;
    expect(o.owns('busy')).toBe(false);
    expect(log.filter((l) => l.startsWith('release'))).toEqual(['release write:idle', 'release write:busy']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
