/**
 * Route tests: a Remix route's real loader and action, called with real requests against the real
 * test database (createTestApp), and its page rendered with what they returned (createRemixStub, as
 * the browser would show it after the submit; server-rendered, so no DOM is needed).
 */
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from '@remix-run/node';
import { createRemixStub } from '@remix-run/testing';
import type { ComponentType } from 'react';
import { renderToString } from 'react-dom/server';
import type { TestApp } from './test-context';

const origin = 'http://127.0.0.1';

export function loadContext(app: TestApp): AppLoadContext {
  return { app: app.ctx, clientAddress: '127.0.0.1', requestId: 'route-test', cspNonce: 'route-test' };
}

/** A form post as a browser sends it, logged in as `loginId` (repeated fields: an array). */
export async function formPost(
  app: TestApp,
  loginId: string,
  path: string,
  fields: Record<string, string | readonly string[]>,
): Promise<Request> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of typeof value === 'string' ? [value] : value) body.append(name, v);
  return new Request(`${origin}${path}`, {
    method: 'POST',
    headers: { Cookie: await app.cookieFor(loginId), 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
    body,
  });
}

export async function pageGet(app: TestApp, loginId: string, path: string): Promise<Request> {
  return new Request(`${origin}${path}`, { headers: { Cookie: await app.cookieFor(loginId) } });
}

/** What an action or loader returned: its status and data (`data(…, status)`), or the Response it returned or threw. */
export async function outcome(run: () => Promise<unknown>): Promise<{ status: number; data: unknown; response: Response | null }> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: null, response: thrown };
    throw thrown;
  }
  if (value instanceof Response) return { status: value.status, data: null, response: value };
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'DataWithResponseInit') {
    const { data, init } = value as { data: unknown; init: ResponseInit | null };
    return { status: init?.status ?? 200, data, response: null };
  }
  return { status: 200, data: value, response: null };
}

/** A form post to the route's action as `loginId` (the admin unless told): its outcome, and the errors conform puts at each field. */
export async function postAction(
  app: TestApp,
  route: Pick<RouteModule, 'action'>,
  path: string,
  params: Record<string, string>,
  fields: Record<string, string | readonly string[]>,
  loginId = 'admin',
) {
  const request = await formPost(app, loginId, path, fields);
  const result = await outcome(() => route.action!({ request, context: loadContext(app), params }));
  const errors = (result.data as { result?: { error?: Record<string, string[]> | null } } | null)?.result?.error ?? {};
  return { ...result, errors };
}

interface RouteModule {
  default: ComponentType;
  loader?: (args: LoaderFunctionArgs) => Promise<unknown>;
  action?: (args: ActionFunctionArgs) => Promise<unknown>;
}

/** The route's page at `url`, rendered with its loader's data and (after a submit) its action's. */
export function renderRoute(route: RouteModule, pattern: string, url: string, loaderData: unknown, actionData?: unknown): string {
  const id = 'route';
  const Stub = createRemixStub([{ id, path: pattern, Component: route.default, loader: route.loader, action: route.action }]);
  // React warns that the router's layout effects do nothing on the server: true, and not the test's concern.
  const error = console.error;
  console.error = (...args: unknown[]) => {
    if (!String(args[0]).includes('useLayoutEffect does nothing on the server')) error(...args);
  };
  try {
    const hydrationData = { loaderData: { [id]: loaderData }, ...(actionData === undefined ? {} : { actionData: { [id]: actionData } }) };
    return renderToString(<Stub initialEntries={[url]} hydrationData={hydrationData} />);
  } finally {
    console.error = error;
  }
}

/** Text of the page without tags and with entities decoded, for `toContain`. */
export function pageText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
