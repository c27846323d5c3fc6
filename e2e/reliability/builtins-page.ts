/**
 * Page-side code of family 12 (the page's built-ins, enumerated): each function here is sent to
 * the page as source and runs there before any page script (`page.addInitScript`), so it sees the
 * realm as the browser made it. Self-contained: no imports, nothing from the test's scope.
 *
 * - `realmOwners`: every standard built-in that owns members: the global object, each global
 *   constructor and its prototype, each namespace object (JSON, Math, Reflect, Intl, ...), and the
 *   intrinsics no global names (the iterator prototypes, %TypedArray%, generator prototypes).
 * - `realmMembers`: each owner's own keys, symbols as `@@name` for the well-known ones.
 * - `installTrace`: every listed member becomes an accessor that records its reads (and keeps the
 *   value and assignment semantics), so a clean run of the flows tells which members they reach;
 *   plain objects handed to a built-in function are wrapped in a Proxy that records which keys the
 *   browser read from them (fetch init, lock options, ...: the names a page's `Object.prototype`
 *   getter would feed it).
 * - `installBreak`: the listed members broken, as a page or an old library would: `throws` (a
 *   function that throws, a getter that throws), `missing` (undefined, as in a browser without
 *   it), `garbage` (the original's result replaced by a wrong value of the same type); reads of a
 *   broken member are recorded too, so a batch only counts for members its run actually reached.
 * - `installPollution`: getters on Object.prototype for the listed names.
 * - `installHarness`: what the test page itself needs, captured before anything is broken.
 */

export type Mode = 'throws' | 'missing' | 'garbage' | 'pollute';

/** [label, object]: labels are stable across page loads (the same realm enumeration order). */
export function realmOwners(): [string, object][] {
  const out: [string, object][] = [];
  const seen = new Set<unknown>();
  const add = (label: string, o: unknown) => {
    if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) return;
    seen.add(o);
    out.push([label, o as object]);
  };
  const g = globalThis as unknown as Record<string, unknown>;
  add('globalThis', globalThis);
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    const v = d && 'value' in d ? d.value : undefined;
    if (typeof v === 'function' && /^[A-Z]/.test(name)) {
      add(name, v);
      add(`${name}.prototype`, (v as { prototype?: unknown }).prototype);
    } else if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) add(name, v); // JSON, Math, Reflect, Intl, console, CSS, ...
  }
  // Namespaces' constructors (Intl.DateTimeFormat, WebAssembly.Module, ...).
  for (const ns of ['Intl', 'WebAssembly']) {
    const o = g[ns] as Record<string, unknown> | undefined;
    for (const name of o ? Object.getOwnPropertyNames(o) : []) {
      const v = o![name];
      if (typeof v === 'function' && /^[A-Z]/.test(name)) {
        add(`${ns}.${name}`, v);
        add(`${ns}.${name}.prototype`, (v as { prototype?: unknown }).prototype);
      }
    }
  }
  const proto = Object.getPrototypeOf;
  add('%ArrayIteratorPrototype%', proto([].values()));
  add('%MapIteratorPrototype%', proto(new Map().entries()));
  add('%SetIteratorPrototype%', proto(new Set().values()));
  add('%StringIteratorPrototype%', proto(''[Symbol.iterator]()));
  add('%RegExpStringIteratorPrototype%', proto(''.matchAll(/x/g)));
  add('%IteratorPrototype%', proto(proto([].values())));
  add('%TypedArray%', proto(Uint8Array));
  add('%TypedArray%.prototype', proto(Uint8Array.prototype));
  const gen = function* () {};
  const agen = async function* () {};
  add('%GeneratorFunction.prototype%', proto(gen));
  add('%GeneratorPrototype%', proto(gen.prototype));
  add('%AsyncGeneratorPrototype%', proto(agen.prototype));
  add('%AsyncIteratorPrototype%', proto(proto(agen.prototype)));
  add('%AsyncFunction.prototype%', proto(async () => {}));
  return out;
}

/** A member's key as text: `@@iterator` for Symbol.iterator, the string otherwise; null for other symbols. */
export function keyLabel(k: string | symbol): string | null {
  if (typeof k === 'string') return k;
  const d = k.description ?? '';
  return d.startsWith('Symbol.') && (Symbol as unknown as Record<string, unknown>)[d.slice(7)] === k ? `@@${d.slice(7)}` : null;
}

