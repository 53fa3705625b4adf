// Which store each lane's or machine's rows are under in SQLite: read at start-up, so a place taken out of the
// configuration while it still had business with Centrapay is finished with its own store's account.
import type { PlaceRepository, PlaceStore } from '../journal';
import type { SqliteConnection } from './connection';
import { UNFINISHED as UNFINISHED_HOLD } from './hold-repository';
import { UNFINISHED as UNFINISHED_VEND } from './vend-repository';

/**
 * Every lane's saved state (what business it has is in its JSON; a sale's refunds are its lane's), and the holds and
 * vends with business left.
 */
const PLACE_STORES = `SELECT id AS place, store FROM lanes
  UNION SELECT owner, store FROM holds WHERE ${UNFINISHED_HOLD}
  UNION SELECT machine, store FROM vends WHERE ${UNFINISHED_VEND}
  ORDER BY place, store`;

export class SqlitePlaceRepository implements PlaceRepository {
  constructor(private readonly conn: SqliteConnection) {}

  async stores(): Promise<PlaceStore[]> {
    return this.conn.db.prepare(PLACE_STORES).all() as PlaceStore[];
  }
}
