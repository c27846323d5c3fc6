/*
 * The queue stub from DESIGN.md section 1, as a file (no inline scripts under a strict CSP).
 * Commands called before /support-copilot.js has loaded are queued and run in order once it has.
 *
 * Everything else is on the script tag (index.html): this adds only what an attribute cannot
 * carry, the suggested questions (a list), and replays what the developer panel chose earlier
 * (`user`, `privacyPreferences`), the way a host page re-identifies a signed-in user on each load.
 */
window.SupportCopilot = window.SupportCopilot || function () {
  (window.SupportCopilot.q = window.SupportCopilot.q || []).push(arguments);
};

(function () {
  var config = {
    // Questions the help centre answers well (server/demo-answer.test.ts checks each is answered from a guide).
    suggestedQuestions: [
      'How do I add a custom domain?',
      'Why do I get 502 Bad Gateway after a deploy?',
      'How do I rotate an API key?',
      'How long are backups kept?',
    ],
  };
  try {
    var user = JSON.parse(localStorage.getItem('acme-demo:user') || 'null');
    var consent = JSON.parse(localStorage.getItem('acme-demo:consent') || 'null');
    // The answer backend the developer panel chose (public/demo.js): the demo endpoint in that protocol.
    var chat = JSON.parse(localStorage.getItem('acme-demo:chat') || 'null');
    if (user && typeof user === 'object') config.user = user;
    if (chat && typeof chat.url === 'string' && chat.url.indexOf('/v1/demo/chat?') === 0) config.chat = { url: chat.url, protocol: chat.protocol };
    if (consent && typeof consent === 'object') config.privacyPreferences = consent;
  } catch (e) {
    /* storage unavailable or garbage: start anonymous */
  }
  window.SupportCopilot('init', config);
})();
