// The till's products, keyboard-first: a search (a letter typed anywhere on the till starts it; Enter adds the first
// match, Escape clears it) and the catalog's categories, over the product buttons. Each button adds one to the cart,
// while the lane takes cart changes.
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { catalogCategories, searchCatalog, type CatalogItem } from '../../domain/catalog';
import { useCartStore } from '../cart/cart-store';
import { useCatalog } from '../config/api/get-catalog';
import { errorMessage } from '../lib/api-client';
import { Money } from '../ui/money';

const ALL = 'All';

// Drawn again only when the lane starts or stops taking cart changes, not at every step of a payment the till redraws.
export const ProductPicker = memo(function ProductPicker({ lane, editable }: { lane: string; editable: boolean }) {
  const catalog = useCatalog();
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState(ALL);
  const search = useTypeToSearch();
  const items = catalog.data ?? [];
  const categories = catalogCategories(items);
  // A search looks through every category: the cashier typing a name wants it wherever it is filed.
  const shown = query.trim() ? searchCatalog(items, query) : items.filter((item) => category === ALL || item.category === category);
  const add = (item: CatalogItem) => useCartStore.getState().add(lane, item.sku);
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') setQuery('');
    if (event.key !== 'Enter' || !query.trim()) return;
    event.preventDefault();
    const first = shown[0];
    if (first && editable) add(first);
    setQuery('');
    // The search gives focus back, so that a scanner's next code is read as a scan, not typed into it.
    event.currentTarget.blur();
  };
  return (
    <section aria-labelledby="catalog-heading" className="catalog">
      <h2 id="catalog-heading" className="visually-hidden">Products</h2>
      <div className="catalog-filters">
        <input ref={search} type="search" className="catalog-search" aria-label="Search products" placeholder="Search products (type a name, Enter adds it)"
          value={query} onChange={(event) => setQuery(event.target.value)} onKeyDown={onSearchKey} />
        {categories.length > 0 && (
          <div className="catalog-categories" role="group" aria-label="Categories">
            {[ALL, ...categories].map((name) => (
              <button key={name} type="button" aria-pressed={!query.trim() && category === name} onClick={() => { setCategory(name); setQuery(''); }}>{name}</button>
            ))}
          </div>
        )}
      </div>
      {catalog.isError && <p role="alert" className="error">{errorMessage(catalog.error)}</p>}
      {!catalog.data && !catalog.isError && <p className="muted">Loading products…</p>}
      {catalog.data && shown.length === 0 && <p className="muted" role="status">No product matches “{query.trim()}”.</p>}
      <div className="catalog-grid">
        {shown.map((item) => (
          <button key={item.sku} type="button" className="product" disabled={!editable} onClick={() => add(item)}>
            {/* The name a screen reader says begins with what is on the button (WCAG 2.5.3, label in name). */}
            <span className="product-name"><span className="visually-hidden">Add </span>{item.name}</span>
            <Money cents={item.unitPrice} />
          </button>
        ))}
      </div>
    </section>
  );
});

/** A letter typed while nothing else takes keys (no field, no modifier) starts the product search with it. */
function useTypeToSearch() {
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      const target = event.target;
      const inField = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement ||
        (target instanceof HTMLElement && target.isContentEditable);
      if (inField || event.ctrlKey || event.metaKey || event.altKey || !/^\p{L}$/u.test(event.key) || !field.current) return;
      // Focus first: the key then lands in the search as typed.
      field.current.focus();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
  return field;
}
