/** Styles of the chat panel, in the panel chunk only (see base-styles.ts for the theme and launcher). */
export const panelCss = `.panel{width:380px;height:560px;max-width:calc(100vw - 40px);max-height:calc(100vh - 40px);display:flex;flex-direction:column;background:var(--sc-bg);border:1px solid var(--sc-border);border-radius:var(--sc-radius);box-shadow:0 8px 30px #0003;overflow:hidden}
@media(max-width:480px){.panel{inset:0;width:auto;height:auto;max-width:none;max-height:none;border:0;border-radius:0}}
.head,.comp{display:flex;gap:4px;padding:10px 12px}
.head{align-items:center;border-bottom:1px solid var(--sc-border)}
h2{flex:1;margin:0;font-size:16px}
.ib{width:36px;height:36px;border-radius:8px}
.ib:hover{background:var(--sc-bubble)}
.log{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:12px;display:flex;flex-direction:column;gap:12px}
.empty{margin:auto;color:var(--sc-muted)}
.msg{max-width:88%;display:flex;flex-direction:column;gap:4px}
.user{align-self:flex-end}
.bub{padding:8px 12px;border-radius:var(--sc-radius);background:var(--sc-bubble);overflow-wrap:anywhere}
.user .bub{background:var(--sc-primary);color:var(--sc-on-primary);white-space:pre-wrap}
.bub p,.bub ul,.bub ol,.bub pre{margin:0 0 8px}
.bub>:last-child{margin-bottom:0}
.bub ul,.bub ol{padding-left:20px}
a{color:inherit}
code{font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;background:var(--sc-bg);padding:1px 4px;border-radius:4px}
pre{overflow-x:auto;padding:8px;background:var(--sc-bg);border-radius:6px}
pre code{padding:0}
.acts{display:flex;gap:2px;color:var(--sc-muted)}
.acts .ib{width:32px;height:32px}
.acts svg{width:16px;height:16px}
[aria-pressed=true]{color:var(--sc-ring)}
[aria-pressed=true] svg{fill:currentColor}
.err{color:var(--sc-err);display:flex;flex-wrap:wrap;gap:8px}
.err button{text-decoration:underline;font-weight:600}
.status{margin:0;padding:4px 12px;font-size:12px;color:var(--sc-muted);border-top:1px solid var(--sc-border)}
.status:empty{display:none}
.comp{gap:8px;align-items:flex-end;border-top:1px solid var(--sc-border)}
textarea{flex:1;resize:none;min-height:40px;max-height:120px;field-sizing:content;padding:8px 12px;border:1px solid var(--sc-muted);border-radius:10px;background:var(--sc-bg)}
::placeholder{color:var(--sc-muted);opacity:1}
.send{width:40px;height:40px;flex:none;border-radius:10px;background:var(--sc-primary);color:var(--sc-on-primary)}
.send:disabled{opacity:.5;cursor:default}
.typing{display:flex;gap:4px;padding:8px 0}
.typing i{width:6px;height:6px;border-radius:50%;background:var(--sc-muted);animation:sc-b 1s infinite alternate}
.typing i:nth-child(3){animation-delay:.2s}
.typing i:nth-child(4){animation-delay:.4s}
@keyframes sc-b{to{opacity:.2}}`;
