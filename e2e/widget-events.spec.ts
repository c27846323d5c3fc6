/**
 * The widget's events, held against their documentation: every event in docs/api.md's "Widget
 * events" table fires, with Inkeep's shape (`properties.conversation`, `properties.message` when
 * about a message, `componentType`, the event's own properties, `userProperties`), and exactly the
 * events the table marks are stored for `POST /events` under their own names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';
import { HostPages, ask, sseBody, ui, waitReady, watchPage } from './widget-helpers.ts';

interface Documented {
  name: string;
  own: string[];
  logged: boolean;
  aboutMessage: boolean;
}

/** Rows of the table: | `name` | fires when | own properties | POST /events | */
function documentedEvents(): Documented[] {
  const md = readFileSync(join(import.meta.dirname, '..', 'docs', 'api.md'), 'utf8');
  const section = md.slice(md.indexOf('## Widget events'), md.indexOf('## DOM events'));
  return [...section.matchAll(/^\| `(\w+)` \|([^|]*)\|([^|]*)\|\s*(yes|no)\s*\|$/gm)].map((m) => ({
    name: m[1]!,
    own: [...m[3]!.matchAll(/`(\w+)`/g)].map((o) => o[1]!),
    logged: m[4] === 'yes',
    aboutMessage: /`message`|an answer|"Copy answer"/.test(m[2]!),
  }));
}

interface Seen {
  eventName: string;
  properties: Record<string, unknown> & { conversation?: { id?: string; type?: string; messages?: unknown[] }; message?: { id?: string; role?: string } };
  userProperties?: Record<string, unknown>;
}

