import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, classifyAddress, webhookUrlMessages } from './network-address';

describe('classifyAddress: public unicast only', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'carrier_grade_nat'],
    ['100.127.255.254', 'carrier_grade_nat'],
    ['169.254.169.254', 'link_local'],
    ['169.254.0.1', 'link_local'],
    ['fe80::1', 'link_local'],
    ['febf::1', 'link_local'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456:789a::1', 'unique_local'],
    ['fec0::1', 'unique_local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['192.0.0.170', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['100::1', 'reserved'],
    // IPv4-mapped IPv6: the IPv4 address it carries decides
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link_local'],
    ['::ffff:192.168.0.1', 'private'],
    ['::ffff:0.0.0.0', 'unspecified'],
    // other IPv6 ways to reach an IPv4 address
    ['::7f00:1', 'tunnel'],
    ['64:ff9b::7f00:1', 'tunnel'],
    ['2002:7f00:1::1', 'tunnel'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'tunnel'],
    ['::ffff:0:7f00:1', 'tunnel'],
    // not an address at all
    ['localhost', 'invalid'],
    ['fe80::1%eth0', 'invalid'],
    ['', 'invalid'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(classifyAddress(address)).toEqual({ ok: false, reason });
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '1.1.1.1',
    '203.0.114.1',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    '[2606:4700:4700::1111]',
  ])('allows %s', (address) => {
    expect(classifyAddress(address)).toEqual({ ok: true });
  });
});

describe('checkWebhookUrl: what may be saved and sent', () => {
  const check = (url: string, httpsOnly = false) => {
    const result = checkWebhookUrl(url, { httpsOnly });
    return result.ok ? 'ok' : result.address ? `${result.reason}:${result.address}` : result.reason;
  };

  it.each([
    ['http://127.0.0.1:9999/hook', 'address:loopback'],
    ['http://127.1/', 'address:loopback'],
    ['http://2130706433/', 'address:loopback'],
    ['http://0x7f.0.0.1/', 'address:loopback'],
    ['http://0177.0.0.1/', 'address:loopback'],
    ['http://[::1]:8080/', 'address:loopback'],
    ['http://[::ffff:127.0.0.1]/', 'address:loopback'],
    ['http://[::127.0.0.1]/', 'address:tunnel'],
    ['http://169.254.169.254/latest/meta-data/', 'address:link_local'],
    ['http://[fe80::1]/', 'address:link_local'],
    ['http://10.0.0.5/hook', 'address:private'],
    ['https://192.168.0.1/', 'address:private'],
    ['http://0.0.0.0:3000/', 'address:unspecified'],
    ['http://localhost:3000/', 'internal_host'],
    ['http://LOCALHOST./', 'internal_host'],
    ['http://api.localhost/', 'internal_host'],
    ['http://printer.local/', 'internal_host'],
    ['http://metadata.google.internal/', 'internal_host'],
    ['http://router.home.arpa/', 'internal_host'],
    ['http://intranet/', 'internal_host'],
    ['https://user:secret@hooks.example.jp/', 'credentials'],
    ['ftp://hooks.example.jp/', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['gopher://hooks.example.jp/', 'scheme'],
    ['not a url', 'invalid_url'],
  ])('refuses %s (%s)', (url, expected) => {
    expect(check(url)).toBe(expected);
  });

  it('allows public hosts and addresses over http(s), https only when the server is served over https', () => {
    expect(check('https://hooks.example.jp/madoguchi')).toBe('ok');
    expect(check('http://hooks.example.jp/madoguchi')).toBe('ok');
    expect(check('https://93.184.216.34:8443/x')).toBe('ok');
    expect(check('http://hooks.example.jp/madoguchi', true)).toBe('https_required');
    expect(check('https://hooks.example.jp/madoguchi', true)).toBe('ok');
    const ok = checkWebhookUrl('https://[2606:4700:4700::1111]/x', { httpsOnly: true });
    expect(ok.ok && ok.host).toBe('2606:4700:4700::1111');
  });

  it('says why in both languages', () => {
    for (const words of Object.values(webhookUrlMessages)) {
      expect(words.ja).toMatch(/停止通知/);
      expect(words.en).toMatch(/alert webhook/);
    }
  });
});
