// Recent payments of this lane with their short codes (checklist 103.5), straight from the journal.
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { z } from 'zod/mini';
import { apiRequest } from '../lib/api-client';
import { Money } from '../ui/money';

const historySchema = z.object({
  items: z.array(z.object({
    id: z.string(),
    shortCode: z.string(),
    externalRef: z.string(),
    amount: z.string(),
    currency: z.string(),
    status: z.string(),
    createdAt: z.string(),
  })),
});

export const historyKeys = { all: ['history'] as const, lane: (lane: string) => [...historyKeys.all, lane] as const };

export function getHistoryQueryOptions(lane: string) {
  return queryOptions({
    queryKey: historyKeys.lane(lane),
    queryFn: ({ signal }) => apiRequest(`/api/history?lane=${encodeURIComponent(lane)}&limit=10`, historySchema, { signal }),
    refetchInterval: 15_000,
  });
}

/** `refreshKey` changes when the lane's payment does, so the list shows a new status at once. */
export function HistoryPanel({ lane, refreshKey }: { lane: string; refreshKey: string }) {
  const history = useQuery(getHistoryQueryOptions(lane));
  const queryClient = useQueryClient();
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: historyKeys.lane(lane) });
  }, [lane, refreshKey, queryClient]);
  return (
    <section aria-labelledby="history-heading" className="history">
      <h2 id="history-heading">Recent payments</h2>
      {history.data?.items.length ? (
        <table>
          <thead><tr><th scope="col">Short code</th><th scope="col">Order</th><th scope="col">Amount</th><th scope="col">Status</th></tr></thead>
          <tbody>
            {history.data.items.map((item) => (
              <tr key={item.id}>
                <td>{item.shortCode}</td>
                <td>{item.externalRef}</td>
                <td><Money cents={item.amount} currency={item.currency} /></td>
                <td>{item.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p className="muted">No payments yet.</p>}
    </section>
  );
}
