/**
 * Client addresses as the server counts them (open event streams per address, the keyed hash of
 * a reporter's address): an IPv4 address as it is, an IPv6 one by its /64 prefix (one home or
 * one server usually gets a whole /64 and can pick any address in it), an IPv4-mapped IPv6
 * address (::ffff:192.0.2.1) as the IPv4 address.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit groups of an IPv6 address (already checked with isIPv6, zone removed). */
function groups(ip: string): number[] {
  let text = ip;
  const tail: number[] = [];
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    tail.push((a << 8) | b, (c << 8) | d);
    text = text.slice(0, v4.index); // ends with ":" ("1:2:3:4:5:6:") or "::" ("::ffff:" does not)
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const double = text.indexOf('::');
  const head = parse(double < 0 ? text : text.slice(0, double));
  const rest = double < 0 ? [] : parse(text.slice(double + 2));
  const fill = 8 - tail.length - head.length - rest.length;
  return [...head, ...Array<number>(Math.max(0, fill)).fill(0), ...rest, ...tail];
}

/** The key under which the server counts a client address (see the module comment). */
export function addressKey(address: string): string {
  const ip = address.replace(/%.*$/, ''); // a zone id ("fe80::1%eth0") names the interface, not the client
  if (isIPv4(ip) || !isIPv6(ip)) return address;
  const g = groups(ip);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  }
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(':')}::/64`;
}

let warned = false;

/**
 * Logs once per process that a request came through a proxy (it carries X-Forwarded-For) while
 * `trustProxy` is off: every client then counts as the proxy's one address (stream caps, rate
 * limits, distinct reporters). Returns whether it logged now.
 */
export function warnForwardedWithoutTrust(forwardedFor: string | string[] | undefined, trustProxy: boolean): boolean {
  if (warned || trustProxy || forwardedFor === undefined) return false;
  warned = true;
  console.warn(
    '[colloquy] A request carries X-Forwarded-For but trustProxy is off: every client behind the proxy counts as ' +
      "the proxy's address (live-update stream caps, rate limits, report counting). Behind a reverse proxy, set trustProxy to true in the config file.",
  );
  return true;
}

/** Lets the next request with X-Forwarded-For warn again (tests only). */
export function resetForwardedWarning(): void {
  warned = false;
}