export interface RealmMember {
  owner: string;
  key: string;
  /** 'function' | 'accessor' | 'value' */
  kind: string;
  configurable: boolean;
}

/** Every own member of every owner (the page's realm as the browser made it). */
export function realmMembers(): RealmMember[] {
  const out: RealmMember[] = [];
  for (const [owner, o] of realmOwners()) {
    for (const k of Reflect.ownKeys(o)) {
      const key = keyLabel(k);
      if (key === null) continue;
      const d = Reflect.getOwnPropertyDescriptor(o, k)!;
      out.push({ owner, key, kind: 'value' in d ? (typeof d.value === 'function' ? 'function' : 'value') : 'accessor', configurable: !!d.configurable });
    }
  }
  return out;
}

/** Resolves `owner` / `key` labels to the object and the property key. */
export function resolveMember(owners: Map<string, object>, owner: string, key: string): [object, string | symbol] | undefined {
  const o = owners.get(owner);
  if (!o) return undefined;
  return [o, key.startsWith('@@') ? (Symbol as unknown as Record<string, symbol>)[key.slice(2)]! : key];
}

/** A page-side record the test reads with CDP (native serialisation, never the page's JSON or Array methods). */
export interface TraceOut {
  /** indexes of the members read, in the order of their first read */
  hits: number[];
  /** keys the browser read from plain objects given to a built-in function */
  dictKeys: string[];
  /** indexes of members that could not be wrapped (not configurable: the page cannot replace them either) */
  fixed: number[];
}

/**
 * Makes each listed member an accessor that records its reads, keeping its value and what an
 * assignment does (a data property inherited by an object gets an own property on it). Results in
 * `globalThis.__scTrace` (read it with `traceResult()` through CDP).
 */
export function installTrace(list: [owner: string, key: string, watchDictionaries: boolean][]): void {
  const owners = new Map(realmOwners());
  const hits: Record<number, number> = Object.create(null);
  let order = 0;
  const dictKeys: Record<string, 1> = Object.create(null);
  const fixed: number[] = [];
  // Not while installing: wrapping reads names and lengths.
  let recording = false;
  const defineProperty = Reflect.defineProperty;
  const getDesc = Reflect.getOwnPropertyDescriptor;
  const apply = Reflect.apply;
  const getProto = Reflect.getPrototypeOf;
  const objectProto = Object.prototype;
  const isArray = Array.isArray;
  const P = Proxy;
  /** Plain objects passed to a built-in become proxies that record which keys the callee reads. */
  const watch = (args: unknown[]) => {
    let changed = false;
    const out: unknown[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const p = a !== null && typeof a === 'object' && !isArray(a) ? getProto(a) : undefined;
      if (p === objectProto || p === null) {
        changed = true;
        out[i] = new P(a as object, {
          get(t, k, r) {
            if (typeof k === 'string') dictKeys[k] = 1;
            return Reflect.get(t, k, r);
          },
          has(t, k) {
            if (typeof k === 'string') dictKeys[k] = 1;
            return Reflect.has(t, k);
          },
        });
      } else out[i] = a;
    }
    return changed ? out : undefined;
  };
  list.forEach(([owner, key, watchDicts], i) => {
    const r = resolveMember(owners, owner, key);
    if (!r) return;
    const [o, k] = r;
    const d = getDesc(o, k);
    if (!d) return;
    if (!d.configurable) return void fixed.push(i);
    if (key === 'stackTraceLimit') return;
    if ('value' in d) {
      let v = d.value;
      // A Web API's function or constructor: a wrapper that proxies its dictionaries (or calls it as given, if a Proxy is refused).
      if (watchDicts && typeof v === 'function') {
        const orig = v;
        const wrapped = function (this: unknown, ...args: unknown[]) {
          // `new wrapped()` constructs the original itself (a Web API constructor checks new.target).
          const target = new.target === wrapped ? orig : new.target;
          const watched = watch(args);
          if (watched) {
            try {
              return target ? Reflect.construct(orig, watched, target) : apply(orig, this, watched);
            } catch {
              /* a Proxy refused (structured clone): as given */
            }
          }
          return target ? Reflect.construct(orig, args, target) : apply(orig, this, args);
        };
        // Keep what code may check: name, length, prototype (constructors stay constructors via Reflect.construct).
        defineProperty(wrapped, 'name', { value: orig.name });
        defineProperty(wrapped, 'length', { value: orig.length });
        if ('prototype' in orig) defineProperty(wrapped, 'prototype', { value: orig.prototype });
        // A constructor's statics (URL.createObjectURL, AbortSignal.timeout) through the wrapper too.
        Reflect.setPrototypeOf(wrapped, orig);
        v = wrapped;
      }
      defineProperty(o, k, {
        configurable: true,
        enumerable: d.enumerable,
        get() {
          if (recording) hits[i] ??= ++order;
          return v;
        },
        set(this: object, nv: unknown) {
          if (this === o) v = nv;
          else defineProperty(this, k, { value: nv, writable: true, enumerable: true, configurable: true });
        },
      });
    } else {
      const get = d.get;
      defineProperty(o, k, {
        configurable: true,
        enumerable: d.enumerable,
        get(this: unknown) {
          if (recording) hits[i] ??= ++order;
          return get ? apply(get, this, []) : undefined;
        },
        set: d.set,
      });
    }
  });
  recording = true;
  // In the order of their first read.
  (globalThis as unknown as Record<string, unknown>).__scTrace = () => ({ hits: Object.keys(hits).map(Number).sort((a, b) => hits[a]! - hits[b]!), dictKeys: Object.keys(dictKeys), fixed });
}

