/**
 * Words to index terms, the same way for the site's passages and for visitors' questions: split,
 * lower-case, drop words that carry no topic, strip common endings, and map the few words the
 * site uses for the same thing onto one term.
 */

/**
 * Words that say nothing about what a passage is about: question words, glue, greetings, and the
 * verbs and fillers of a request ("where do I *find* ...", "I *need* to ...", "*right* after ..."),
 * and words that point at the visitor's own day ("restore my database to *yesterday*"): they say
 * when, not what. A question made only of these has no topic.
 */
const STOP_WORDS = new Set(
  `a about after again all also am an and any are as at be been before being but by can can't could did do does doesn't doing done don't for from
  get gets getting got had has have having he her here hers him his how i i'm i've if in into is isn't it it's its just let me more most much many
  my no nor not now of off on once only or other our ours out over own same she should so some such than that the their them then there these
  they this those through to too under until up us very was we were what when where which while who whom why will with won't would you your
  yours yourself hi hello hey thanks thank ok okay please like want need tell know use using work works
  find found put see look try trying make go going happen happens right really still even way thing things something anything possible able
  today yesterday tomorrow tonight ago`.split(/\s+/),
);

/**
 * A few English endings, so "plans" finds "plan", "deploying" "deploy" and "deleted" "delete";
 * applied the same way to passages and questions, so it only has to be consistent, not
 * linguistically right.
 */
export function stem(word: string): string {
  let w = word;
  // "cookies" and "cookie" both become "cooky", "policies" "policy".
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && w.endsWith('ie')) return `${w.slice(0, -2)}y`;
  if (w.length > 6 && w.endsWith('ing')) w = undouble(w.slice(0, -3));
  else if (w.length > 5 && w.endsWith('ed')) w = undouble(w.slice(0, -2));
  else if (w.length > 4 && /(ss|sh|ch|x)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  // "delete", "deletes", "deleted" and "deleting" all become "delet".
  return w.length > 4 && /[^e]e$/.test(w) ? w.slice(0, -1) : w;
}

/** "logged" -> "log", "running" -> "run"; "installed" keeps its "ll". */
const undouble = (w: string) => (/([^aeioulsz])\1$/.test(w) ? w.slice(0, -1) : w);

/**
 * Words the site uses for the same thing, as one term: its API keys are "API keys and access
 * tokens", it removes and deletes, annual plans are "paid yearly", and signing in is also logging
 * in (the phrases are joined into one word first, see `tokenize`).
 */
const SAME: Record<string, string> = {
  token: 'key',
  remov: 'delet',
  yearly: 'annual',
  annually: 'annual',
  login: 'signin',
  logout: 'signout',
};

export function processTerm(term: string): string | null {
  const word = term.toLowerCase().replace(/’/g, "'").replace(/^'+|'+$/g, '').replace(/'s$/, '');
  if (!word || STOP_WORDS.has(word)) return null;
  const stemmed = stem(word);
  return STOP_WORDS.has(stemmed) ? null : (SAME[stemmed] ?? stemmed);
}

/**
 * Words, numbers and `'` inside words (`don't`); everything else separates. Two-word names of one
 * thing become one word: "sign in", "log-in", "logged in" (and out); the "chat button", which the
 * configuration calls the launcher. A camelCase name is also read as its words, so "opt out of
 * analytical cookies" finds `optOutAnalyticalCookies`.
 */
export function tokenize(text: string): string[] {
  const joined = text
    .replace(/\b(?:log(?:ged|ging)?|sign(?:ed|ing)?)[\s-]?(in|on|out|off)\b/giu, (_, to: string) => (/^(in|on)$/i.test(to) ? 'signin' : 'signout'))
    .replace(/\bchat[\s-]+buttons?\b/giu, 'launcher');
  return joined.split(/[^\p{L}\p{N}'’]+/u).flatMap((word) => {
    const parts = word.split(/(?<=\p{Ll})(?=\p{Lu})/u);
    return parts.length > 1 ? [word, ...parts] : word ? [word] : [];
  });
}

/** The distinct terms of a text. */
export const termsOf = (text: string): string[] => [...new Set(tokenize(text).map(processTerm).filter((t): t is string => !!t))];
