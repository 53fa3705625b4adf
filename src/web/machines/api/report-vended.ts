// POST /api/machines/:id/vends/:vendId/vended, as the machine: the product came out.
import { vendViewSchema } from '../../../domain/machine';
import { apiRequest } from '../../lib/api-client';
import { asMachine, machinePath } from './machine-keys';

export function reportVended(id: string, key: string, vendId: string) {
  return apiRequest(`${machinePath(id)}/vends/${encodeURIComponent(vendId)}/vended`, vendViewSchema, { method: 'POST', body: {}, headers: asMachine(key) });
}
