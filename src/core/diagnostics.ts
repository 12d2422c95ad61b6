/**
 * Messages for the site developer, in the console, once per distinct problem: what happened and
 * how to fix it. Readers never see these (they get the widget's own messages). DOM-free.
 */
const told = new Set<string>();

/** Says `message` once for `key` (console.warn, with `detail` for inspection when given). */
export function tellDeveloper(key: string, message: string, detail?: unknown): void {
  if (told.has(key) || told.size > 200) return;
  told.add(key);
  if (detail === undefined) console.warn(`[colloquy] ${message}`);
  else console.warn(`[colloquy] ${message}`, detail);
}
