/**
 * The shell around the chat (issue 12 item 9, issue 13 items 5 and 6): the launcher is the close
 * button while open; open and close animate in at most 200 ms and not at all under reduced motion;
 * an unread badge when an answer completes while closed; a phone's page does not scroll behind the
 * full-screen panel; the theme follows the page's declared color-scheme; left placement, offsets;
 * `launcher: false` with the page's own `[data-support-copilot-open]` elements; the shortcut;
 * inline mode in a container.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { HostPages, INSTALL_ANSWER, sseBody, ui, waitReady, watchPage, type HostOptions } from './widget-helpers.ts';

const launcher = (page: Page) => page.locator('[data-support-copilot] .launch');

async function load(page: Page, o: HostOptions): Promise<void> {
  await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('shell.html', o));
  await waitReady(page);
}

/**
 * Records, inside the page, the duration of every animation and transition that starts in the
 * widget's shadow root (events, so a short one is never missed by a late look).
 */
const recordMotion = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('[data-support-copilot]')!.shadowRoot!;
    const seen: number[] = ((window as unknown as { __motion: number[] }).__motion = []);
    const ms = (v: string) => Math.max(...v.split(',').map((s) => parseFloat(s) * (s.trim().endsWith('ms') ? 1 : 1000)));
    root.addEventListener('animationstart', (e) => seen.push(ms(getComputedStyle(e.target as Element).animationDuration)));
    root.addEventListener('transitionrun', (e) => seen.push(ms(getComputedStyle(e.target as Element).transitionDuration)));
  });
/** What started since the last call, after two frames (anything due would have started by then). */
const motion = (page: Page) =>
  page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return (window as unknown as { __motion: number[] }).__motion.splice(0);
  });
/** The same, once something has started: on a loaded machine that can take more than two frames. */
async function started(page: Page): Promise<number[]> {
  await expect.poll(() => page.evaluate(() => (window as unknown as { __motion: number[] }).__motion.length), { message: 'something animates' }).toBeGreaterThan(0);
  return motion(page);
}

test('the launcher becomes "Close chat" while open, and closes the panel', async ({ page, apiKey, baseURL }) => {
  await load(page, { apiKey, analyticsUrl: baseURL! });
  const u = ui(page);
  await expect(launcher(page)).toHaveAccessibleName('Open support chat');
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'false');
  await launcher(page).click();
  await expect(u.dialog).toBeVisible();
  await expect(launcher(page)).toBeVisible();
  await expect(launcher(page)).toHaveAccessibleName('Close chat');
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'true');
  // The panel sits above it, not over it.
  const [l, d] = [(await launcher(page).boundingBox())!, (await u.dialog.boundingBox())!];
  expect(d.y + d.height).toBeLessThanOrEqual(l.y);
  await launcher(page).click();
  await expect(u.dialog).toBeHidden();
  await expect(launcher(page)).toHaveAccessibleName('Open support chat');
  await expect(launcher(page)).toBeFocused();
});

test('open and close animate in at most 200 ms', async ({ page, apiKey, baseURL }) => {
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await load(page, { apiKey, analyticsUrl: baseURL! });
  const u = ui(page);
  await u.launcher.hover();
  await expect.poll(() => page.evaluate(() => !!(window as unknown as { __supportCopilotPanel?: unknown }).__supportCopilotPanel || !!document.querySelector('[data-support-copilot]')!.shadowRoot!.querySelector('.panel'))).toBe(true);
  await recordMotion(page);
  await u.launcher.click();
  await expect(u.dialog).toBeVisible();
  const opening = await started(page);
  expect(opening.length, 'something animates on open').toBeGreaterThan(0);
  for (const ms of opening) expect(ms).toBeLessThanOrEqual(200);
  await u.close.click();
  const closing = await started(page);
  expect(closing.length, 'something animates on close').toBeGreaterThan(0);
  for (const ms of closing) expect(ms).toBeLessThanOrEqual(200);
  await expect(u.dialog).toBeHidden();
});

