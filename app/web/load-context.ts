import type { AppContext } from '../server/context';

declare module '@remix-run/server-runtime' {
  interface AppLoadContext {
    app: AppContext;
  }
}

export {};
