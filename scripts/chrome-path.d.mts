/** The path of a usable Chrome/Chromium (CHROME_PATH first, then the usual places), or null. */
export function findChrome(): string | null;
/** Flags for headless Chromium on a locked-down machine. */
export const CHROME_ARGS: string[];
