/** Page titles in the user's language: meta functions read the texts the root loader sent. */
import type { MetaFunction } from '@remix-run/node';
import type { MessageKey } from './i18n';
import type { Messages } from './resources/ja';

type Match = { id: string; data: unknown };

export function textOf(matches: readonly Match[], key: MessageKey): string {
  const root = matches.find((m) => m.id === 'root')?.data as { resources?: Messages } | undefined;
  let node: unknown = root?.resources;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === 'string' ? node : key;
}

/** `[{ title: '<text> | Madoguchi' }]` for a route's meta export. */
export function pageTitle(matches: readonly Match[], key: MessageKey): { title: string }[] {
  return [{ title: `${textOf(matches, key)} | Madoguchi` }];
}

/**
 * `[{ title: '<name> | <area> | Madoguchi' }]` for a page within an area (administration, booth health):
 * named by its record when the loader gave one, else by `key`'s text.
 */
export function titleWithin(matches: readonly Match[], area: MessageKey, key: MessageKey, name?: string): { title: string }[] {
  return [{ title: `${name ?? textOf(matches, key)} | ${textOf(matches, area)} | Madoguchi` }];
}

/**
 * The meta of one record's page: titled by the record (`nameOf` the loader's data) within `area`,
 * else (no data: an error page) by `key`'s text.
 */
export function recordMeta<Loader>(
  area: MessageKey,
  key: MessageKey,
  nameOf: (data: NonNullable<Parameters<MetaFunction<Loader>>[0]['data']>) => string,
): MetaFunction<Loader> {
  return ({ data, matches }) => titleWithin(matches, area, key, data ? nameOf(data) : undefined);
}
