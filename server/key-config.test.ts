/** The demo keys are public: they are active only while a site has set no keys of its own (issue 24). */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { describeKeys, keysFromEnv, maskPattern } from './key-config.ts';
import { openStore } from './store.ts';

describe('keys from the environment', () => {
  it('uses the demo keys when no key list is set', () => {
    expect(keysFromEnv({})).toEqual({ keys: ['demo-web-key'], apiKeys: ['demo-api-key'], revokedKeys: [] });
  });

  it('turns both demo keys off when COLLECTOR_KEYS is set without demo-web-key: no read key unless named', () => {
    expect(keysFromEnv({ COLLECTOR_KEYS: 'site-web:shop' })).toEqual({ keys: ['site-web:shop'], apiKeys: [], revokedKeys: [] });
    expect(keysFromEnv({ COLLECTOR_KEYS: 'site-web', COLLECTOR_API_KEYS: 'site-read' }).apiKeys).toEqual(['site-read']);
    expect(keysFromEnv({ COLLECTOR_KEYS: 'site-web', COLLECTOR_API_KEYS: 'site-read,demo-api-key' }).apiKeys).toEqual(['site-read', 'demo-api-key']);
  });

  it('turns the demo web key off when only COLLECTOR_API_KEYS is set', () => {
    expect(keysFromEnv({ COLLECTOR_API_KEYS: 'site-read' })).toEqual({ keys: [], apiKeys: ['site-read'], revokedKeys: [] });
  });

  it('keeps demo-api-key when COLLECTOR_KEYS names demo-web-key (the demo plus keys of its own, as the e2e suite runs it)', () => {
    expect(keysFromEnv({ COLLECTOR_KEYS: 'demo-web-key,test-*' })).toEqual({ keys: ['demo-web-key', 'test-*'], apiKeys: ['demo-api-key'], revokedKeys: [] });
    expect(keysFromEnv({ COLLECTOR_KEYS: 'demo-web-key', COLLECTOR_API_KEYS: '' }).apiKeys).toEqual([]);
    expect(keysFromEnv({ COLLECTOR_REVOKED_KEYS: ' a , b* ' }).revokedKeys).toEqual(['a', 'b*']);
  });
});

describe('a site with keys of its own', () => {
  it('cannot be read or written with the public demo keys', async () => {
    const app = createApp({ ...keysFromEnv({ COLLECTOR_KEYS: 'site-web' }), db: openStore(':memory:'), admin: false });
    const conversation = JSON.stringify({ id: 'c1', type: 'support_copilot', messages: [{ role: 'user', content: 'private' }] });
    const write = (key: string) => app.request('/conversations', { method: 'POST', headers: { Authorization: `Bearer ${key}` }, body: conversation });
    expect((await write('site-web')).status).toBe(200);
    expect((await write('demo-web-key')).status).toBe(401);
    const read = await app.request('/conversations', { headers: { Authorization: 'Bearer demo-api-key' } });
    expect(read.status).toBe(401);
    expect(await read.text()).not.toContain('private');
  });
});

describe('the startup line', () => {
  it('names the active keys masked, with their projects', () => {
    const line = describeKeys(keysFromEnv({ COLLECTOR_KEYS: 'site-web-0123456789:shop,test-*', COLLECTOR_API_KEYS: 'site-read-9876543210:shop', COLLECTOR_REVOKED_KEYS: 'old-key' }));
    expect(line).toBe('web keys (write): site…789 (shop), te…* (default); API keys (read): site…210 (shop); revoked: ol… (default)');
    for (const secret of ['site-web-0123456789', 'site-read-9876543210', 'test-*', 'old-key']) expect(line).not.toContain(secret);
  });

  it('says when the public demo keys are active, and when nothing can read', () => {
    expect(describeKeys(keysFromEnv({}))).toMatch(/^web keys \(write\): demo…key \(default\); API keys \(read\): demo…key \(default\); revoked: none — the demo keys are public/);
    expect(describeKeys(keysFromEnv({ COLLECTOR_KEYS: 'site-web-0123456789' }))).toContain('API keys (read): none');
    expect(maskPattern('short')).toBe('sh…');
  });
});

describe('server/main.ts', () => {
  it('prints the active keys, masked, when it starts', async () => {
    const data = mkdtempSync(join(tmpdir(), 'collector-start-'));
    const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', COLLECTOR_DATA: data, COLLECTOR_KEYS: 'site-web-0123456789:shop', COLLECTOR_API_KEYS: '' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: resolve(import.meta.dirname, '..'), env });
    try {
      const out = await new Promise<string>((done, fail) => {
        let text = '';
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          if (/collector: web keys/.test(text)) done(text);
        });
        child.stderr.on('data', (d: Buffer) => (text += d.toString()));
        child.on('exit', (code) => fail(new Error(`exited with ${code}: ${text}`)));
      });
      expect(out).toContain('collector: web keys (write): site…789 (shop); API keys (read): none; revoked: none');
      expect(out).not.toContain('site-web-0123456789');
    } finally {
      child.kill('SIGTERM');
      rmSync(data, { recursive: true, force: true });
    }
  }, 60_000);
});
