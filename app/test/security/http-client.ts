import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A plain node:http request, so a test controls what fetch would hide: the exact body bytes,
 * chunked or fixed length, the Origin header, and which pooled connection carries it.
 */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: Buffer | string | (() => AsyncIterable<Buffer>);
    agent?: http.Agent;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, ...(options.agent ? { agent: options.agent } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const body = options.body;
    if (typeof body === 'function') {
      void (async () => {
        try {
          for await (const chunk of body()) {
            // The server may refuse and close mid-body: stop writing then.
            if (req.destroyed || !req.write(chunk)) await new Promise((r) => (req.destroyed ? r(undefined) : req.once('drain', r)));
            if (req.destroyed) return;
          }
          req.end();
        } catch (error) {
          req.destroy(error as Error);
        }
      })();
    } else {
      req.end(body);
    }
  });
}

/** `count` chunks of `size` bytes, sent chunked (no Content-Length). */
export function chunks(count: number, size: number, byte = 0x61): () => AsyncIterable<Buffer> {
  return async function* () {
    const chunk = Buffer.alloc(size, byte);
    for (let i = 0; i < count; i++) yield chunk;
  };
}
