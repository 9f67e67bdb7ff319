import { describe, expect, it } from 'vitest';
import { BoothOutbox, OUTBOX_KEY, type OutboxEnvironment, type OutboxTransport } from './outbox-sender';

/** A server that answers as told, and what it was asked, in order. */
function server(answer: (call: string) => number) {
  const calls: string[] = [];
  const bodies: unknown[] = [];
  const reply = async (call: string, body?: unknown) => {
    calls.push(call);
    bodies.push(body);
    const status = answer(call);
    if (status >= 400) throw Object.assign(new Error(String(status)), { status });
  };
  const transport: OutboxTransport = {
    event: (id, event) => reply(`event ${id} ${event.type}`, event),
    cancel: (id) => reply(`cancel ${id}`),
    end: (id, reason) => reply(`end ${id}${reason ? ` ${reason}` : ''}`),
  };
  return { calls, bodies, transport };
}

const stored = new Map<string, string>();
let id = 0;
const env = (): OutboxEnvironment => ({
  storage: { getItem: (k) => stored.get(k) ?? null, setItem: (k, v) => void stored.set(k, v) },
  now: () => 1_000_000,
  random: () => 0.5,
  newId: () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}`,
});

describe('the booth outbox sender', () => {
  it('sends events, then the end, in the order they were recorded', async () => {
    stored.clear();
    const s = server(() => 201);
    const outbox = new BoothOutbox(s.transport, env());
    outbox.record('s1', 'guidance-shown', { card: 'card-ready' });
    outbox.record('s1', 'pin-privacy-on');
    outbox.close('s1', 'end', 'connection-lost');
    outbox.start();
    await outbox.drained();
    expect(s.calls).toEqual(['event s1 guidance-shown', 'event s1 pin-privacy-on', 'end s1 connection-lost']);
    expect(s.bodies[0]).toEqual({
      type: 'guidance-shown',
      detail: { card: 'card-ready' },
      clientId: expect.stringMatching(/^0{8}-/) as unknown,
      occurredAt: new Date(1_000_000).toISOString(),
      sentAt: new Date(1_000_000).toISOString(),
    });
    expect(JSON.parse(stored.get(OUTBOX_KEY)!)).toEqual({ items: [], dropped: 0 });
  });

  it('ends a session whose cancel comes too late (answered meanwhile: 409)', async () => {
    stored.clear();
    const s = server((call) => (call.startsWith('cancel') ? 409 : 200));
    const outbox = new BoothOutbox(s.transport, env());
    outbox.close('s2', 'cancel');
    outbox.start();
    await outbox.drained();
    expect(s.calls).toEqual(['cancel s2', 'end s2']);
  });

  it('drops what the server refuses for good, so the rest is not held up', async () => {
    stored.clear();
    const s = server((call) => (call.includes('gone') ? 404 : 201));
    const outbox = new BoothOutbox(s.transport, env());
    outbox.record('gone', 'connected');
    outbox.record('s3', 'connected');
    outbox.start();
    await outbox.drained();
    expect(s.calls).toEqual(['event gone connected', 'event s3 connected']);
  });

  it('keeps what got no answer, across a reload, and sends it once the link is back', async () => {
    stored.clear();
    let up = false;
    const s = server(() => (up ? 201 : 503));
    const first = new BoothOutbox(s.transport, env());
    first.record('s4', 'reconnecting');
    first.start();
    await new Promise((r) => setTimeout(r, 20));
    first.stop();
    expect(first.pending).toBe(1);
    // The kiosk reloads: a new outbox finds the event in storage.
    up = true;
    const second = new BoothOutbox(s.transport, env());
    expect(second.pending).toBe(1);
    second.start();
    second.linkBack();
    await second.drained();
    expect(s.calls).toEqual(['event s4 reconnecting', 'event s4 reconnecting']);
    expect((s.bodies[0] as { clientId: string }).clientId).toBe((s.bodies[1] as { clientId: string }).clientId);
  });
});
