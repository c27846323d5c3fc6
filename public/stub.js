/*
 * The queue stub from DESIGN.md section 1, as a file (no inline scripts under a strict CSP).
 * Commands called before /support-copilot.js has loaded are queued and run in order once it has.
 *
 * `analyticsUrl` is set here because it must be an absolute http(s) URL and this page posts to
 * the collector that served it: its own origin. `user` and `privacyPreferences` replay what the
 * developer panel chose earlier, the way a host page re-identifies a signed-in user on each load.
 */
window.SupportCopilot = window.SupportCopilot || function () {
  (window.SupportCopilot.q = window.SupportCopilot.q || []).push(arguments);
};

(function () {
  var config = {
    apiKey: 'demo-web-key',
    analyticsUrl: location.origin,
    chat: { url: '/v1/chat/completions' },
    // A path to a person: the contact form goes to the collector's demo ticket endpoint.
    ticketUrl: '/tickets',
    getHelp: [
      { name: 'Contact support', action: { type: 'open_form' } },
      { name: 'Email support', action: { type: 'open_link', url: 'mailto:support@acme.example' } },
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
