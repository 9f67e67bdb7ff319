/**
 * Where the server may send a request on a town's behalf (the outage-alert webhook): public
 * unicast addresses only, by a URL that names no internal host (issue 11 defect 12, decision 0017).
 * Pure: the DNS lookup and the connection live in app/server/platform/outbound-webhook.server.ts.
 */
import ipaddr from 'ipaddr.js';
import type { Bilingual } from './free-text';

export type AddressRefusal =
  | 'invalid'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'carrier_grade_nat'
  | 'link_local'
  | 'multicast'
  | 'broadcast'
  | 'unique_local'
  | 'reserved'
  | 'tunnel';
export type AddressVerdict = { ok: true } | { ok: false; reason: AddressRefusal };

/** ipaddr.js range names → why they are refused ('unicast' is the only one allowed). */
const REFUSED_RANGES: Record<string, AddressRefusal> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link_local', // 169.254/16 (cloud metadata 169.254.169.254), fe80::/10
  loopback: 'loopback',
  carrierGradeNat: 'carrier_grade_nat', // 100.64/10
  private: 'private', // 10/8, 172.16/12, 192.168/16
  reserved: 'reserved',
  uniqueLocal: 'unique_local', // fc00::/7
  // IPv6 forms that carry or reach an IPv4 address some other way (NAT64, 6to4, Teredo, SIIT).
  rfc6145: 'tunnel',
  rfc6052: 'tunnel',
  '6to4': 'tunnel',
  teredo: 'tunnel',
};

/** Ranges ipaddr.js 1.x files under 'unicast' that are not the public internet. */
const EXTRA_REFUSED: [string, AddressRefusal][] = [
  ['0.0.0.0/8', 'unspecified'],
  ['192.0.0.0/24', 'reserved'], // IETF protocol assignments
  ['198.18.0.0/15', 'reserved'], // benchmarking
  ['::/96', 'tunnel'], // IPv4-compatible IPv6 (::127.0.0.1), deprecated
  ['100::/64', 'reserved'], // discard-only
  ['2001::/23', 'reserved'], // IETF protocol assignments (Teredo, ORCHID…)
  ['fec0::/10', 'unique_local'], // site-local, deprecated
];
const EXTRA = EXTRA_REFUSED.map(([cidr, reason]) => [ipaddr.parseCIDR(cidr), reason] as const);

/** A literal IPv4 or IPv6 address (no brackets, no zone): allowed only if public unicast. */
export function classifyAddress(address: string): AddressVerdict {
  const literal = address.replace(/^\[|\]$/g, '');
  if (literal.includes('%') || !ipaddr.isValid(literal)) return { ok: false, reason: 'invalid' };
  let ip = ipaddr.parse(literal);
  // ::ffff:127.0.0.1 and friends are the IPv4 address they carry.
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  if (range !== 'unicast') return { ok: false, reason: REFUSED_RANGES[range] ?? 'reserved' };
  for (const [[network, bits], reason] of EXTRA) {
    // ipaddr.js matches only within one family: the kinds are equal here.
    if (network.kind() === ip.kind() && (ip as ipaddr.IPv4).match(network as ipaddr.IPv4, bits)) return { ok: false, reason };
  }
  return { ok: true };
}

export const isIpLiteral = (host: string) => ipaddr.isValid(host.replace(/^\[|\]$/g, ''));

export type WebhookUrlRefusal = 'invalid_url' | 'scheme' | 'https_required' | 'credentials' | 'internal_host' | 'address';
export type WebhookUrlCheck = { ok: true; url: URL; host: string } | { ok: false; reason: WebhookUrlRefusal; address?: AddressRefusal };

/** Names that only mean something inside a network: never a town's public endpoint. */
const INTERNAL_NAMES =
  /(?:^|\.)(?:localhost|localdomain|local|internal|intranet|lan|home|corp|private|home\.arpa|in-addr\.arpa|ip6\.arpa)$/i;

/**
 * A webhook URL as saved and as sent: http(s) (https only when `httpsOnly`), no user info, a host
 * that is a public address or a dotted public name. Names are resolved and checked again when the
 * alert is sent. `classify` decides which IP literals pass (tests of the sender inject theirs).
 */
export function checkWebhookUrl(
  raw: string,
  { httpsOnly, classify = classifyAddress }: { httpsOnly: boolean; classify?: (address: string) => AddressVerdict },
): WebhookUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: 'invalid_url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'scheme' };
  if (httpsOnly && url.protocol !== 'https:') return { ok: false, reason: 'https_required' };
  if (url.username || url.password) return { ok: false, reason: 'credentials' };
  // The URL parser has already turned 0x7f.1, 2130706433 and 127.1 into 127.0.0.1.
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (!host) return { ok: false, reason: 'invalid_url' };
  if (isIpLiteral(host)) {
    const verdict = classify(host);
    return verdict.ok ? { ok: true, url, host } : { ok: false, reason: 'address', address: verdict.reason };
  }
  if (!host.includes('.') || INTERNAL_NAMES.test(host)) return { ok: false, reason: 'internal_host' };
  return { ok: true, url, host };
}

export const webhookUrlMessages: Record<WebhookUrlRefusal, Bilingual> = {
  invalid_url: { ja: '停止通知の送信先 URL として読み取れません。', en: 'The alert webhook URL cannot be read as a URL.' },
  scheme: {
    ja: '停止通知の送信先は http:// か https:// の URL にしてください。',
    en: 'The alert webhook must be an http:// or https:// URL.',
  },
  https_required: {
    ja: '停止通知の送信先は https:// の URL にしてください（このサーバーは https で公開されています）。',
    en: 'The alert webhook must be an https:// URL (this server is served over https).',
  },
  credentials: {
    ja: '停止通知の送信先 URL にユーザー名やパスワードを含めないでください。',
    en: 'The alert webhook URL must not contain a user name or password.',
  },
  internal_host: {
    ja: '停止通知の送信先に内部のホスト名（localhost、.local、.internal、ドットのない名前など）は使えません。公開されたホスト名を指定してください。',
    en: 'The alert webhook cannot point at an internal host name (localhost, .local, .internal, a name without a dot…). Use a public host name.',
  },
  address: {
    ja: '停止通知の送信先にループバック・プライベート・リンクローカル（メタデータ 169.254.169.254 を含む）などの内部アドレスは使えません。',
    en: 'The alert webhook cannot point at a loopback, private, link-local (incl. metadata 169.254.169.254) or other internal address.',
  },
};
