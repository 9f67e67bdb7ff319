import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import '@livekit/components-styles';
import './booth.css';
import { App } from './App';
import { defaultTextSize, setTextSize } from './display/text-size';
import { i18n, setLanguage } from './i18n';
import { defaultLanguage } from './journey/vocabulary';

setLanguage(defaultLanguage);
setTextSize(defaultTextSize);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
