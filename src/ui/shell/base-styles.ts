// Dark palette, used for data-theme="dark" and for "system" under prefers-color-scheme: dark
// ("auto" resolves to the page's declared scheme: light, dark or system; see shell.ts).
const dark =
  '--sc-bg:#16181c;--sc-fg:#e9ebee;--sc-muted:#a0a7b1;--sc-border:#3a3f47;--sc-bubble:#25282e;--sc-err:#ff8a80;--sc-ring:#9bb8ff;color-scheme:dark';

/**
 * The widget's styles, adopted by the shadow root as constructable CSSStyleSheets (no <style>
 * element, so a strict `style-src 'self'` CSP holds). These (theme and launcher) ship in the
 * script-tag bundle; `panel-styles.ts` only in the panel chunk that loads on first open, and with
 * it what the launcher needs only once the panel exists (around-styles.ts: its close icon, badge).
 */
export const baseCss = `:host{all:initial;--sc-primary:#1f4fcc;--sc-on-primary:#fff;--sc-bg:#fff;--sc-fg:#1a1d21;--sc-muted:#5c6370;--sc-border:#d6dae0;--sc-bubble:#f1f3f5;--sc-err:#b3261e;--sc-radius:12px;--sc-font:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--sc-z:2147483000}
.root{--sc-ring:var(--sc-primary);font:14px/1.5 var(--sc-font);color:var(--sc-fg)}
[data-theme=dark]{${dark}}
@media(prefers-color-scheme:dark){[data-theme=system]{${dark}}}
*{box-sizing:border-box}
button,textarea{font:inherit;color:inherit}
button{cursor:pointer;border:0;background:none;padding:0}
:focus-visible{outline:2px solid var(--sc-ring);outline-offset:2px}
svg{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.flip{transform:rotate(180deg)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.launch,.panel{position:fixed;right:var(--sc-x,20px);bottom:var(--sc-y,20px);z-index:var(--sc-z)}
[data-side=left] .launch{right:auto;left:var(--sc-x,20px)}
.launch{width:56px;height:56px;border-radius:50%;background:var(--sc-primary);color:var(--sc-on-primary);box-shadow:0 4px 14px #0004}
.launch svg{grid-area:1/1;width:26px;height:26px}
[aria-expanded=false] .i-close{opacity:0}
.launch,.ib,.send{display:grid;place-items:center}
[hidden]{display:none!important}
@media(prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}`;
