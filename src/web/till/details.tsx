// What people do not need to read but support may ask for — Payment Request ids, asset types, the journal as written —
// kept under one closed disclosure at the foot of a back-office page.
import type { ReactNode } from 'react';
import './back-office.css';

export function Details({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <details className="till-card till-details" data-testid={testId}>
      <summary>Details</summary>
      <div className="till-details-body">{children}</div>
    </details>
  );
}
