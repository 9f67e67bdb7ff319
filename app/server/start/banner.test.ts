import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { everyDayCalendar, jstInstant, weekdayCalendar } from '../../domain/calendar';
import { callableNow, reachableOrigins, startBanner } from './banner';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({
    address,
    family,
    internal,
    netmask: '',
    mac: '00:00:00:00:00:00',
    cidr: null,
    ...(family === 'IPv6' ? { scopeid: 0 } : {}),
  }) as NetworkInterfaceInfo;
const machine = {
  lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  eth0: [nic('192.168.1.20', 'IPv4'), nic('fe80::1234', 'IPv6'), nic('2001:db8::20', 'IPv6')],
  wlan0: [nic('10.0.0.7', 'IPv4')],
  docker0: undefined,
};

describe('reachableOrigins: never http://0.0.0.0', () => {
  it('0.0.0.0 listens on every IPv4 address: this machine as 127.0.0.1, the others by their non-internal addresses', () => {
    expect(reachableOrigins('0.0.0.0', 3000, machine)).toEqual({
      local: 'http://127.0.0.1:3000',
      network: ['http://192.168.1.20:3000', 'http://10.0.0.7:3000'],
    });
  });
  it(':: adds the IPv6 addresses a browser can use (not link-local), in brackets', () => {
    expect(reachableOrigins('::', 8080, machine).network).toEqual([
      'http://192.168.1.20:8080',
      'http://[2001:db8::20]:8080',
      'http://10.0.0.7:8080',
    ]);
  });
  it('the default loopback host is this machine only', () => {
    expect(reachableOrigins('127.0.0.1', 3000, machine)).toEqual({ local: 'http://127.0.0.1:3000', network: [] });
    expect(reachableOrigins('localhost', 3000, machine)).toEqual({ local: 'http://localhost:3000', network: [] });
  });
  it('a named address is printed as it is, and is reachable from other devices', () => {
    expect(reachableOrigins('192.168.1.20', 3000, machine)).toEqual({
      local: 'http://192.168.1.20:3000',
      network: ['http://192.168.1.20:3000'],
    });
  });
  it('a machine without a network: only 127.0.0.1', () => {
    expect(reachableOrigins('0.0.0.0', 3000, { lo: machine.lo })).toEqual({ local: 'http://127.0.0.1:3000', network: [] });
  });
});

const townHall = weekdayCalendar([{ start: '08:15', end: '17:00' }]);
const allDay = everyDayCalendar([{ start: '00:00', end: '24:00' }]);

describe('callableNow: which booth can call, in Japan time', () => {
  it('the town hall at night is closed until the next weekday morning; the 24-hour booth is open', () => {
    // Friday 2026-12-04 23:30 JST → Monday 12-07 08:15.
    const night = jstInstant('2026-12-04', '23:30');
    expect(callableNow(townHall, night)).toEqual({
      open: false,
      text: 'closed now: it shows its closed screen until Mon 2026-12-07 08:15 JST',
    });
    expect(callableNow(allDay, night)).toEqual({ open: true, text: 'open: a call can be made now (around the clock)' });
  });
  it('the town hall on a weekday morning is open until 17:00', () => {
    expect(callableNow(townHall, jstInstant('2026-12-07', '10:00'))).toEqual({
      open: true,
      text: 'open: a call can be made now (until 17:00 JST)',
    });
  });
  it('a national holiday is closed (Culture Day, 2026-11-03, a Tuesday)', () => {
    expect(callableNow(townHall, jstInstant('2026-11-03', '10:00')).text).toBe(
      'closed now: it shows its closed screen until Wed 2026-11-04 08:15 JST',
    );
  });
  it('no hours at all', () => {
    expect(callableNow(weekdayCalendar([]), jstInstant('2026-12-07', '10:00'))).toEqual({
      open: false,
      text: 'closed now: it shows its closed screen until an admin gives it opening hours',
    });
  });
});

describe('startBanner', () => {
  const input = {
    origins: { local: 'http://127.0.0.1:3000', network: ['http://192.168.1.20:3000'] },
    livekitUrl: 'ws://127.0.0.1:7880',
    booths: [
      { label: 'Town-hall booth', path: '/booth/?provision=mdgb_town', calendar: townHall },
      { label: 'Demo booth (24 h)', path: '/booth/?provision=mdgb_day', calendar: allDay },
    ],
    logins: [{ role: 'operator', loginId: 'operator', password: 'pw-demo' }],
    now: jstInstant('2026-12-05', '02:00'),
  };
  const text = startBanner(input).join('\n');

  it('prints reachable links only, the booth that can call first, and says why the other cannot', () => {
    expect(text).not.toContain('0.0.0.0');
    expect(text).toContain('Japan time now: Sat 2026-12-05 02:00');
    const day = text.indexOf('/booth/?provision=mdgb_day');
    const hall = text.indexOf('/booth/?provision=mdgb_town');
    expect(day).toBeGreaterThan(0);
    expect(day).toBeLessThan(hall);
    expect(text).toMatch(/Demo booth \(24 h\) +http:\/\/127\.0\.0\.1:3000\/booth\/\?provision=mdgb_day\n +↳ open: a call can be made now/);
    expect(text).toMatch(
      /Town-hall booth +http:\/\/127\.0\.0\.1:3000\/booth\/\?provision=mdgb_town\n +↳ closed now: it shows its closed screen until Mon 2026-12-07 08:15 JST/,
    );
    expect(text).toContain('From other devices: http://192.168.1.20:3000 (same paths)');
    expect(text).toMatch(/only over HTTPS/);
  });

  it('says the demo passwords are for the demo only', () => {
    expect(text).toMatch(/Demo logins — for this demo only.*\n.*never keep them on a real deployment/);
    expect(text).toContain('operator    operator / pw-demo');
  });

  it('without other devices nothing about them; without logins no login block', () => {
    const bare = startBanner({ ...input, origins: { local: 'http://127.0.0.1:3000', network: [] }, logins: [] }).join('\n');
    expect(bare).not.toContain('From other devices');
    expect(bare).not.toContain('Demo logins');
  });
});
