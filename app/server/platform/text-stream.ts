/**
 * A response body from text made piece by piece (e.g. a CSV export read in batches): each piece is
 * UTF-8 encoded when the client is ready for it. A piece that fails errors the stream, so the
 * download breaks off instead of ending like a complete file; a client that goes away stops the
 * reading (the generator's finally blocks run).
 */
export function textStream(pieces: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pieces[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
