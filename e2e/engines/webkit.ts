/**
 * WebKitGTK (the WebKit of Safari's family; Debian's `webkit2gtk-driver` and MiniBrowser) over
 * classic W3C WebDriver, with the few commands the scenarios use spoken directly over HTTP
 * (https://www.w3.org/TR/webdriver2/). Needs an X display (`xvfb-run`): WebKitGTK has no headless
 * mode; MiniBrowser needs `--automation` or the new session hangs. No offline emulation and no
 * console API here: outages are made at the server, errors are recorded inside the page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { find, until, type Engine, type EnginePage } from './driver.ts';

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const ENTER = '\uE007';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

type Call = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

class WebKitPage implements EnginePage {
  constructor(
    private readonly call: Call,
    readonly handle: string,
    private readonly focus: (handle: string) => Promise<void>,
  ) {}
  private async cmd<T>(method: string, path: string, body?: unknown): Promise<T> {
    await this.focus(this.handle);
    return this.call<T>(method, path, body);
  }
  async goto(url: string) {
    await this.cmd('POST', '/url', { url });
  }
  async reload() {
    await this.cmd('POST', '/refresh', {});
  }
  run<T>(body: string): Promise<T> {
    // execute/async: the last argument is the callback; a rejected promise becomes an error value.
    return this.cmd<{ ok: boolean; v: T; e: string }>('POST', '/execute/async', {
      script: `const done = arguments[arguments.length - 1]; (async () => { ${body} })().then((v) => done({ ok: true, v }), (e) => done({ ok: false, e: String(e && e.stack || e) }));`,
      args: [],
    }).then((r) => {
      if (!r.ok) throw new Error(`in the page: ${r.e}`);
      return r.v;
    });
  }
  private async element(path: string[]): Promise<string> {
    const el = await this.cmd<Record<string, string> | null>('POST', '/execute/sync', { script: `return ${find(path)};`, args: [] });
    if (!el?.[ELEMENT]) throw new Error(`no element at ${path.join(' >> ')}`);
    return el[ELEMENT]!;
  }
  async click(path: string[]) {
    await this.cmd('POST', `/element/${await this.element(path)}/click`, {});
  }
  async type(path: string[], text: string, enter = false) {
    const id = await this.element(path);
    await this.cmd('POST', `/element/${id}/value`, { text: text + (enter ? ENTER : '') });
  }
  async close() {
    await this.cmd('DELETE', '/window');
  }
}

export async function launchWebKit(): Promise<Engine> {
  const port = await freePort();
  const driver: ChildProcess = spawn(WEBKIT_DRIVER, [`--port=${port}`], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  let session = '';
  const raw = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, { method, headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const json = (await res.json()) as { value: T & { error?: string; message?: string } };
    if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.error} ${json.value?.message ?? ''}`);
    return json.value;
  };
  await until('WebKitWebDriver to listen', () => raw('GET', '/status').then(() => true), 30_000);
  const created = await raw<{ sessionId: string; capabilities: { browserVersion: string } }>('POST', '/session', {
    capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] }, timeouts: { script: 90_000, pageLoad: 90_000 } } },
  });
  session = created.sessionId;
  const call: Call = (method, path, body) => raw(method, `/session/${session}${path}`, body);
  let current = await call<string>('GET', '/window');
  const focus = async (handle: string) => {
    if (handle === current) return;
    await call('POST', '/window', { handle });
    current = handle;
  };
  await call('POST', '/window/rect', { width: 1280, height: 800 });
  let first: string | undefined = current;
  const version = created.capabilities.browserVersion;
  return {
    name: `webkitgtk ${version}`,
    version,
    async newPage() {
      // The session's first window, then a new tab per page.
      if (first) {
        const h = first;
        first = undefined;
        return new WebKitPage(call, h, focus);
      }
      const { handle } = await call<{ handle: string }>('POST', '/window/new', { type: 'tab' });
      return new WebKitPage(call, handle, focus);
    },
    async quit() {
      await raw('DELETE', `/session/${session}`).catch(() => {});
      driver.kill();
    },
  };
}
