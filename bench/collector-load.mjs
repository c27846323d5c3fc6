/**
 * Scale of the reference collector: `POST /conversations` with 20-message bodies from a load
 * generator on loopback (keep-alive agent, bounded concurrency, 1,000 conversation ids reused so
 * most requests are upserts, as a widget's repeated sends are), against a bare Node HTTP server
 * that reads the body and answers 200 (the floor of this machine's HTTP stack), measured the same
 * way. The collector runs in its own process, without admin routes, on a fresh data folder.
 */
import http from 'node:http';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { median, percentile, sleep, startCollector } from './lib.mjs';

function body(id, n = 20) {
  const t = Date.parse('2025-01-01T00:00:00Z');
  const messages = Array.from({ length: n }, (_, i) => ({
    id: `${id}-m${i}`,
    role: i % 2 ? 'assistant' : 'user',
    content: (i % 2 ? 'You can reset your password from Settings > Security. ' : 'How do I reset my password? ').repeat(i % 2 ? 6 : 2),
    createdAt: new Date(t + i * 1000).toISOString(),
    userProperties: i % 2 ? undefined : { id: 'anon-1', identificationType: 'COOKIED' },
  }));
  return JSON.stringify({ id, type: 'support_copilot', createdAt: new Date(t).toISOString(), messages, userProperties: { id: 'anon-1', identificationType: 'COOKIED' } });
}

/** Runs `concurrency` request loops for `ms`; returns { rps, p50, p99, errors, requests }. */
export async function loadTest(url, { concurrency = 32, ms = 8000, warmupMs = 2000, key = 'demo-web-key', ids = 1000 } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const bodies = Array.from({ length: ids }, () => body(randomUUID()));
  const u = new URL('/conversations', url);
  const post = (b) =>
    new Promise((resolve) => {
      const req = http.request(
        { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'content-length': Buffer.byteLength(b) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        },
      );
      req.on('error', () => resolve(0));
      req.end(b);
    });
  let phase = 'warmup';
  const lat = [];
  let errors = 0;
  let i = 0;
  let stop = false;
  const loops = Array.from({ length: concurrency }, async () => {
    while (!stop) {
      const b = bodies[i++ % bodies.length];
      const t0 = process.hrtime.bigint();
      const status = await post(b);
      const dt = Number(process.hrtime.bigint() - t0) / 1e6;
      if (phase === 'measure') {
        lat.push(dt);
        if (status !== 200) errors++;
      }
    }
  });
  await sleep(warmupMs);
  phase = 'measure';
  const t0 = Date.now();
  await sleep(ms);
  phase = 'done';
  const elapsed = Date.now() - t0;
  stop = true;
  await Promise.all(loops);
  agent.destroy();
  return { rps: lat.length / (elapsed / 1000), p50: median(lat), p99: percentile(lat, 99), errors, requests: lat.length, bodyBytes: Buffer.byteLength(bodies[0]) };
}

/** A bare Node HTTP server in its own process: reads the body, answers 200 with a small JSON. */
async function startBare() {
  const src = `const http = require('node:http');
const s = http.createServer((req, res) => { const chunks = []; req.on('data', (c) => chunks.push(c)); req.on('end', () => { Buffer.concat(chunks); res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); }); });
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => console.log('port ' + s.address().port));`;
  const child = spawn(process.execPath, ['-e', src], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /port (\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

export async function collectorLoad({ concurrency = 32, ms = 8000 } = {}) {
  const collector = await startCollector({ admin: false, keys: 'demo-web-key' });
  const bare = await startBare();
  try {
    const c = await loadTest(collector.url, { concurrency, ms });
    const b = await loadTest(bare.url, { concurrency, ms });
    return { concurrency, seconds: ms / 1000, collector: c, bare: b };
  } finally {
    bare.stop();
    await collector.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await collectorLoad({ ms: Number(process.argv[2] ?? 5000) }));
}
