/**
 * `data-*` attributes of the script tag -> widget config. Strings stay strings; booleans and
 * numbers are parsed strictly, and a bad value is an error naming the attribute.
 */
import { invalidInput } from '../core/support-copilot-error.ts';
import type { WidgetConfig } from '../widget-core/widget-types.ts';

type Kind = 'string' | 'boolean' | 'number';
const named = (kind: Kind, names: string) => Object.fromEntries(names.split(' ').map((n) => [n, kind]));
// name -> kind when the option has the attribute's name, else [option path, kind].
export const ATTRIBUTES: Record<string, Kind | [path: string, kind: Kind]> = {
  ...named('string', 'apiKey analyticsUrl projectId integrationId theme primaryColor cookieName cookieDomain'),
  ...named('boolean', 'open'),
  ...named('number', 'flushDelayMs answerTimeoutMs'),
  chatUrl: ['chat.url', 'string'],
  chatApiKey: ['chat.apiKey', 'string'],
  chatModel: ['chat.model', 'string'],
  chatIdleTimeoutMs: ['chat.idleTimeoutMs', 'number'],
  chatMaxAnswerMs: ['chat.maxAnswerMs', 'number'],
  chatProtocol: ['chat.protocol', 'string'],
  optOutAnalyticalCookies: ['privacyPreferences.optOutAnalyticalCookies', 'boolean'],
  optOutFunctionalCookies: ['privacyPreferences.optOutFunctionalCookies', 'boolean'],
  optOutAllAnalytics: ['privacyPreferences.optOutAllAnalytics', 'boolean'],
  // Around the chat (issue 13)
  ...named('string', 'mode container position shortcut locale ticketUrl pageContext supportEmail supportUrl'),
  ...named('boolean', 'launcher offerHelp'),
  ...named('number', 'offsetX offsetY zIndex'),
  // Answers (issue 12)
  ...named('string', 'brandName logoUrl subtitle welcomeMessage disclaimer'),
  ...named('boolean', 'showDeliveryStatus'),
};

const kebab = (s: string) => 'data-' + s.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

export function configFromAttributes(dataset: DOMStringMap): { config: Partial<WidgetConfig>; unknown: string[] } {
  // Null-prototype: `config.chat` below must not read a page's `Object.prototype.chat`.
  const config: Record<string, unknown> = Object.create(null);
  const unknown: string[] = [];
  for (const [name, raw] of Object.entries(dataset)) {
    const spec = Object.hasOwn(ATTRIBUTES, name) ? ATTRIBUTES[name] : undefined;
    if (!spec || raw === undefined) {
      unknown.push(kebab(name));
      continue;
    }
    const [path, kind] = typeof spec === 'string' ? [name, spec] : spec;
    let value: unknown = raw;
    if (kind === 'boolean') {
      if (raw === '' || raw === 'true') value = true;
      else if (raw === 'false') value = false;
      else throw invalidInput('script attributes', [{ path: kebab(name), message: `expected "true" or "false", got "${raw}"` }]);
    } else if (kind === 'number') {
      value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value)) throw invalidInput('script attributes', [{ path: kebab(name), message: `expected a number, got "${raw}"` }]);
    }
    const [head, tail] = path.split('.') as [string, string?];
    if (tail) config[head] = Object.assign(config[head] ?? Object.create(null), { [tail]: value });
    else config[head] = value;
  }
  return { config: config as Partial<WidgetConfig>, unknown };
}
