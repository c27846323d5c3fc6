/**
 * The demo's "model": a handful of canned answers about the widget itself, picked by keywords.
 * Deterministic on purpose, so demos and tests do not depend on a real LLM or the network.
 * Links are absolute and built from the request origin so they work wherever the demo runs.
 */

interface FaqEntry {
  keywords: readonly string[];
  answer: (origin: string) => string;
}

const FAQ: readonly FaqEntry[] = [
  {
    keywords: ['install', 'script', 'tag', 'embed', 'snippet', 'setup'],
    answer: (o) =>
      `Add one script tag before \`</body>\`:\n\n\`\`\`html\n<script src="${o}/support-copilot.js" data-api-key="YOUR_WEB_KEY" defer></script>\n\`\`\`\n\nThe widget mounts itself in a Shadow DOM, so your page styles are untouched. See [Install guide](${o}/docs/install).`,
  },
  {
    keywords: ['npm', 'install', 'package', 'import', 'bundler', 'react', 'vite', 'module'],
    answer: (o) =>
      `Install it with **npm**: \`npm install support-copilot-widget\`, then \`import { createSupportCopilot } from 'support-copilot-widget'\` and call it once with your key. Details in [npm usage](${o}/docs/npm) and the [API reference](${o}/docs/api).`,
  },
  {
    keywords: ['privacy', 'cookie', 'cookies', 'gdpr', 'consent', 'personal', 'tracking'],
    answer: (o) =>
      `The widget sets at most **one first-party cookie** holding an anonymous id (identification type \`COOKIED\`), and only when you enable it. No third-party cookies, no fingerprinting. See [Privacy and cookies](${o}/docs/privacy).`,
  },
  {
    keywords: ['offline', 'network', 'retry', 'lost', 'delivery', 'outbox', 'reload', 'close'],
    answer: (o) =>
      `Messages are written to a **durable outbox in IndexedDB** before anything is sent, then delivered with retries and backoff (honouring \`Retry-After\`). Closing the tab or going offline delays delivery; it does not lose messages. Read [Offline delivery](${o}/docs/offline).`,
  },
  {
    keywords: ['csp', 'content-security-policy', 'security', 'policy', 'nonce', 'connect-src'],
    answer: (o) =>
      `Under a strict **Content Security Policy**, allow the script origin in \`script-src\` and the analytics API in \`connect-src\`. The widget uses no \`eval\` and no inline scripts. See [CSP setup](${o}/docs/csp).`,
  },
  {
    keywords: ['identify', 'user', 'users', 'login', 'logged', 'email', 'userproperties'],
    answer: (o) =>
      `Call \`identify({ id, email, name })\` after your user signs in; later conversations carry those \`userProperties\`. Anonymous users keep an anonymous id. See [Identifying users](${o}/docs/identify).`,
  },
  {
    keywords: ['feedback', 'thumbs', 'rating', 'helpful', 'downvote', 'upvote'],
    answer: (o) =>
      `Each answer has **thumbs up / thumbs down** buttons. A click sends \`POST /feedback\` with the message id, and a negative vote can carry reasons. See [Feedback](${o}/docs/feedback).`,
  },
  {
    keywords: ['self-host', 'selfhost', 'host', 'collector', 'server', 'sqlite', 'own', 'backend'],
    answer: (o) =>
      `You can point the widget at any server speaking the analytics API. This demo runs the **reference collector** (Node, Hono, SQLite): \`npx tsx server/main.ts\`, then set the widget's \`analyticsUrl\` to it. See [Self-hosting the collector](${o}/docs/self-hosting).`,
  },
];

const DEFAULT_ANSWER = (o: string) =>
  `I'm the demo copilot and only know about this widget. Try asking how to **install** it, about **privacy**, **offline delivery**, **CSP**, **identifying users**, **feedback** or **self-hosting**. Start with the [documentation](${o}/docs/).`;

export function faqAnswer(question: string, origin: string): string {
  const words = new Set(question.toLowerCase().match(/[a-z][a-z-]*/g) ?? []);
  let best: FaqEntry | undefined;
  let bestScore = 0;
  for (const entry of FAQ) {
    const score = entry.keywords.filter((k) => words.has(k)).length;
    if (score > bestScore) [best, bestScore] = [entry, score];
  }
  return (best?.answer ?? DEFAULT_ANSWER)(origin);
}
