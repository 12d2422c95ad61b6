// `npm start`: builds the script-tag bundle and serves the demo article page that embeds it.
// PORT (default 5173) and HOST (default 127.0.0.1) choose where; the URL is printed.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const demoDir = join(root, 'demo');
const distDir = join(root, 'dist');
const port = Number(process.env.PORT ?? 5173);
const host = process.env.HOST ?? '127.0.0.1';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

await build({ root, logLevel: 'warn' });

/** Maps a URL path to a file in dist/ (the widget) or demo/ (the page), never outside them. */
function fileFor(pathname) {
  const path = decodeURIComponent(pathname);
  if (path === '/' || path === '/index.html') return join(demoDir, 'index.html');
  if (path.startsWith('/colloquy.js')) return join(distDir, path.slice(1));
  const file = normalize(join(demoDir, path));
  return file.startsWith(demoDir + sep) ? file : null;
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const file = fileFor(url.pathname);
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) throw Object.assign(new Error('not found'), { code: 'ENOENT' });
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch (err) {
    const missing = err && (err.code === 'ENOENT' || err.code === 'EISDIR' || err instanceof URIError);
    res.writeHead(missing ? 404 : 500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(missing ? 'Not found' : 'Server error');
  }
});

server.on('error', (err) => {
  console.error(err.code === 'EADDRINUSE' ? `Port ${port} is in use: set PORT to another one (PORT=8080 npm start).` : err.message);
  process.exit(1);
});

server.listen(port, host, () => {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  console.log(`Colloquy demo: http://${shown}:${port}/`);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
