// The demo's QA panel: a MemoryAdapter persisted to this browser, with adjustable latency and
// failure rate, a reset, and a log of every colloquy-* event. Plain script, no bundler.
(function () {
  const { MemoryAdapter, setDefaultAdapter } = window.Colloquy;
  const params = new URLSearchParams(location.search);
  const adapter = new MemoryAdapter({
    persist: 'colloquy-demo',
    seed: (thread) => (thread === 'article-123' ? window.COLLOQUY_DEMO_SEED : []),
    latencyMs: Number(params.get('latency') ?? 300),
    failureRate: Number(params.get('failure') ?? 0) / 100,
  });
  setDefaultAdapter(adapter);

  const section = document.querySelector('colloquy-comments');
  const $ = (id) => document.getElementById(id);
  const latency = $('qa-latency');
  const failure = $('qa-failure');
  const show = () => {
    $('qa-latency-value').textContent = `${adapter.latencyMs} ms`;
    $('qa-failure-value').textContent = `${Math.round(adapter.failureRate * 100)} %`;
  };
  latency.value = String(adapter.latencyMs);
  failure.value = String(Math.round(adapter.failureRate * 100));
  latency.addEventListener('input', () => {
    adapter.latencyMs = Number(latency.value);
    show();
  });
  failure.addEventListener('input', () => {
    adapter.failureRate = Number(failure.value) / 100;
    show();
  });
  show();

  $('qa-reset').addEventListener('click', () => {
    adapter.reset();
    localStorage.removeItem(`colloquy:reaction:${section.thread}`);
    section.reload();
    log('reset', 'demo data restored');
  });
  $('qa-reload').addEventListener('click', () => section.reload());
  $('qa-required').addEventListener('change', (e) => section.setAttribute('required', e.target.value));
  $('qa-depth').addEventListener('change', (e) => section.setAttribute('reply-depth', e.target.value));

  const list = $('qa-log');
  function log(name, text) {
    const li = document.createElement('li');
    const time = new Date().toLocaleTimeString();
    li.textContent = `${time}  ${name}  ${text}`;
    list.prepend(li);
    while (list.children.length > 30) list.lastChild.remove();
  }
  for (const name of ['colloquy-submit', 'colloquy-comment-posted', 'colloquy-reaction', 'colloquy-error']) {
    document.addEventListener(name, (e) => {
      const d = e.detail || {};
      const text =
        name === 'colloquy-error'
          ? `${d.action}: ${d.error && d.error.kind} — ${d.error && d.error.message}`
          : name === 'colloquy-comment-posted'
            ? `id ${d.comment.id}`
            : name === 'colloquy-reaction'
              ? d.value
              : `${(d.input && d.input.body.length) || 0} chars`;
      log(name, text);
    });
  }
})();
