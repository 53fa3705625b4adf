// POST /api/holds: opens a tab on a lane; the customer approves the authorisation by the QR code on its display.
import { holdViewSchema } from '../../../domain/pre-auth';
import { cashierRequest } from '../../till/cashier-request';
import { useHoldAction } from './hold-action';

export interface OpenTab {
  lane: string;
  amount: string;
  label: string;
  operatorId: string;
}

export function openTab(input: OpenTab) {
  return cashierRequest('/api/holds', holdViewSchema, { method: 'POST', body: input });
}

export function useOpenTab() {
  return useHoldAction(openTab);
}
