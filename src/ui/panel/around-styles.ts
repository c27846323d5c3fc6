/**
 * Styles of what is around the chat, in the panel chunk: the launcher as the panel's close button
 * and its unread badge (both only once the panel exists), the panel's placement above it,
 * open/close motion (at most 200 ms; none under reduced
 * motion, see base-styles.ts), inline mode, right to left, the header's Get help menu, the views
 * (contact form, conversations) and the help offer.
 */
export const aroundCss = `.launch{transition:transform .15s}
.launch:active{transform:scale(.92)}
.launch svg{transition:transform .2s,opacity .2s}
[aria-expanded=true] .i-chat,[aria-expanded=false] .i-close{transform:rotate(-90deg) scale(.5)}
[aria-expanded=true] .i-chat{opacity:0}
.badge{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#c62828;color:#fff;font:700 12px/18px var(--sc-font);border:2px solid #fff}
.badge:empty{display:none}
@media(max-width:480px){[data-open] .launch{display:none}}
:host([data-mode=inline]),[data-mode=inline],[data-mode=inline] .slot{display:block;height:100%}
@media(min-width:481px){.panel{bottom:calc(var(--sc-y,20px) + 72px);max-height:calc(100vh - var(--sc-y,20px) - 92px)}
[data-nolauncher] .panel{bottom:var(--sc-y,20px);max-height:calc(100vh - var(--sc-y,20px) - 20px)}
[data-side=left] .panel{right:auto;left:var(--sc-x,20px);transform-origin:bottom left}}
.panel{transform-origin:bottom right;animation:sc-in .18s cubic-bezier(.2,.8,.3,1)}
[data-closing] .panel{animation:sc-out .12s ease-in forwards}
@keyframes sc-in{from{opacity:0;transform:translateY(10px) scale(.97)}}
@keyframes sc-out{to{opacity:0;transform:translateY(10px) scale(.97)}}
[data-mode=inline] .panel{position:relative;inset:auto;z-index:auto;width:100%;height:100%;min-height:420px;max-width:none;max-height:none;border:1px solid var(--sc-border);border-radius:var(--sc-radius);box-shadow:none;animation:none}
[dir=rtl] :is(.send,.back) svg{transform:scaleX(-1)}
.panel[data-view=contact]>:not(.view),.panel[data-view=conversations]>:not(.view){display:none}
.view{flex:1;display:flex;flex-direction:column;min-height:0}
.vhead{display:flex;align-items:center;gap:4px;padding:10px 12px;border-bottom:1px solid var(--sc-border)}
.vhead h2{flex:1}
.vhead h2:focus{outline:0}
.vbody{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:16px}
.menu-wrap{position:relative}
.help-btn,.new,.secondary{display:flex;align-items:center;gap:6px;border:1px solid var(--sc-border);font-weight:600}
.help-btn{height:32px;padding:0 10px 0 8px;margin-inline-end:2px;border-radius:16px;font-size:13px;white-space:nowrap}
.help-btn svg{width:16px;height:16px}
.help-btn:hover,.new:hover,.secondary:hover,.item:hover,.conv:hover{background:var(--sc-bubble)}
.menu{position:absolute;top:calc(100% + 6px);inset-inline-start:0;z-index:1;min-width:220px;max-width:280px;padding:6px;background:var(--sc-bg);border:1px solid var(--sc-border);border-radius:10px;box-shadow:0 8px 24px #0003}
.menu ul,.convs{list-style:none;margin:0;padding:0}
.item,.chip{display:flex;align-items:center;gap:10px;text-decoration:none;color:inherit;text-align:start}
.item{width:100%;padding:8px 10px;border-radius:8px}
.item svg,.chip svg{width:18px;height:18px;flex:none;color:var(--sc-muted)}
.offer{margin:0 12px 10px;padding:10px 12px;border:1px solid var(--sc-border);border-radius:var(--sc-radius);display:flex;flex-wrap:wrap;align-items:center;gap:8px}
.offer p{flex:1;margin:0;font-size:13px}
.offer .x{width:28px;height:28px}
.offer .x svg{width:16px;height:16px}
.chips{display:flex;flex-wrap:wrap;gap:6px;width:100%}
.offer .chip{padding:6px 12px;border-radius:16px;border:1px solid var(--sc-ring);background:none;font-size:13px;font-weight:600}
.offer .chip:hover{background:var(--sc-bubble)}
.offer .chip:first-child{background:var(--sc-primary);border-color:var(--sc-primary);color:var(--sc-on-primary)}
.offer .chip:first-child svg{color:inherit}
.intro{margin:0 0 16px;color:var(--sc-muted)}
.field{display:flex;flex-direction:column;gap:4px;margin-bottom:14px}
.field label{font-weight:600;font-size:13px}
.vbody input:not([type=checkbox]),.vbody textarea{font:inherit;color:inherit;width:100%;padding:8px 10px;border:1px solid var(--sc-muted);border-radius:8px;background:var(--sc-bg)}
.vbody textarea{flex:none;resize:vertical;min-height:110px;max-height:none;field-sizing:fixed}
@media(max-width:480px){.vbody :is(input:not([type=checkbox]),textarea){font-size:16px}}
.vbody input:focus-visible{outline-offset:0}
.vbody [aria-invalid=true]{border-color:var(--sc-err)}
.ferr,.why{margin:0;color:var(--sc-err);font-size:13px}
.check{display:flex;align-items:center;gap:8px;margin:0 0 16px}
.check input{width:18px;height:18px;margin:0;accent-color:var(--sc-primary)}
.primary{width:100%;padding:10px 16px;border-radius:10px;background:var(--sc-primary);color:var(--sc-on-primary);font-weight:600}
.secondary,.new{justify-content:center;width:100%;padding:9px 16px;border-radius:10px}
.new{margin-bottom:12px}
.new svg{width:16px;height:16px}
.note{display:flex;flex-direction:column;gap:12px;padding:16px;border-radius:var(--sc-radius);background:var(--sc-bubble)}
.note>svg{width:28px;height:28px;color:var(--sc-ring)}
.note p{margin:0}
.note a{font-weight:600}
.kept{margin-bottom:12px;padding:12px 16px;color:var(--sc-muted)}
.note:focus{outline:0}
.tid{white-space:nowrap;font-weight:700;padding:0 4px;border:1px solid var(--sc-border);border-radius:4px;background:var(--sc-bg);font-variant-numeric:tabular-nums}
.convs{display:flex;flex-direction:column;gap:2px}
.convs li{display:flex;align-items:center;gap:4px}
.convs .ib{color:var(--sc-muted)}
.convs .ib svg{width:18px;height:18px}
.convs .ib:hover{color:var(--sc-err)}
.conv{flex:1;min-width:0;display:flex;flex-direction:column;gap:2px;padding:10px 12px;border-radius:10px;text-align:start}
.conv .t{font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.conv .m{display:flex;gap:8px;align-items:center;font-size:12px;color:var(--sc-muted)}
.tag{padding:0 6px;border-radius:6px;background:var(--sc-bubble);color:var(--sc-fg);font-weight:700}
[aria-current=true]{background:var(--sc-bubble)}
[aria-current=true] .tag{background:var(--sc-bg)}
.none{margin:32px 0;text-align:center;color:var(--sc-muted)}`;
