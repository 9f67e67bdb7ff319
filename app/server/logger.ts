import pino from 'pino';

/**
 * Structured JSON logs. Logs carry no personal data: request bodies are never logged, and
 * credentials are redacted wherever they might appear.
 */
export function createLogger(level: string) {
  return pino({
    level,
    base: { service: 'madoguchi' },
    redact: {
      paths: ['authorization', 'cookie', '*.authorization', '*.cookie', 'password', '*.password', 'token', '*.token'],
      censor: '[redacted]',
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;