/**
 * What the test page records, captured before anything is broken: uncaught errors and the
 * widget's message events, as strings in `globalThis.__scH` (read through CDP). It uses only
 * functions it captured here, so a broken built-in breaks the widget, never the recorder.
 */
export function installHarness(): void {
  const apply = Reflect.apply;
  const getter = (proto: object, k: string) => Reflect.getOwnPropertyDescriptor(proto, k)!.get!;
  const errorMessage = getter(ErrorEvent.prototype, 'message');
  const errorError = getter(ErrorEvent.prototype, 'error');
  const getStack = Reflect.get;
  const stackOf = (v: unknown) => {
    try {
      const st = v && typeof v === 'object' ? getStack(v, 'stack') : undefined;
      return typeof st === 'string' ? ` @ ${st}` : '';
    } catch {
      return '';
    }
  };
  const reason = getter(PromiseRejectionEvent.prototype, 'reason');
  const detail = getter(CustomEvent.prototype, 'detail');
  const S = String;
  const h = { uncaught: '', messages: '', ready: '', memory: '' };
  (globalThis as unknown as Record<string, unknown>).__scH = h;
  const text = (v: unknown) => {
    try {
      return typeof v === 'string' ? v : S(v);
    } catch {
      return 'unprintable';
    }
  };
  addEventListener('error', (e) => void (h.uncaught += `error: ${text(apply(errorMessage, e, []))}${stackOf(apply(errorError, e, []))}\n`));
  addEventListener('unhandledrejection', (e) => void (h.uncaught += `unhandledrejection: ${text(apply(reason, e, []))}${stackOf(apply(reason, e, []))}\n`));
  document.addEventListener('support-copilot:ready', (e) => void (h.ready = text((apply(detail, e, []) as Record<string, unknown>).conversationId)));
  // The widget says so once when it keeps its outbox in memory (IndexedDB unusable in this page: start-delivery.ts
  // `memoryReason`); a write that failed on a working IndexedDB is `storage_unavailable` too, but not this.
  document.addEventListener('support-copilot:error', (e) => void (text((apply(detail, e, []) as Record<string, unknown>).message).includes('kept in memory') && (h.memory = 'yes')));
  document.addEventListener('support-copilot:message', (e) => {
    const d = apply(detail, e, []) as Record<string, unknown>;
    h.messages += `${text(d.conversationId)}\u0001${text(d.messageId)}\u0001${text(d.role)}\u0001${text(d.content)}\u0002`;
  });
}

