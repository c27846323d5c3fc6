/**
 * Never throw into the page from the panel: an event handler of ours that throws (a built-in the
 * page broke, a bug) is reported to its widget, as every other callback we hand the browser is
 * (core/guarded.ts; scripts/browser-callbacks.test.ts finds the others). Preact adds its DOM
 * listeners itself, so its handlers are wrapped where vnodes are made (`options.vnode`). On npm the
 * app's own Preact may be this same copy: a handler in a tree that is not a panel of ours throws
 * as it did before, untouched. So does a render error no boundary took: Preact throws it from its
 * render queue (a microtask of its own), unless the tree is a panel's (`panelRoot`).
 */
import { options, type VNode } from 'preact';
import { afterFrame } from '../../core/next-frame.ts';
import { guarded } from '../../core/guarded.ts';

const reporters = new WeakMap<Node, (e: unknown) => void>();
const mounted = new Set<(e: unknown) => void>();
const wrapped = new WeakMap<(...a: never[]) => unknown, (e: Event) => void>();
const own = Object.prototype.hasOwnProperty;
/** A panel's root vnode's props -> where the errors no boundary in it took go. */
const roots = new WeakMap<object, (e: unknown) => void>();

/** Marks `v`, rendered as a panel's root, as reporting to `report` what its boundaries cannot take. */
export function panelRoot<V extends { props: object }>(v: V, report: (e: unknown) => void): V {
  roots.set(v.props, report);
  install();
  return v;
}

/** The panel rendered in `root` reports its handlers' errors to `report` (until it is unmounted). */
export function reportHandlerErrors(root: Node, report: (e: unknown) => void): () => void {
  reporters.set(root, report);
  mounted.add(report);
  install();
  return () => {
    reporters.delete(root);
    mounted.delete(report);
  };
}

function wrap(fn: (e: Event) => unknown): (e: Event) => void {
  let w = wrapped.get(fn);
  if (!w) {
    w = function (this: unknown, e: Event) {
      let report: ((e: unknown) => void) | undefined;
      try {
        report = reporters.get(((e.currentTarget || e.target) as Node).getRootNode());
      } catch {
        // The page lacks what tells whose the element is (`currentTarget` and `getRootNode` both gone): with one
        // panel of ours on the page, the error goes to it rather than to a page that broke the DOM itself.
        if (mounted.size === 1) [report] = mounted;
      }
      if (!report) return fn.call(this, e);
      try {
        const r = fn.call(this, e);
        if (r instanceof Promise) r.then(undefined, report);
      } catch (err) {
        report(err);
      }
    };
    wrapped.set(fn, w);
  }
  return w;
}

let installed = false;
function install(): void {
  if (installed) return;
  installed = true;
  // Preact's hooks wait for a paint with requestAnimationFrame and then call cancelAnimationFrame from
  // the frame's callback: a page without it (or one that broke it) got that error thrown at it.
  options.requestAnimationFrame ??= (cb) => void afterFrame(() => setTimeout(guarded(cb)));
  // Preact's error hook (`options.__e`, as preact/debug and Preact's devtools wrap it; `__` is a vnode's
  // parent): what no boundary took, it throws; in a panel's tree (the page broke a DOM member even the
  // last boundary needs, such as `parentNode`) that goes to the panel's report instead.
  type Tree = { __?: Tree | null; props?: object };
  const hooks = options as { __e?: (e: unknown, v: Tree, o?: unknown, i?: unknown) => void };
  const caught = hooks.__e;
  if (caught) {
    hooks.__e = (e, v, o, i) => {
      try {
        caught(e, v, o, i);
      } catch (err) {
        for (let t: Tree | null | undefined = v; t; t = t.__) {
          const report = t.props && roots.get(t.props);
          if (report) return report(err);
        }
        throw err;
      }
    };
  }
  const prev = options.vnode;
  options.vnode = (v: VNode) => {
    if (typeof v.type === 'string') {
      const p = v.props as Record<string, unknown>;
      for (const k in p) {
        const f = p[k];
        if (k.charCodeAt(0) === 111 && k.charCodeAt(1) === 110 && typeof f === 'function' && own.call(p, k)) p[k] = wrap(f as (e: Event) => unknown);
      }
    }
    prev?.(v);
  };
}
