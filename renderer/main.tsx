import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider, localStorageColorSchemeManager } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { initApi } from './api';
import { App } from './App';
import { cssVariablesResolver, theme } from './theme';

async function boot() {
  // Development only: `npx vite` with `?mock` runs the UI against an in-memory fake of the contract.
  if (import.meta.env.DEV && new URLSearchParams(window.location.search).has('mock')) {
    const { installMockBridge } = await import('../test/renderer/mock-bridge');
    installMockBridge();
  }
  initApi();
  const colorSchemeManager = localStorageColorSchemeManager({ key: 'switchboard-color-scheme' });
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager}>
        <Notifications position="bottom-right" limit={4} />
        <App />
      </MantineProvider>
    </StrictMode>,
  );
}

void boot();
