/** Styles of the chat panel, in the panel chunk only (see base-styles.ts for the theme and launcher). */
export const panelCss = `.panel{width:400px;height:min(640px,calc(100vh - 40px));height:min(640px,calc(100dvh - 40px));max-width:calc(100vw - 40px);display:flex;flex-direction:column;background:var(--sc-bg);border:1px solid var(--sc-border);border-radius:var(--sc-radius);box-shadow:0 12px 40px #0003,0 2px 8px #0001;overflow:hidden}
@media(max-width:480px){.panel{inset:0;width:auto;height:100vh;height:100dvh;max-width:none;max-height:none;border:0;border-radius:0;padding:env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left)}textarea{font-size:16px}}
.head,.comp{display:flex;gap:4px;padding:10px 12px}
.panel-failed{flex:1;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:16px;padding:24px;text-align:center}.panel-failed p{margin:0}.panel-failed .primary{width:auto}
.head{align-items:center;border-bottom:1px solid var(--sc-border);min-height:56px}
.brand{flex:1;display:flex;align-items:center;gap:8px;min-width:0;margin-inline-end:4px}
.brand>div{min-width:0}
.logo{width:24px;height:24px;border-radius:6px;object-fit:contain;flex:none}
.brand h2{font-size:15px}
.logo.big{width:48px;height:48px;border-radius:12px}
h2{margin:0;font-size:16px;line-height:1.3;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.sub{margin:0;font-size:12px;color:var(--sc-muted);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.ib{width:36px;height:36px;border-radius:8px}
/* Five controls and a brand share 400px: tight, so the brand's name keeps the room it needs. */
.head{gap:0;padding-inline-end:6px}.head .ib{width:32px;height:32px}
.ib:hover{background:var(--sc-bubble)}
.logw{flex:1;min-height:0;position:relative;display:flex;flex-direction:column}
.log{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:16px 14px;display:flex;flex-direction:column;gap:14px}
.welcome{margin:auto 0;display:flex;flex-direction:column;align-items:center;gap:14px;text-align:center;padding:8px}
.greet{margin:0;font-size:17px;font-weight:600}
.sugg{display:flex;flex-direction:column;gap:8px;width:100%}
.sugg button,.chips button{border:1px solid var(--sc-border);border-radius:10px;padding:9px 12px;text-align:start;background:var(--sc-bg)}
.sugg button:hover,.chips button:hover{border-color:var(--sc-primary);background:var(--sc-bubble)}
.msg{max-width:90%;display:flex;flex-direction:column;gap:6px;min-width:0}
.msg:not(.user){align-self:stretch;max-width:100%}
.user{align-self:flex-end}
.bub{padding:9px 13px;border-radius:var(--sc-radius);background:var(--sc-bubble);overflow-wrap:anywhere;min-width:0}
.user .bub{background:var(--sc-primary);color:var(--sc-on-primary);white-space:pre-wrap;border-end-end-radius:4px}
.msg:not(.user) .bub{border-end-start-radius:4px}
.bub:has(>.typing,>.think){align-self:flex-start}
.bub p,.bub ul,.bub ol,.bub blockquote,.bub .code,.bub .tblw,.bub h3,.bub h4,.bub h5,.bub h6{margin:0 0 8px}
.bub>:last-child,.bub li>:last-child{margin-bottom:0}
.bub ul,.bub ol{padding-inline-start:22px}
.bub li+li{margin-top:2px}
.bub h3,.bub h4,.bub h5,.bub h6{font-size:15px;line-height:1.35}
.bub h4,.bub h5,.bub h6{font-size:14px}
.bub hr{border:0;border-top:1px solid var(--sc-border);margin:10px 0}
blockquote{padding-inline-start:10px;border-inline-start:3px solid var(--sc-border);color:var(--sc-muted)}
a{color:var(--sc-link,inherit)}
code{font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;background:var(--sc-bg);padding:0 4px;border:1px solid var(--sc-border);border-radius:4px}
.code{border:1px solid var(--sc-border);border-radius:8px;background:var(--sc-bg);overflow:hidden;max-width:100%}
.code-bar{display:flex;align-items:center;gap:6px;padding:2px 4px;padding-inline-start:10px;border-bottom:1px solid var(--sc-border);font-size:12px;color:var(--sc-muted)}
.code-bar span:first-child{flex:1}
.code-bar .ib{width:28px;height:28px}
.code-bar svg{width:15px;height:15px}
pre{margin:0;overflow-x:auto;padding:10px}
pre code{padding:0;border:0;background:none;white-space:pre}
.tblw{position:relative;max-width:100%}
.tblw::before,.tblw::after{content:'';position:absolute;top:0;bottom:0;width:28px;pointer-events:none;opacity:0;transition:opacity .15s}
.tblw::before{left:0;background:linear-gradient(to right,var(--sc-bubble),transparent)}
.tblw::after{right:0;background:linear-gradient(to left,var(--sc-bubble),transparent)}
.tblw[data-more~=left]::before,.tblw[data-more~=right]::after{opacity:1}
.tbl{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:13px;overflow-wrap:break-word}
th,td{border:1px solid var(--sc-border);padding:4px 8px;text-align:start;vertical-align:top}
th{background:var(--sc-bg)}
.al-c{text-align:center}
.al-r{text-align:right}
.srcs{display:flex;flex-direction:column;gap:6px}
.srch{margin:0;font-size:12px;font-weight:600;color:var(--sc-muted);text-transform:uppercase;letter-spacing:.04em}
.srcs ul{list-style:none;margin:0;padding:0;display:grid;gap:6px}
.src{display:grid;grid-template-columns:auto 1fr;column-gap:8px;align-items:center;padding:8px 10px;border:1px solid var(--sc-border);border-radius:10px;text-decoration:none;color:inherit}
.src:hover{border-color:var(--sc-primary);background:var(--sc-bubble)}
.src svg{grid-row:span 2;width:18px;height:18px;color:var(--sc-muted)}
.src-t{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.src-h{font-size:12px;color:var(--sc-muted);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.acts{display:flex;align-items:center;gap:2px;color:var(--sc-muted)}
.acts .ib{width:32px;height:32px}
.acts svg{width:16px;height:16px}
.copied{font-size:12px}
[aria-pressed=true]{color:var(--sc-ring)}
.acts [aria-pressed=true] svg{fill:currentColor}
.stopped{margin:0;font-size:12px;color:var(--sc-muted)}
.think{color:var(--sc-muted)}
.think summary{cursor:pointer}
.think p{margin:6px 0 0;max-height:160px;overflow-y:auto;font-size:13px;white-space:pre-wrap}
.err{color:var(--sc-err);display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 8px;font-size:13px}
.user .err{justify-content:flex-end;text-align:end}
.err button,.retry{text-decoration:underline;font-weight:600}
.fail .bub{background:none;border:1px solid var(--sc-border)}
.fail .bub p{margin:0}
.fail .retry{margin-top:6px;color:var(--sc-ring)}
.wait .bub{border-style:dashed}
.fb{display:flex;flex-direction:column;gap:8px;padding:10px 12px;border:1px solid var(--sc-border);border-radius:var(--sc-radius)}
.fb-q{margin:0;font-weight:600}
.chips{display:flex;flex-wrap:wrap;gap:6px}
.chips button{padding:5px 10px;border-radius:16px;font-size:13px}
.chips button[aria-pressed=true]{border-color:var(--sc-primary);background:var(--sc-primary);color:var(--sc-on-primary)}
.fb textarea{min-height:56px}
.fb-send{align-self:flex-end;padding:7px 14px;border-radius:8px;background:var(--sc-primary);color:var(--sc-on-primary);font-weight:600}
.fb-thanks{margin:0;font-size:13px;color:var(--sc-muted)}
.fb-thanks:focus{outline:0}
.status{margin:0;padding:4px 12px;font-size:12px;color:var(--sc-muted);border-top:1px solid var(--sc-border)}
.status:empty{display:none}
.comp{gap:8px;align-items:flex-end;border-top:1px solid var(--sc-border)}
textarea:focus-visible{outline-offset:0}
textarea{flex:1;resize:none;min-height:40px;max-height:120px;field-sizing:content;padding:8px 12px;border:1px solid var(--sc-muted);border-radius:10px;background:var(--sc-bg)}
::placeholder{color:var(--sc-muted);opacity:1}
.send{width:40px;height:40px;flex:none;border-radius:10px;background:var(--sc-primary);color:var(--sc-on-primary)}
.stop svg{fill:currentColor}
.disc{margin:-4px 0 0;padding:0 12px 8px;font-size:11px;color:var(--sc-muted);text-align:center}
.jump{position:absolute;bottom:10px;left:50%;transform:translateX(-50%);display:flex;align-items:center;gap:6px;padding:6px 14px 6px 10px;border-radius:16px;background:var(--sc-bg);border:1px solid var(--sc-border);box-shadow:0 4px 12px #0002;font-size:13px;font-weight:600;white-space:nowrap}
.jump:hover{border-color:var(--sc-primary)}
.jump svg{width:16px;height:16px}
.typing{display:flex;gap:4px;padding:8px 0}
.typing i{width:6px;height:6px;border-radius:50%;background:var(--sc-muted);animation:sc-b 1s infinite alternate}
.typing i:nth-child(3){animation-delay:.2s}
.typing i:nth-child(4){animation-delay:.4s}
@keyframes sc-b{to{opacity:.2}}`;
