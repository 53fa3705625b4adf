// POST /api/history/at-centrapay/:shortCode: the sale Centrapay has under a short code, journaled here as found (read
// afresh from Centrapay) so that it can be refunded from its page like any sale; found before, it is that sale.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { foundSaleSchema, type FoundSale } from '../../../domain/found-sale';
import { cashierRequest } from '../../till/cashier-request';
import { atCentrapayPath } from './get-sale-at-centrapay';
import { historyKeys } from './history-keys';

export function journalSaleAtCentrapay(shortCode: string, input: { lane: string; operatorId: string }) {
  return cashierRequest(atCentrapayPath(shortCode), foundSaleSchema, { method: 'POST', body: input });
}

/** `onJournaled` is told the journaled sale (it opens it): here, since the look-up's screen goes once the search finds it. */
export function useJournalSaleAtCentrapay(shortCode: string, lane: string, onJournaled: (sale: FoundSale) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (operatorId: string) => journalSaleAtCentrapay(shortCode, { lane, operatorId }),
    onSuccess: (sale) => {
      queryClient.setQueryData(historyKeys.atCentrapay(shortCode, lane), sale);
      onJournaled(sale);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: historyKeys.all }),
  });
}
