import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { Router } from './app/router';
import { isRefusal } from './lib/api-client';
import './ui/styles.css';

const queryClient = new QueryClient({
  // A refusal (a lane that does not exist, a code required) is said at once; only failures to get an answer are retried.
  defaultOptions: { queries: { retry: (failures, error) => failures < 2 && !isRefusal(error), retryDelay: (attempt) => Math.min(500 * 2 ** attempt, 4000) } },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Suspense fallback={<main className="screen-message">Loading…</main>}>
        <Router />
      </Suspense>
    </QueryClientProvider>
  </StrictMode>,
);
