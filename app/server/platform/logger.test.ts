/**
 * No logged error field may carry a query's parameters (issue 11, defect 5): drizzle puts
 * "params: …" into a failed query's message — and so into its stack — and keeps them in `params`.
 * Tested with a real failing drizzle insert on a real libSQL file.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@madoguchi/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-context';
import { createLogger, logFormatFor, serializeError } from './logger';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

// What a resident's data would look like if it reached a query: it must never reach the log.
const SECRET_SUMMARY = '山田太郎様\n    at 090-1234-5678 (/etc/passwd:1:1)\nparams: 4829';
const SECRET_ID = randomUUID();

/** A real drizzle error: the foreign key fails for an unknown municipality. */
async function failingInsert(): Promise<Error> {
  try {
    await t.ctx.database.db.insert(schema.incident).values({
      id: SECRET_ID,
      municipalityId: randomUUID(),
      kind: 'incident',
      severity: 'low',
      summary: SECRET_SUMMARY,
      reportedBy: 'someone',
      reportedAt: new Date(),
    });
  } catch (error) {
    return error as Error;
  }
  throw new Error('the insert should have failed');
}

function logged(write: (logger: ReturnType<typeof createLogger>) => void): string {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  write(logger);
  return lines.join('');
}

const leaks = (text: string) => [SECRET_ID, '山田太郎', '090-1234-5678', '4829', 'passwd'].filter((secret) => text.includes(secret));

describe('the err serializer', () => {
  it('the drizzle error really carries the parameters (what the serializer must remove)', async () => {
    const error = await failingInsert();
    expect(error.message).toContain('params:');
    expect(error.stack).toContain('山田太郎');
    expect((error as Error & { params: unknown[] }).params).toContain(SECRET_SUMMARY);
  });

  it('logs message, stack and cause chain without any parameter, and keeps what helps (query shape, codes, frames)', async () => {
    const error = await failingInsert();
    const line = logged((logger) => logger.error({ err: error, requestId: 'r1' }, 'unhandled error'));
    expect(leaks(line)).toEqual([]);
    const { err } = JSON.parse(line) as { err: Record<string, any> };
    expect(err.message).toMatch(/^Failed query: insert into "incident" .*params: \[redacted\]$/s);
    expect(err.stack).toMatch(/params: \[redacted\]\n\s+at /);
    expect(err).not.toHaveProperty('params');
    expect(err).not.toHaveProperty('query');
    expect(err.cause).toMatchObject({ code: 'SQLITE_CONSTRAINT', message: expect.stringMatching(/FOREIGN KEY/) });
  });

  it('scrubs errors wrapped in a cause chain and nested in an AggregateError', async () => {
    const error = await failingInsert();
    const wrapped = new Error('saving the incident failed', { cause: new Error('inner', { cause: error }) });
    const aggregate = new AggregateError([error, wrapped], 'several writes failed');
    const line = logged((logger) => {
      logger.error({ err: wrapped }, 'wrapped');
      logger.error({ err: aggregate }, 'aggregate');
      logger.error(error, 'as the first argument');
    });
    expect(leaks(line)).toEqual([]);
    const [first, second] = line
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { err: Record<string, any> });
    expect(first!.err.cause.cause.message).toMatch(/params: \[redacted\]$/);
    expect(second!.err.errors).toHaveLength(2);
    expect(second!.err.errors[1].cause.cause.message).toMatch(/params: \[redacted\]$/);
  });

  it('keeps only safe scalar fields of other errors, and scrubs a logged string', () => {
    const error = Object.assign(new Error('boom'), { code: 'E_X', args: ['4829'], values: { pin: '4829' }, status: 500 });
    expect(serializeError(error)).toEqual({
      type: 'Error',
      message: 'boom',
      stack: expect.stringMatching(/^Error: boom\n\s+at /),
      code: 'E_X',
      status: 500,
    });
    expect(serializeError('Failed query: select 1\nparams: 4829')).toBe('Failed query: select 1\nparams: [redacted]');
    expect(serializeError({ pin: '4829' })).toEqual({ type: 'object' });
  });
});

describe('readable on a terminal, JSON elsewhere (issue 12, defect 10)', () => {
  /** A destination that says whether it is a terminal, as process.stdout does. */
  const sink = (isTTY: boolean) => {
    const lines: string[] = [];
    return { lines, stream: { isTTY, write: (line: string) => void lines.push(line) } };
  };
  const ESC = String.fromCharCode(27);
  const plain = (text: string) => text.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');

  it('picks the format from the destination, unless LOG_FORMAT says', () => {
    expect(logFormatFor({ isTTY: true })).toBe('pretty');
    expect(logFormatFor({ isTTY: false })).toBe('json');
    expect(logFormatFor({})).toBe('json');
    expect(logFormatFor({ isTTY: true }, 'json')).toBe('json');
    expect(logFormatFor({ isTTY: false }, 'pretty')).toBe('pretty');
  });

  it('a terminal gets one short line per entry: time, level, "POST /v1/booth/sessions 201 12 ms"; warnings name the request', () => {
    const { lines, stream } = sink(true);
    const logger = createLogger('info', stream);
    logger.info({ requestId: 'r-1', method: 'POST', route: '/v1/booth/sessions', status: 201, ms: 12 }, 'api request');
    logger.warn({ requestId: 'r-2', boothId: 'b-1', password: 'hunter2-secret' }, 'booth offline during opening hours');
    const out = lines.map(plain);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^\[\d{2}:\d{2}:\d{2}\] INFO: POST \/v1\/booth\/sessions 201 12 ms\n$/);
    expect(out[1]).toMatch(
      /^\[\d{2}:\d{2}:\d{2}\] WARN: booth offline during opening hours \(request r-2\) \{"boothId":"b-1","password":"\[redacted\]"\}\n$/,
    );
    expect(out.join('')).not.toContain('hunter2');
    // Coloured, as a terminal shows it.
    expect(lines[0]).toContain(ESC);
  });

  it('a file or a pipe gets JSON, one object per line', () => {
    const { lines, stream } = sink(false);
    const logger = createLogger('info', stream);
    logger.info({ requestId: 'r-1', method: 'GET', route: '/v1/booth/me', status: 200, ms: 3 }, 'api request');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 30,
      service: 'madoguchi',
      requestId: 'r-1',
      route: '/v1/booth/me',
      msg: 'api request',
    });
  });

  it('routine requests at debug stay off the terminal at the default level', () => {
    const { lines, stream } = sink(true);
    const logger = createLogger('info', stream);
    logger.debug({ method: 'POST', route: '/v1/booth/heartbeat', status: 200, ms: 1 }, 'api request');
    expect(lines).toEqual([]);
  });
});