test('every documented widget event fires with its documented shape, and the documented ones reach POST /events', async ({ page, context, apiKey, baseURL, collector }) => {
  const docs = documentedEvents();
  expect(docs.length, 'rows parsed from docs/api.md').toBeGreaterThanOrEqual(13);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL! });
  await watchPage(page);
  // An error the widget reports: the analytics API refuses the feedback document (422).
  // Every feedback revision of this test (Helpful, then Not helpful): a refusal of a revision already
  // superseded when its answer comes is rightly not reported, so the last one must be refused too.
  await collector.fault({ path: '/feedback', status: 422, count: 10 });
  const hp = await HostPages.install(page);
  // The second question's answer is refused (chat_error); the first has a link (a source card too) and a code block.
  let chatCalls = 0;
  const first = ['Add one ', `[script tag](${baseURL}/docs/install).\n\n\`\`\`html\n<script src="/support-copilot.js"></script>\n\`\`\``];
  await page.route('**/v1/chat/completions', (route) =>
    ++chatCalls === 2 ? route.fulfill({ status: 400, body: '{"error":{"message":"bad request"}}' }) : route.fulfill({ contentType: 'text/event-stream', body: sseBody(first) }),
  );
  await page.goto(
    hp.host('events.html', {
      apiKey,
      analyticsUrl: baseURL!,
      stub: true,
      before: `window.__seen = []; SupportCopilot('on', '*', function (e) { window.__seen.push(JSON.parse(JSON.stringify(e))); });
        SupportCopilot('init', { getHelp: [{ name: 'Live chat', action: { type: 'invoke_callback', callback: function () {} } }] });`,
    }),
  );
  await waitReady(page);
  const u = ui(page);
  await u.launcher.click();
  await u.input.fill('How do I install it?');
  await u.input.press('Enter');
  await expect(u.helpful).toBeVisible();
  await u.helpful.click();
  await u.notHelpful.click();
  // "Not helpful" offers the Get help entries: one click on a person.
  await u.dialog.getByRole('group', { name: 'Get help' }).getByRole('button', { name: 'Live chat' }).click();
  await u.copy.click();
  // Inside the answer: a source card and a link in its text open in a new tab; a code block's Copy code.
  for (const link of [u.log.getByRole('list', { name: 'Sources' }).getByRole('link'), u.log.locator('.bub').getByRole('link', { name: 'script tag' })]) {
    const popup = page.waitForEvent('popup');
    await link.click();
    await (await popup).close();
  }
  await u.log.getByRole('button', { name: 'Copy code' }).click();
  await u.input.fill('And then?');
  await u.input.press('Enter');
  await expect(u.dialog.getByRole('button', { name: 'Retry' })).toBeVisible();
  await u.newConversation.click();
  await u.close.click();
  await page.evaluate(() => (window as unknown as { SupportCopilot: (...a: unknown[]) => void }).SupportCopilot('identify', { id: 'u_7' }));

  const seen = () => page.evaluate(() => (window as unknown as { __seen: Seen[] }).__seen);
  // The refused feedback is reported when its delivery is tried: after the conversation's own, on a loaded machine seconds later.
  await expect.poll(async () => (await seen()).some((e) => e.eventName === 'error')).toBe(true);
  const events = await seen();
  for (const d of docs) {
    const fired = events.filter((e) => e.eventName === d.name);
    expect(fired.length, `${d.name} fired`).toBeGreaterThan(0);
    for (const e of fired) {
      expect(e.properties.componentType, d.name).toBe('SupportCopilotWidget');
      expect(e.properties.conversation, d.name).toMatchObject({ id: expect.any(String), type: 'support_copilot', messages: expect.any(Array) });
      expect(e.userProperties, d.name).toMatchObject({ id: expect.anything(), identificationType: expect.any(String) });
      for (const key of d.own) expect(Object.keys(e.properties), `${d.name}.${key}`).toContain(key);
      if (d.aboutMessage) {
        expect(e.properties.message, `${d.name}.message`).toMatchObject({ id: expect.any(String), role: expect.stringMatching(/^(user|assistant)$/) });
        expect(e.properties.conversation!.messages, `${d.name}: its message is in its conversation`).toContainEqual(expect.objectContaining({ id: e.properties.message!.id }));
      }
    }
  }
  // The event names the code may fire are exactly the documented ones.
  expect([...new Set(events.map((e) => e.eventName))].filter((n) => !docs.some((d) => d.name === n))).toEqual([]);
  const cleared = events.find((e) => e.eventName === 'chat_clear_button_clicked')!;
  expect(cleared.properties.conversation!.messages!.length, 'the cleared conversation, not the new empty one').toBeGreaterThan(0);

  // POST /events: every fired event the table marks, under its own name; none of the others.
  const firedLogged = [...new Set(events.map((e) => e.eventName))].filter((n) => docs.find((d) => d.name === n)!.logged).sort();
  // The collector outlives one test (other tests of the worker, --repeat-each): only this test's own documents count.
  const ours = new Set(events.flatMap((e) => [e.properties.conversation?.id, e.properties.message?.id]).filter(Boolean));
  const mine = async () => (await collector.events()).filter((e) => [(e as { conversationId?: string }).conversationId, (e as { messageId?: string }).messageId].some((id) => id && ours.has(id)));
  await expect.poll(async () => [...new Set((await mine()).map((e) => e.type))].sort()).toEqual(firedLogged);
  const stored = await mine();
  const answer = events.find((e) => e.eventName === 'assistant_message_copied')!.properties.message!;
  const copied = stored.find((e) => e.type === 'assistant_message_copied' && (e as unknown as { messageId?: string }).messageId === answer.id);
  expect(copied).toMatchObject({ entityType: 'message', messageId: answer.id });
  const clearedId = cleared.properties.conversation!.id;
  const clearedStored = stored.find((e) => e.type === 'chat_clear_button_clicked' && (e as unknown as { conversationId?: string }).conversationId === clearedId);
  expect(clearedStored).toMatchObject({ entityType: 'conversation', conversationId: clearedId });
});

test('support-copilot:ready names the conversation the tab writes to, also in a second tab of a new visitor (whose remembered one has nothing stored)', async ({ page, context, apiKey, baseURL }) => {
  const config = { apiKey, analyticsUrl: baseURL!, chatUrl: '/v1/chat/completions' };
  await watchPage(page);
  await page.goto((await HostPages.install(page)).host('host.html', config));
  const first = await waitReady(page);
  // The second tab remembers the first tab's conversation, which has no message yet: it starts its own.
  const other = await context.newPage();
  await watchPage(other);
  await other.goto((await HostPages.install(other)).host('host.html', config));
  const named = await waitReady(other);
  const [question] = await ask(other, 'How do I install it?', 'command line tool deploys');
  expect(question!.conversationId).toBe(named);
  expect(named).not.toBe(first);
});