/** A value of the same type, but wrong (what an old polyfill or a careless page returns). */
export function garbageOf(v: unknown): unknown {
  if (typeof v === 'string') return v.length ? v.slice(1) : 'garbage';
  if (typeof v === 'number') return v === 0 ? 1 : -v;
  if (typeof v === 'boolean') return !v;
  if (v === undefined || v === null) return 'garbage';
  if (Array.isArray(v)) return [];
  if (typeof v === 'function') return () => 'garbage';
  if (typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function') return (v as Promise<unknown>).then(() => 'garbage');
  return {};
}

/**
 * Breaks each listed member (see the file's comment for the modes), from before any page script,
 * and records which broken members were read (`globalThis.__scBroken()`: their indexes).
 */
export function installBreak(list: [owner: string, key: string, mode: Mode][]): void {
  const owners = new Map(realmOwners());
  const hits: Record<number, 1> = Object.create(null);
  const defineProperty = Reflect.defineProperty;
  const apply = Reflect.apply;
  const construct = Reflect.construct;
  const TE = TypeError;
  const garbage = garbageOf;
  const G = globalThis as unknown as Record<string, unknown>;
  // Without any built-in (they may be the broken ones), and set before anything is broken.
  G.__scBroken = () => {
    let out = '';
    for (const k in hits) out += `${k},`;
    return out;
  };
  // Two phases: everything resolved first, then all broken at once (breaking one must not break the breaking of the next).
  const installs: (() => void)[] = [];
  for (let i = 0; i < list.length; i++) {
    const owner = list[i]![0];
    const key = list[i]![1];
    const mode = list[i]![2];
    if (mode === 'pollute') {
      // A page's getter on Object.prototype (enumerable, like a plain assignment): every object without its own `key` reads it.
      if (Object.prototype.hasOwnProperty.call(Object.prototype, key)) continue;
      const proto = Object.prototype;
      installs[installs.length] = () =>
        defineProperty(proto, key, {
          configurable: true,
          enumerable: true,
          get(this: unknown) {
            hits[i] = 1;
            return 'polluted';
          },
          set(this: object, nv: unknown) {
            defineProperty(this, key, { value: nv, writable: true, enumerable: true, configurable: true });
          },
        });
      continue;
    }
    const r = resolveMember(owners, owner, key);
    const d = r && Reflect.getOwnPropertyDescriptor(r[0], r[1]);
    if (!r || !d || !d.configurable) continue;
    const o = r[0];
    const k = r[1];
    const label = `${owner}.${key}`;
    const fail = () => {
      throw new TE(`${label} is broken by the page`);
    };
    const original = 'value' in d ? () => d.value : d.get ? (self: unknown) => apply(d.get!, self, []) : () => undefined;
    let broken: (self: unknown) => unknown;
    if (mode === 'missing') broken = () => undefined;
    else if ('value' in d && typeof d.value === 'function') {
      const orig = d.value as (...a: unknown[]) => unknown;
      const replacement: (...a: unknown[]) => unknown =
        mode === 'throws'
          ? function (this: unknown) {
              return fail();
            }
          : function (this: unknown, ...args: unknown[]): unknown {
              return garbage(new.target ? construct(orig, args, new.target === replacement ? orig : new.target) : apply(orig, this, args));
            };
      defineProperty(replacement, 'name', { value: orig.name });
      if ('prototype' in orig) defineProperty(replacement, 'prototype', { value: orig.prototype });
      Reflect.setPrototypeOf(replacement, orig);
      broken = () => replacement;
    } else broken = mode === 'throws' ? fail : (self) => garbage(original(self));
    let assigned: { v: unknown } | undefined;
    installs[installs.length] = () =>
      defineProperty(o, k, {
        configurable: true,
        enumerable: d.enumerable,
        get(this: unknown) {
          hits[i] = 1;
          return assigned ? assigned.v : broken(this);
        },
        set(this: object, nv: unknown) {
          if (this === o) assigned = { v: nv };
          else if ('value' in d) defineProperty(this, k, { value: nv, writable: true, enumerable: true, configurable: true });
          else if (d.set) apply(d.set, this, [nv]);
        },
      });
  }
  for (let i = 0; i < installs.length; i++) installs[i]!();
}
