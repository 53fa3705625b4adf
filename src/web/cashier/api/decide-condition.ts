// POST /api/lanes/:lane/conditions/:id/(accept|decline): the cashier's answer to a check Centrapay asks for (an ID
// check), for the lane's current sale.
import { postLaneAction, useLaneAction, type SaleAction } from './lane-action';

export type DecideCondition = SaleAction & { conditionId: string; decision: 'accept' | 'decline' };

export function decideCondition(lane: string, { ref, operatorId, conditionId, decision }: DecideCondition) {
  return postLaneAction(lane, `/conditions/${encodeURIComponent(conditionId)}/${decision}`, { ref, operatorId });
}

export function useDecideCondition(lane: string) {
  return useLaneAction(lane, (input: DecideCondition) => decideCondition(lane, input));
}
