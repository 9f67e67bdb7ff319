import { describe, expect, it } from 'vitest';
import { textStream } from './text-stream';

async function* pieces(fail = false) {
  yield '日時,操作\r\n';
  yield 'a,b\r\n';
  if (fail) throw new Error('read failed');
  yield 'c,d\r\n';
}

describe('textStream', () => {
  it('encodes every piece as UTF-8, in order', async () => {
    expect(await new Response(textStream(pieces())).text()).toBe('日時,操作\r\na,b\r\nc,d\r\n');
  });

  it('errors (not ends) when a piece fails, after what came before', async () => {
    const reader = textStream(pieces(true)).getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe('日時,操作\r\n');
    expect(decoder.decode((await reader.read()).value)).toBe('a,b\r\n');
    await expect(reader.read()).rejects.toThrow('read failed');
  });

  it('stops the source when the client cancels', async () => {
    let finished = false;
    async function* endless() {
      try {
        for (;;) yield 'x';
      } finally {
        finished = true;
      }
    }
    const reader = textStream(endless()).getReader();
    await reader.read();
    await reader.cancel();
    expect(finished).toBe(true);
  });
});