test('under prefers-reduced-motion nothing animates: the panel shows and hides at once', async ({ page, apiKey, baseURL }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await load(page, { apiKey, analyticsUrl: baseURL! });
  const u = ui(page);
  await recordMotion(page);
  await u.launcher.click();
  await expect(u.dialog).toBeVisible();
  expect(await motion(page)).toEqual([]);
  await u.close.click();
  // Hidden in the same task as the click: no exit animation to wait for.
  expect(await page.evaluate(() => document.querySelector('[data-support-copilot]')!.shadowRoot!.querySelector<HTMLElement>('.slot')!.hidden)).toBe(true);
  expect(await motion(page)).toEqual([]);
  // The same page without the preference does animate: the check above could fail.
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await u.launcher.click();
  expect((await started(page)).length).toBeGreaterThan(0);
});

test('an answer that completes while the panel is closed shows an unread badge, cleared on open', async ({ page, apiKey, baseURL }) => {
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  await page.route('**/v1/chat/completions', async (route) => {
    await gate;
    await route.fulfill({ contentType: 'text/event-stream', body: sseBody(['Here ', 'it is.']) });
  });
  await load(page, { apiKey, analyticsUrl: baseURL! });
  const u = ui(page);
  const badge = page.locator('[data-support-copilot] .badge');
  await u.launcher.click();
  await u.input.fill('Anyone there?');
  await u.input.press('Enter');
  // Closing while the answer is on its way (its endless typing dots must not hold the panel open).
  await expect(u.log.getByText('Assistant is typing')).toBeAttached();
  await launcher(page).click();
  await expect(u.dialog).toBeHidden();
  await expect(badge).toBeHidden();
  release();
  await expect(badge).toHaveText('1');
  await expect(badge).toBeVisible();
  // Screen readers get it as the launcher's description; its name stays the API name.
  await expect(u.launcher).toHaveAccessibleDescription('1 new answer');
  await expect(u.launcher).toHaveAccessibleName('Open support chat');
  await u.launcher.click();
  await expect(u.log).toContainText('Here it is.');
  await expect(badge).toBeHidden();
  await expect(launcher(page)).toHaveAccessibleDescription('');
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the page behind does not scroll while the panel is full screen, and scrolls again once closed', async ({ page, apiKey, baseURL }) => {
    // Geometry without the opening animation's scale.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await load(page, { apiKey, analyticsUrl: baseURL!, body: '<div style="height:4000px">Tall host content</div>' });
    const u = ui(page);
    await u.launcher.click();
    await expect(u.dialog).toBeVisible();
    expect(await u.dialog.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
    // The launcher is behind the full-screen panel: out of reach, not a second close button.
    await expect(launcher(page)).toBeHidden();
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).toBe('hidden');
    await page.mouse.move(200, 400);
    await page.mouse.wheel(0, 800);
    await page.touchscreen.tap(200, 400);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await u.close.click();
    await expect(u.dialog).toBeHidden();
    expect(await page.evaluate(() => document.documentElement.style.overflow)).toBe('');
    await page.mouse.wheel(0, 800);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  });
});

const panelBackground = (page: Page) => ui(page).dialog.evaluate((el) => getComputedStyle(el).backgroundColor);
const LIGHT = 'rgb(255, 255, 255)';
const DARK = 'rgb(22, 24, 28)';

