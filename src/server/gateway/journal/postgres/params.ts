// Values for a statement built a clause at a time: each value added answers its placeholder ($1, $2, …).
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** A placeholder per value, for `IN (…)`. */
  list(values: readonly unknown[]): string {
    return values.map((value) => this.add(value)).join(', ');
  }
}

/** `WHERE` for rows whose columns equal the values given (unset ones ignored) and, when given, with one of `statuses`. */
export function filterWhere(params: Params, equal: Record<string, string | undefined>, statuses?: readonly string[]): string {
  const clauses = Object.entries(equal).flatMap(([column, value]) => (value ? [`${column} = ${params.add(value)}`] : []));
  if (statuses) clauses.push(statuses.length ? `status IN (${params.list(statuses)})` : 'FALSE');
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}
