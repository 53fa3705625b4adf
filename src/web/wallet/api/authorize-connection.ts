// POST /sandbox/api/connections/:id/authorize: the rewards wallet links itself to the till's sale.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { connectionSchema } from '../../../domain/centrapay';
import { REWARDS_WALLET } from '../../../domain/sandbox-seeds';
import { apiRequest } from '../../lib/api-client';
import { asWallet, connectionPath, walletKeys } from './wallet-keys';

export function authorizeConnection(id: string) {
  return apiRequest(`${connectionPath(id)}/authorize`, connectionSchema, {
    method: 'POST',
    headers: asWallet,
    body: { walletId: REWARDS_WALLET.walletId },
  });
}

export function useAuthorizeConnection(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => authorizeConnection(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: walletKeys.connection(id) }),
  });
}