test.describe('theme', () => {
  test.use({ colorScheme: 'dark' });

  test('defaults to the page declared color-scheme: light when it declares none, even on a dark OS', async ({ page, apiKey, baseURL }) => {
    await load(page, { apiKey, analyticsUrl: baseURL! });
    await ui(page).launcher.click();
    expect(await panelBackground(page)).toBe(LIGHT);
  });

  test('a page that declares dark gets a dark panel; switching its own scheme is followed', async ({ page, apiKey, baseURL }) => {
    await load(page, { apiKey, analyticsUrl: baseURL!, before: `document.documentElement.style.colorScheme = 'dark';` });
    await ui(page).launcher.click();
    expect(await panelBackground(page)).toBe(DARK);
    await page.evaluate(() => (document.documentElement.style.colorScheme = 'light'));
    await expect.poll(() => panelBackground(page)).toBe(LIGHT);
  });

  test('<meta name="color-scheme" content="light dark"> follows the OS; theme "system" does too', async ({ page, apiKey, baseURL }) => {
    await load(page, { apiKey, analyticsUrl: baseURL!, before: `document.head.insertAdjacentHTML('beforeend', '<meta name="color-scheme" content="light dark">');` });
    await ui(page).launcher.click();
    expect(await panelBackground(page)).toBe(DARK);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => panelBackground(page)).toBe(LIGHT);
  });

  test('theme "system" follows the OS whatever the page declares', async ({ page, apiKey, baseURL }) => {
    await load(page, { apiKey, analyticsUrl: baseURL!, attrs: { 'data-theme': 'system' } });
    await ui(page).launcher.click();
    expect(await panelBackground(page)).toBe(DARK);
  });
});

test('position left with offsets and z-index', async ({ page, apiKey, baseURL }) => {
  await load(page, { apiKey, analyticsUrl: baseURL!, attrs: { 'data-position': 'left', 'data-offset-x': '32', 'data-offset-y': '90', 'data-z-index': '500' } });
  const box = (await launcher(page).boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.x).toBe(32);
  expect(viewport.height - (box.y + box.height)).toBe(90);
  expect(await launcher(page).evaluate((el) => getComputedStyle(el).zIndex)).toBe('500');
  await launcher(page).click();
  const panel = (await ui(page).dialog.boundingBox())!;
  expect(panel.x).toBe(32);
});

test('launcher: false hides the button; a page element with data-support-copilot-open, added later, opens the chat', async ({ page, apiKey, baseURL }) => {
  await load(page, { apiKey, analyticsUrl: baseURL!, attrs: { 'data-launcher': 'false' } });
  const u = ui(page);
  await expect(launcher(page)).toBeHidden();
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.textContent = 'Chat with us';
    b.setAttribute('data-support-copilot-open', '');
    document.querySelector('main')!.append(b);
  });
  const mine = page.getByRole('button', { name: 'Chat with us' });
  await mine.click();
  await expect(u.dialog).toBeVisible();
  await expect(u.input).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(u.dialog).toBeHidden();
  // No launcher to return to: focus goes back to the page's own button.
  await expect(mine).toBeFocused();
  // A link with the attribute opens the contact form's view... when there is one; here the chat.
  await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<a href="#help" data-support-copilot-open="conversations">History</a>'));
  await page.getByRole('link', { name: 'History' }).click();
  await expect(u.dialog.getByRole('heading', { name: 'Conversations' })).toBeVisible();
  expect(new URL(page.url()).hash, 'the link did not navigate').toBe('');
});

