import type { AppContext } from '../server/context';

declare module '@remix-run/server-runtime' {
  interface AppLoadContext {
    app: AppContext;
    /** For per-address login limits. */
    clientAddress: string;
  }
}

export {};
