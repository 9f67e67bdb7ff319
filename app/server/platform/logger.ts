import pino, { type DestinationStream } from 'pino';
import { prettyFactory } from 'pino-pretty';

/** 'pretty': one short readable line per entry (a terminal); 'json': one JSON object per line (files, pipes, collectors). */
export type LogFormat = 'pretty' | 'json';
/** Where logs go: any writable; `isTTY` is what a terminal's stream says. */
export type LogDestination = DestinationStream & { isTTY?: boolean };

/** Readable on a terminal, JSON everywhere else (a file, a pipe, a service manager): unless LOG_FORMAT says. */
export function logFormatFor(destination: { isTTY?: boolean }, setting: 'auto' | LogFormat = 'auto'): LogFormat {
  if (setting !== 'auto') return setting;
  return destination.isTTY === true ? 'pretty' : 'json';
}

/** Fields the pretty line shows in its message (or not at all), so they are not repeated after it. */
const PRETTY_HIDDEN = 'pid,hostname,service,requestId,method,route,status,ms';
const WARN = 40;

/** "POST /v1/booth/sessions 201 12 ms" for a request; the message (and the request id from warn up) otherwise. */
export function prettyMessage(log: Record<string, unknown>, messageKey = 'msg'): string {
  const message = String(log[messageKey] ?? '');
  if (message === 'api request' && typeof log.method === 'string')
    return `${log.method} ${String(log.route ?? '')} ${String(log.status ?? '')} ${String(log.ms ?? '')} ms`;
  const level = typeof log.level === 'number' ? log.level : 0;
  return level >= WARN && typeof log.requestId === 'string' ? `${message} (request ${log.requestId})` : message;
}

/**
 * Logs carry no personal data: request bodies are never logged, and credentials are redacted
 * wherever they might appear. JSON, or readable lines on a terminal (`format`, by default from
 * the destination: logFormatFor); the default destination is standard output.
 */
export function createLogger(level: string, destination?: LogDestination, setting: 'auto' | LogFormat = 'auto') {
  const target = destination ?? process.stdout;
  const format = logFormatFor(target, setting);
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
    format === 'pretty' ? prettyStream(target) : destination,
  );
}

/**
 * pino's JSON line made readable, written at once (pino-pretty's formatter, not its transport:
 * no worker thread, and nothing lost if the process stops right after a line).
 */
function prettyStream(target: LogDestination): DestinationStream {
  const prettify = prettyFactory({
    colorize: target.isTTY === true,
    translateTime: 'SYS:HH:MM:ss',
    singleLine: true,
    ignore: PRETTY_HIDDEN,
    messageFormat: (log, messageKey) => prettyMessage(log, messageKey),
  });
  return { write: (line: string) => void target.write(prettify(line)) };
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
