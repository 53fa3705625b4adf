/** A search of the till's history (its sales, its tabs): what the cashier typed, the day, and the lane. */
export interface HistorySearch {
  q: string;
  date: string;
  /** '' for every lane. */
  lane: string;
}
