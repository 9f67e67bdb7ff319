import { describe, expect, it } from 'vitest';
import { livekitHttpUrl } from './livekit-probe';

describe('livekitHttpUrl', () => {
  it("is LiveKit's HTTP address for its WebSocket URL", () => {
    expect(livekitHttpUrl('ws://10.0.0.2:7880')).toBe('http://10.0.0.2:7880');
    expect(livekitHttpUrl('wss://livekit.example.jp')).toBe('https://livekit.example.jp');
  });

  it('is null for anything that is not a WebSocket URL (nothing to probe)', () => {
    for (const url of ['', 'http://10.0.0.2:7880', 'livekit.example.jp']) expect(livekitHttpUrl(url)).toBeNull();
  });
});
