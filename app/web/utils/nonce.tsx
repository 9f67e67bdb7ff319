import { createContext, useContext } from 'react';

/** The response's CSP nonce, handed from entry.server to the document's script tags. */
const NonceContext = createContext('');

export const NonceProvider = NonceContext.Provider;

/** '' in the browser: the nonce matters only when the server renders the document. */
export const useNonce = () => useContext(NonceContext);
