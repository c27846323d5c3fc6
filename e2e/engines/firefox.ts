/**
 * Firefox ESR (Debian's `firefox-esr`) over WebDriver BiDi with puppeteer-core 24 (25 needs Node
 * 22.12). No download: the browser is the system's. Launches take up to ~30 s on a loaded machine.
 */
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { find, type Engine, type EnginePage } from './driver.ts';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/lib/firefox-esr/firefox-esr';

class FirefoxPage implements EnginePage {
  constructor(readonly page: Page) {}
  async goto(url: string) {
    await this.page.goto(url, { waitUntil: 'load', timeout: 90_000 });
  }
  async reload() {
    await this.page.reload({ waitUntil: 'load', timeout: 90_000 });
  }
  run<T>(body: string): Promise<T> {
    return this.page.evaluate(`(async () => { ${body} })()`) as Promise<T>;
  }
  private async element(path: string[]): Promise<ElementHandle<Element>> {
    const h = (await this.page.evaluateHandle(find(path))).asElement() as ElementHandle<Element> | null;
    if (!h) throw new Error(`no element at ${path.join(' >> ')}`);
    return h;
  }
  async click(path: string[]) {
    await (await this.element(path)).click();
  }
  async type(path: string[], text: string, enter = false) {
    const h = await this.element(path);
    await h.focus();
    await h.type(text);
    if (enter) await this.page.keyboard.press('Enter');
  }
  async close() {
    await this.page.close();
  }
}

export async function launchFirefox(): Promise<Engine> {
  const browser: Browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    timeout: 90_000,
    protocolTimeout: 90_000,
    // No first-run pages, no update checks, no telemetry: this network refuses outside hosts.
    extraPrefsFirefox: { 'browser.shell.checkDefaultBrowser': false, 'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false },
  });
  const version = (await browser.version()).replace(/^firefox\//, '');
  return {
    name: `firefox-esr ${version}`,
    version,
    async newPage() {
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 800 });
      return new FirefoxPage(page);
    },
    async setOffline(page, offline) {
      await (page as FirefoxPage).page.setOfflineMode(offline);
    },
    quit: () => browser.close(),
  };
}
