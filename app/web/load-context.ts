import type { AppContext } from '../server/platform/context';

declare module '@remix-run/server-runtime' {
  interface AppLoadContext {
    app: AppContext;
    /** For per-address login limits. */
    clientAddress: string;
    /** This request's id (X-Request-Id), carried into the audit entries it causes. */
    requestId: string;
    /** This response's Content-Security-Policy nonce, for Remix's inline scripts. */
    cspNonce: string;
  }
}

export {};
