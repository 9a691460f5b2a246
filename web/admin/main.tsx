// First: schemas built by the imports below must see it (see the module).
import './lib/zodConfig.js';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { queryClient } from './lib/queryClient.js';
import { currentLang } from '../shared/i18n.js';
import './admin.css';

document.documentElement.lang = currentLang();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
