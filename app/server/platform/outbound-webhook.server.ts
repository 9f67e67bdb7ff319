/**
 * POSTs JSON to a URL a town's administrator configured (the outage alert), without letting that
 * URL reach inside our network (issue 11 defect 12, decision 0017):
 *   1. the URL is checked again as at save time (scheme, https when required, no user info, no
 *      internal host name, an IP literal must be public);
 *   2. a host name is resolved once, and every address it resolves to must be public;
 *   3. the connection goes to exactly those checked addresses — the socket's `lookup` hands them
 *      back instead of asking DNS again — so a name that re-resolves to 127.0.0.1 between the
 *      check and the connect (DNS rebinding) cannot switch it;
 *   4. redirects are not followed (node:http does not), so a public endpoint cannot bounce the
 *      request inward.
 */

import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import {
  type AddressRefusal,
  type AddressVerdict,
  checkWebhookUrl,
  classifyAddress,
  type WebhookUrlRefusal,
} from '../../domain/network-address';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export class WebhookRefused extends Error {
  constructor(
    readonly reason: WebhookUrlRefusal | 'no_address',
    readonly address?: AddressRefusal,
  ) {
    super(`webhook refused: ${reason}${address ? ` (${address})` : ''}`);
    this.name = 'WebhookRefused';
  }
}

export interface WebhookSenderOptions {
  timeoutMs: number;
  /** PUBLIC_ORIGIN is https: only https webhooks. */
  httpsOnly: boolean;
  /**
   * Which addresses may be connected to; public unicast only unless a test passes its own
   * (the only way to reach a loopback listener — there is no setting for it).
   */
  checkAddress?: (address: string) => AddressVerdict;
  /** How a host name becomes addresses (tests pass a fixed table instead of asking DNS). */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

const systemResolve = async (hostname: string): Promise<ResolvedAddress[]> =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

export type WebhookSender = (url: string, body: unknown) => Promise<{ status: number }>;

export function createWebhookSender({
  timeoutMs,
  httpsOnly,
  checkAddress = classifyAddress,
  resolve = systemResolve,
}: WebhookSenderOptions): WebhookSender {
  return async (rawUrl, body) => {
    const checked = checkWebhookUrl(rawUrl, { httpsOnly, classify: checkAddress });
    if (!checked.ok) throw new WebhookRefused(checked.reason, checked.address);
    const { url, host } = checked;
    const family = isIP(host);
    const addresses: ResolvedAddress[] = family ? [{ address: host, family: family === 6 ? 6 : 4 }] : await resolve(host);
    if (addresses.length === 0) throw new WebhookRefused('no_address');
    for (const { address } of addresses) {
      const verdict = checkAddress(address);
      if (!verdict.ok) throw new WebhookRefused('address', verdict.reason);
    }
    // The socket asks this instead of DNS: only the addresses checked above.
    const pinned = ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    }) as unknown as LookupFunction;
    const payload = JSON.stringify(body);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((done, fail) => {
      const request = transport.request(
        url,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
          lookup: pinned,
          agent: false,
          signal: AbortSignal.timeout(timeoutMs),
        },
        (response) => {
          response.resume();
          response.on('end', () => done({ status: response.statusCode ?? 0 }));
          response.on('error', fail);
        },
      );
      request.on('error', fail);
      request.end(payload);
    });
  };
}
