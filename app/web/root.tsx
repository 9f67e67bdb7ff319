import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  type ShouldRevalidateFunction,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { useMemo } from 'react';
import { I18nextProvider } from 'react-i18next';
import './load-context';
import { createI18n, defaultUiLanguage, useT } from './i18n/i18n';
import { languageOf, messages } from './i18n/language.server';
import type { Messages } from './i18n/resources/ja';
import styles from './styles.css?url';
import { useNonce } from './utils/nonce';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

/** The user's language and its texts: the server renders with them and the browser hydrates with the same. */
export async function loader({ request }: LoaderFunctionArgs) {
  const language = await languageOf(request);
  return { language, resources: messages[language] };
}

/**
 * Only the language switch changes what the root loads (and it reloads the document anyway), so polling
 * pages and other actions never fetch the texts again.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction }) => formAction === '/language';

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>('root');
  const language = data?.language ?? defaultUiLanguage;
  const resources = data?.resources;
  // Without root data (its loader failed) keys show as they are; the error page still renders.
  const i18n = useMemo(() => createI18n(language, resources ?? noMessages), [language, resources]);
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>{children}</I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

const noMessages = {} as Messages;

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const { t } = useT();
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <main className="page">
      <h1>{status === 404 ? t('errors.pageNotFound') : t('errors.somethingWentWrong')}</h1>
      <p>
        <a href="/">{t('common.backToStart')}</a>
      </p>
    </main>
  );
}
