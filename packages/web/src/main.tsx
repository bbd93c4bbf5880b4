import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { applyLanguage } from './i18n/i18n.js';
import { loadLanguage, onLanguageSaved } from './i18n/languages.js';
import { registerServiceWorker } from './lib/register-service-worker.js';
import './styles.css';

// The chosen language's catalog is loaded before the first render, so the app
// never flashes English first; a failed load leaves English on screen.
await applyLanguage(loadLanguage()).catch((error: unknown) => console.error(error));
onLanguageSaved((language) => void applyLanguage(language));

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

registerServiceWorker();
