import pino, { type DestinationStream } from 'pino';

/**
 * Structured JSON logs. Logs carry no personal data: request bodies are never logged, and
 * credentials are redacted wherever they might appear.
 */
export function createLogger(level: string, destination?: DestinationStream) {
  return pino(
    {
      level,
      base: { service: 'madoguchi' },
      serializers: { err: serializeError },
      redact: {
        paths: ['authorization', 'cookie', '*.authorization', '*.cookie', 'password', '*.password', 'token', '*.token'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type Logger = ReturnType<typeof createLogger>;

/** drizzle ends a failed query's message with its parameters (a summary, a password hash…). */
const PARAMS = /\bparams:[\s\S]*$/;
const scrub = (text: string) => text.replace(PARAMS, 'params: [redacted]');
/** Scalar fields that say what failed without saying with which values. */
const SAFE_FIELDS = ['code', 'extendedCode', 'rawCode', 'errno', 'syscall', 'status', 'statusCode'] as const;
const MAX_DEPTH = 5;
const MAX_NESTED = 10;
/** A V8 stack frame: "    at fn (/path/file.ts:1:2)", "    at /path/file.ts:1:2", "    at node:internal…". */
const FRAME = /^\s+at (?:.+ \()?(?:file:\/\/|node:|\/|[A-Za-z]:\\|<anonymous>|native)[^\n]*\)?$/;

/**
 * The stack's frames only, behind the scrubbed message. V8 begins a stack with "Name: message" as
 * it was when thrown; query parameters inside it are dropped with the header, so a parameter that
 * spans lines (or looks like a frame) cannot survive.
 */
function framesOf(error: Error): string {
  const stack = typeof error.stack === 'string' ? error.stack : '';
  const header = error.message ? `${error.name}: ${error.message}` : error.name;
  const rest = stack.startsWith(header) ? stack.slice(header.length) : stack;
  return rest
    .split('\n')
    .filter((line) => FRAME.test(line) && !PARAMS.test(line))
    .join('\n');
}

/**
 * pino's `err` serializer: type, message, stack, safe codes, the cause chain and nested errors
 * (AggregateError), each scrubbed of query parameters. Every other field of an error is left out —
 * drizzle's `params` and `query`, a client's `args` — so no field can carry what a query held.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (typeof error === 'string') return scrub(error);
  if (!(error instanceof Error)) return error === null || error === undefined ? error : { type: typeof error };
  const message = scrub(error.message);
  const frames = framesOf(error);
  const out: Record<string, unknown> = {
    type: error.constructor?.name ?? error.name,
    message,
    stack: `${error.name}: ${message}${frames ? `\n${frames}` : ''}`,
  };
  const fields = error as unknown as Record<string, unknown>;
  for (const field of SAFE_FIELDS) {
    const value = fields[field];
    if (typeof value === 'number' || typeof value === 'boolean') out[field] = value;
    else if (typeof value === 'string') out[field] = scrub(value).slice(0, 100);
  }
  if (depth < MAX_DEPTH) {
    if (error.cause !== undefined) out.cause = serializeError(error.cause, depth + 1);
    const nested = fields.errors;
    if (Array.isArray(nested)) out.errors = nested.slice(0, MAX_NESTED).map((e) => serializeError(e, depth + 1));
  }
  return out;
}
