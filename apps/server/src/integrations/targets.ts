import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where kefu may send webhooks. A subscription's URL is typed by an admin but fetched by the server, from inside the
 * shop's network: without a guard it would reach the database's admin port, a cloud's metadata service
 * (169.254.169.254) or the loopback. So private, loopback, link-local and reserved addresses are refused unless
 * WEBHOOK_PRIVATE_TARGETS=allow (an ERP on the shop's own network, and the tests). The check is made on the address
 * actually connected to, after DNS (a name that resolves to 127.0.0.1 — or that changes its answer after the
 * subscription was saved — is refused at delivery), and on IP literals in the URL when it is saved.
 */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv6');
}

/** True for an address a webhook may not reach by default (IPv4-mapped IPv6 is read as the IPv4 it maps). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why the URL's own host may not be a target (an IP literal or a local name), or null; DNS names are checked at delivery. */
export function refusedTarget(url: string, allowPrivate: boolean): string | null {
  if (allowPrivate) return null;
  const host = new URL(url).hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) {
    return 'must be a public address (private and local addresses are refused; WEBHOOK_PRIVATE_TARGETS=allow permits them)';
  }
  if (isIP(host) && isPrivateAddress(host)) {
    return 'must be a public address (private and local addresses are refused; WEBHOOK_PRIVATE_TARGETS=allow permits them)';
  }
  return null;
}

/** A DNS lookup for the delivery's socket that fails on a private answer, so the connection is never made. */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const allowed = allowPrivate ? addresses : addresses.filter((a) => !isPrivateAddress(a.address));
      if (!allowed.length) {
        const refused = Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' });
        return callback(refused, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}
