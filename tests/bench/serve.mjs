// The shared start of every browser bench and the screenshot script: dist/ served on
// 127.0.0.1:`port` by Python's static server, and Debian's Chromium (never a downloaded one).
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../dist');

/** Serves dist/ and launches Chromium; resolves once the server answers. Close both with
 * `done()`. */
export async function serveAndLaunch(port) {
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dist], { stdio: 'ignore' });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  for (let i = 0; i < 50; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/index.html`)).ok) break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  return { browser, done: async () => { await browser.close(); server.kill(); } };
}
