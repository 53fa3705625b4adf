/** The lane a screen belongs to: `?lane=` in the address, else the first lane the till has. */
export function laneFromLocation(firstLane: string | undefined, search: string = window.location.search): string | undefined {
  return new URLSearchParams(search).get('lane')?.trim() || firstLane;
}
