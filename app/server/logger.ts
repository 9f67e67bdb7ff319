import pino from 'pino';

/**
 * Structured JSON logs. Logs carry no personal data: request bodies are never logged, and
 * credentials are redacted wherever they might appear.
 */
export function createLogger(level: string) {
  return pino({
    level,
    base: { service: 'madoguchi' },
    serializers: {
      // drizzle puts a failed query's parameters into the error (a password hash, a TOTP secret…).
      err: (error: Error & { params?: unknown }) => {
        const out = pino.stdSerializers.err(error) as Record<string, unknown>;
        delete out.params;
        if (typeof out.message === 'string') out.message = out.message.replace(/params:[\s\S]*$/, 'params: [redacted]');
        return out;
      },
    },
    redact: {
      paths: ['authorization', 'cookie', '*.authorization', '*.cookie', 'password', '*.password', 'token', '*.token'],
      censor: '[redacted]',
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;