test('the shortcut toggles the chat, and never fires while the visitor types in a field of the page', async ({ page, apiKey, baseURL }) => {
  await load(page, {
    apiKey,
    analyticsUrl: baseURL!,
    attrs: { 'data-shortcut': 'mod+k' },
    body: '<label>Search <input id="q"></label><div id="ed" contenteditable="true">Editable</div>',
  });
  const u = ui(page);
  const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
  await page.locator('h1').click();
  await page.keyboard.press(`${mod}+k`);
  await expect(u.dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(u.dialog).toBeHidden();
  await page.locator('#q').focus();
  await page.keyboard.press(`${mod}+k`);
  await page.locator('#ed').focus();
  await page.keyboard.press(`${mod}+k`);
  // Other keys do nothing either.
  await page.locator('h1').click();
  await page.keyboard.press('k');
  await page.keyboard.press(`${mod}+j`);
  await expect(u.dialog).toBeHidden();
  // And it still works afterwards (the checks above were not the widget being broken).
  await page.keyboard.press(`${mod}+k`);
  await expect(u.dialog).toBeVisible();
});

test('the shortcut never fires from a field, whatever holds it: the page, an open or a closed shadow root, nested', async ({ page, apiKey, baseURL }) => {
  await load(page, { apiKey, analyticsUrl: baseURL!, attrs: { 'data-shortcut': 'mod+k' }, body: '<div id="hosts"></div><button id="btn">A button</button>' });
  // Every kind of field, in every kind of place a component may put it.
  const fields = ['<input>', '<textarea></textarea>', '<select><option>a</option></select>', '<div contenteditable="true">e</div>', '<div contenteditable="plaintext-only">e</div>'];
  const places = ['page', 'open', 'closed', 'closed-in-open', 'closed-delegating'];
  const ids = await page.evaluate(
    ({ fields, places }) => {
      // The test keeps each root (a closed one is not reachable from the page) to focus its field.
      const roots: Record<string, ParentNode> = ((window as unknown as { __roots: Record<string, ParentNode> }).__roots = {});
      fields.forEach((html, f) =>
        places.forEach((place) => {
          const id = `f${f}-${place}`;
          const host = document.createElement('div');
          document.getElementById('hosts')!.append(host);
          const root: ParentNode =
            place === 'page'
              ? host
              : place === 'closed-in-open'
                ? host.attachShadow({ mode: 'open' }).appendChild(document.createElement('span')).attachShadow({ mode: 'closed' })
                : host.attachShadow({ mode: place === 'open' ? 'open' : 'closed', delegatesFocus: place === 'closed-delegating' });
          const wrap = document.createElement('div');
          wrap.innerHTML = html;
          root.append(wrap.firstElementChild!);
          roots[id] = root;
        }),
      );
      return Object.keys(roots);
    },
    { fields, places },
  );
  const u = ui(page);
  const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
  for (const id of ids) {
    await page.evaluate((id) => ((window as unknown as { __roots: Record<string, ParentNode> }).__roots[id]!.lastElementChild as HTMLElement).focus(), id);
    expect(await page.evaluate(() => document.activeElement !== document.body), `${id} took focus`).toBe(true);
    await page.keyboard.press(`${mod}+k`);
    await expect(u.dialog, id).toBeHidden();
  }
  // From a button, or from nothing focused, it opens.
  await page.locator('#btn').focus();
  await page.keyboard.press(`${mod}+k`);
  await expect(u.dialog).toBeVisible();
});

test('inline mode renders in the container: no launcher, nothing fixed, sized by the container, focus left alone', async ({ page, apiKey, baseURL }) => {
  await load(page, {
    apiKey,
    analyticsUrl: baseURL!,
    attrs: { 'data-mode': 'inline', 'data-container': '#help' },
    body: '<section id="help" style="width:600px;height:520px;margin:40px"></section>',
  });
  const region = page.getByRole('region', { name: 'Support' });
  await expect(region).toBeVisible();
  await expect(launcher(page)).toBeHidden();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(region.getByRole('button', { name: 'Close chat' })).toHaveCount(0);
  const [box, container] = [(await region.boundingBox())!, (await page.locator('#help').boundingBox())!];
  expect(box).toEqual(container);
  // Rendered elements only (the launcher is there, hidden, should the host switch to floating).
  const fixed = await page.evaluate(
    () => [...document.querySelector('[data-support-copilot]')!.shadowRoot!.querySelectorAll('*')].filter((e) => e.getClientRects().length && getComputedStyle(e).position === 'fixed').length,
  );
  expect(fixed).toBe(0);
  // The page loads with its own focus: the chat takes it only when asked.
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  const input = region.getByRole('textbox', { name: 'Ask a question' });
  await input.fill('How do I install it?');
  await input.press('Enter');
  await expect(region.getByRole('log')).toContainText(INSTALL_ANSWER);
  // Escape does not make it go away.
  await page.keyboard.press('Escape');
  await expect(region).toBeVisible();
});
