// Fails with one clear line when no Chrome/Chromium is available for the browser tests.
import { findChrome } from './chrome-path.mjs';

if (!findChrome()) {
  const wanted = process.env.CHROME_PATH ? `CHROME_PATH=${process.env.CHROME_PATH} does not exist` : 'no Chrome/Chromium found';
  console.error(
    `Browser tests need Chromium: ${wanted}. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROME_PATH to a Chrome/Chromium binary.`,
  );
  process.exit(1);
}
