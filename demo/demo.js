// The demo's QA panel. The comment section talks to the reference server over HTTP (RestAdapter,
// same origin) or, with ?backend=memory, to an in-browser MemoryAdapter seeded from seed.json.
// Either way the panel can add latency and failures in front of it, change the required fields
// and the reply depth, and log every colloquy-* event. Plain script, no bundler.
// colloquy.js loads the section when it comes near the viewport; Colloquy.ready resolves then.
window.Colloquy.ready.then(({ loadMemoryAdapter, RestAdapter, AdapterError, setDefaultAdapter }) => {
  // Every asynchronous adapter method the demo's two backends implement (both support all of
  // them): the QA panel's latency and failures apply to these.
  const METHODS = [
    'listComments',
    'postComment',
    'getArticleReactions',
    'reactToArticle',
    'likeComment',
    'reportComment',
    'editComment',
    'deleteComment',
    'countComments',
  ];
  // The memory backend's moderator token (the server prints its own when it starts).
  const MEMORY_MODERATOR_TOKEN = 'demo-moderator-token';
  const params = new URLSearchParams(location.search);
  const backend = params.get('backend') === 'memory' ? 'memory' : params.get('backend') === 'api' ? 'api' : 'server';
  const qa = { latencyMs: Number(params.get('latency') ?? 0), failureRate: Number(params.get('failure') ?? 0) / 100 };

  // The backend, created synchronously so the section never falls back to another one.
  let memory = null;
  const inner =
    backend !== 'memory'
      ? new RestAdapter({ baseUrl: location.origin })
      : lazyMemory();

  function lazyMemory() {
    const ready = Promise.all([fetch('seed.json').then((r) => r.json()), loadMemoryAdapter()])
      .then(([seed, MemoryAdapter]) => {
        const now = Date.now();
        const comments = seed.map((c) => ({ ...c, createdAt: new Date(now - c.hoursAgo * 3600e3).toISOString() }));
        // The form enforces the page's rules (the QA panel changes them); this backend accepts what it sends.
        memory = new MemoryAdapter({
          persist: 'colloquy-demo',
          required: ['body'],
          maxLength: 100000,
          seed: (thread) => (thread === 'article-123' ? comments : []),
          moderatorToken: MEMORY_MODERATOR_TOKEN,
          // One browser is one reader here: hide a comment after its first report so QA sees it happen.
          hideAfterReports: 1,
        });
        return memory;
      });
    const call = (name) => async (...args) => (await ready)[name](...args);
    return {
      ...Object.fromEntries(METHODS.map((name) => [name, call(name)])),
      // Synchronous in the contract: start once the backend is here; stop works at any time.
      subscribe(thread, onChange) {
        let stop = null;
        let stopped = false;
        ready.then((m) => {
          if (!stopped) stop = m.subscribe(thread, onChange);
        });
        return () => {
          stopped = true;
          if (stop) stop();
        };
      },
      moderation(token) {
        const client = ready.then((m) => m.moderation(token));
        return {
          listQueue: async (opts) => (await client).listQueue(opts),
          moderate: async (...args) => (await client).moderate(...args),
        };
      },
    };
  }

  /** Another reader on the same backend, for the QA panel's "post as another reader". */
  async function otherReader() {
    if (backend !== 'memory') return new RestAdapter({ baseUrl: location.origin, visitorId: `qa-other-${Math.random().toString(36).slice(2, 10)}`, storage: null });
    await inner.listComments('article-123', { limit: 1 });
    return memory.forVisitor('qa-other-reader');
  }

  /** Latency and failures from the QA panel, in front of any adapter. */
  function withFaults(adapter) {
    const wrap = (name) => async (...args) => {
      if (qa.latencyMs > 0) await new Promise((r) => setTimeout(r, qa.latencyMs * (0.5 + Math.random())));
      if (Math.random() < qa.failureRate) throw new AdapterError('network', 'Simulated network failure (QA panel).');
      return adapter[name](...args);
    };
    // Only the methods the backend has: the widget shows a feature only when its method exists.
    const wrapped = Object.fromEntries(METHODS.filter((name) => typeof adapter[name] === 'function').map((name) => [name, wrap(name)]));
    // Live updates and the moderator's client are synchronous: passed through as they are.
    for (const name of ['subscribe', 'moderation']) if (typeof adapter[name] === 'function') wrapped[name] = adapter[name].bind(adapter);
    return wrapped;
  }

  // With ?backend=api the section uses its api attribute (set in the page) and no QA faults; the
  // other elements (counts, moderation) use the same server as the page default.
  setDefaultAdapter(backend === 'api' ? inner : withFaults(inner));

  // When each stage of the script tag arrived (from the browser's resource timing).
  const arrived = (file) => performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname.endsWith(`/${file}`));
  const reader = arrived('colloquy-reader.js');
  const app = arrived('colloquy-app.js');
  document.getElementById('qa-stages').textContent =
    reader && app
      ? `reader stage at ${Math.round(reader.responseEnd)} ms, interaction stage at ${Math.round(app.responseEnd)} ms (in place at ${Math.round(performance.now())} ms)`
      : 'loaded as one (an ES module import, not the script tag)';

  const section = document.querySelector('colloquy-comments');
  const $ = (id) => document.getElementById(id);
  $('qa-backend').textContent =
    backend === 'memory' ? 'in-browser MemoryAdapter (localStorage)' : backend === 'api' ? 'reference server, named by the api attribute' : 'reference server (HTTP)';
  // Which store and which instance answered (behind a load balancer each request may reach another).
  const where = async () => {
    if (backend === 'memory') return void ($('qa-store').textContent = 'none (this browser)');
    try {
      const r = await fetch('/api/health', { cache: 'no-store' });
      const body = await r.json();
      $('qa-store').textContent = `${body.store === 'postgres' ? 'PostgreSQL' : 'SQLite'}${body.ok ? '' : ' (unreachable)'}, instance ${r.headers.get('x-colloquy-instance') ?? '?'}`;
    } catch {
      $('qa-store').textContent = 'the server does not answer';
    }
  };
  void where();
  $('qa-switch').href = backend === 'server' ? '?backend=memory' : '?';
  $('qa-switch').textContent = backend === 'server' ? 'Use the in-browser backend' : 'Use the reference server';

  const latency = $('qa-latency');
  const failure = $('qa-failure');
  const show = () => {
    $('qa-latency-value').textContent = `${qa.latencyMs} ms`;
    $('qa-failure-value').textContent = `${Math.round(qa.failureRate * 100)} %`;
  };
  latency.value = String(qa.latencyMs);
  failure.value = String(Math.round(qa.failureRate * 100));
  latency.addEventListener('input', () => {
    qa.latencyMs = Number(latency.value);
    show();
  });
  failure.addEventListener('input', () => {
    qa.failureRate = Number(failure.value) / 100;
    show();
  });
  show();

  const reset = $('qa-reset');
  if (backend !== 'memory') {
    reset.disabled = true;
    reset.title = 'Server data lives in its database (data/colloquy.db by default): stop the server and delete it to start over.';
  }
  reset.addEventListener('click', () => {
    if (memory) memory.reset();
    localStorage.removeItem(`colloquy:reaction:${section.thread}`);
    section.reload();
    log('reset', 'demo data restored');
  });
  $('qa-reload').addEventListener('click', () => {
    section.reload();
    void where();
  });
  $('qa-token').textContent = backend !== 'memory' ? 'printed by npm start in its terminal' : MEMORY_MODERATOR_TOKEN;
  let others = 0;
  $('qa-other').addEventListener('click', async () => {
    const reader = await otherReader();
    const n = ++others;
    try {
      const saved = await reader.postComment(
        section.thread,
        { authorName: `Other reader ${n}`, authorEmail: 'other@example.com', body: `A comment from another reader (#${n}), posted while you read.` },
        { idempotencyKey: `qa-other-${Date.now()}-${n}` },
      );
      log('another reader', `posted ${saved.id} (${saved.status})`);
    } catch (err) {
      log('another reader', `failed: ${err.message}`);
    }
  });
  const look = $('qa-look');
  look.addEventListener('change', () => {
    document.body.classList.remove('look-plain', 'look-magazine');
    if (look.value) document.body.classList.add(`look-${look.value}`);
  });
  $('qa-theme').addEventListener('change', (e) => (section.theme = e.target.value));
  $('qa-lang').addEventListener('change', (e) => section.setAttribute('lang', e.target.value));
  for (const [id, param, apply] of [
    ['qa-look', 'look', () => look.dispatchEvent(new Event('change'))],
    ['qa-theme', 'theme', () => (section.theme = $('qa-theme').value)],
    ['qa-lang', 'lang', () => section.setAttribute('lang', $('qa-lang').value)],
  ]) {
    if (params.get(param)) {
      $(id).value = params.get(param);
      apply();
    }
  }
  $('qa-required').addEventListener('change', (e) => section.setAttribute('required', e.target.value));
  $('qa-depth').addEventListener('change', (e) => section.setAttribute('reply-depth', e.target.value));

  const list = $('qa-log');
  function log(name, text) {
    const li = document.createElement('li');
    li.textContent = `${new Date().toLocaleTimeString()}  ${name}  ${text}`;
    list.prepend(li);
    while (list.children.length > 30) list.lastChild.remove();
  }
  for (const name of [
    'colloquy-submit',
    'colloquy-comment-posted',
    'colloquy-comment-edited',
    'colloquy-comment-deleted',
    'colloquy-comment-reported',
    'colloquy-moderated',
    'colloquy-reaction',
    'colloquy-error',
  ]) {
    document.addEventListener(name, (e) => {
      const d = e.detail || {};
      const text =
        name === 'colloquy-error'
          ? `${d.action}: ${d.error && d.error.kind} — ${d.error && d.error.message}`
          : name === 'colloquy-comment-posted' || name === 'colloquy-comment-edited'
            ? `id ${d.comment.id} (${d.comment.status})`
            : name === 'colloquy-comment-deleted' || name === 'colloquy-comment-reported' || name === 'colloquy-moderated'
              ? `id ${d.commentId}${d.reason ? ` (${d.reason})` : ''}${d.action ? ` (${d.action})` : ''}`
              : name === 'colloquy-reaction'
                ? d.value
                : `${(d.input && d.input.body.length) || 0} chars`;
      log(name, text);
    });
  }
});
