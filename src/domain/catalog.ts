// The products a till sells. Prices are per unit, in cents, including tax; the server's catalog is the only
// source of prices (a screen sends skus and quantities, never prices).
import { z } from 'zod/mini';

export const catalogItemSchema = z.object({
  sku: z.string().check(z.minLength(1), z.maxLength(64)),
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  unitPrice: z.string().check(z.regex(/^[1-9]\d{0,7}$/, 'unitPrice must be whole cents, more than 0')),
  tax: z.string().check(z.regex(/^\d{1,2}(\.\d{1,2})?$/, 'tax must be a percentage such as "15"')),
  /** Age-restricted (alcohol, tobacco): Centrapay raises an ID check the cashier answers (§6.9). */
  restricted: z.optional(z.boolean()),
  /** Where the till files it ("Coffee", "Food"): the cashier's product picker groups by it. */
  category: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
});
export type CatalogItem = z.infer<typeof catalogItemSchema>;

export const catalogSchema = z.array(catalogItemSchema).check(
  z.minLength(1, 'the catalog is empty'),
  z.maxLength(2000),
  z.refine((items) => new Set(items.map((item) => item.sku)).size === items.length, 'every sku must be unique'),
);

/** The catalog's categories, in the order they first appear. */
export function catalogCategories(items: readonly CatalogItem[]): string[] {
  return [...new Set(items.flatMap((item) => (item.category ? [item.category] : [])))];
}

/**
 * The items a cashier's search finds, in catalog order: every word typed begins a word of the name, or the sku
 * starts with what was typed ("fl wh" finds Flat White, "food-mu" the muffin). Empty: all of them.
 */
export function searchCatalog(items: readonly CatalogItem[], query: string): CatalogItem[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...items];
  return items.filter((item) => {
    const nameWords = item.name.toLowerCase().split(/[\s-]+/);
    return item.sku.toLowerCase().startsWith(words.join(' ')) || words.every((word) => nameWords.some((nameWord) => nameWord.startsWith(word)));
  });
}

export const DEMO_CATALOG: readonly CatalogItem[] = [
  { sku: 'COFFEE-FW', name: 'Flat White', unitPrice: '550', tax: '15', category: 'Coffee' },
  { sku: 'COFFEE-LB', name: 'Long Black', unitPrice: '480', tax: '15', category: 'Coffee' },
  { sku: 'COFFEE-CAP', name: 'Cappuccino', unitPrice: '550', tax: '15', category: 'Coffee' },
  { sku: 'FOOD-MUF', name: 'Blueberry Muffin', unitPrice: '600', tax: '15', category: 'Food' },
  { sku: 'FOOD-CROI', name: 'Croissant', unitPrice: '520', tax: '15', category: 'Food' },
  { sku: 'DRINK-OJ', name: 'Orange Juice', unitPrice: '450', tax: '15', category: 'Drinks' },
  { sku: 'DRINK-BEER', name: 'Craft Beer', unitPrice: '900', tax: '15', restricted: true, category: 'Drinks' },
  { sku: 'COFFEE-LAT', name: 'Latte', unitPrice: '550', tax: '15', category: 'Coffee' },
  { sku: 'COFFEE-MOC', name: 'Mocha', unitPrice: '600', tax: '15', category: 'Coffee' },
  { sku: 'COFFEE-ESP', name: 'Espresso', unitPrice: '420', tax: '15', category: 'Coffee' },
  { sku: 'COFFEE-ICED', name: 'Iced Coffee', unitPrice: '650', tax: '15', category: 'Coffee' },
  { sku: 'DRINK-CHAI', name: 'Chai Latte', unitPrice: '580', tax: '15', category: 'Drinks' },
  { sku: 'DRINK-HOC', name: 'Hot Chocolate', unitPrice: '550', tax: '15', category: 'Drinks' },
  { sku: 'DRINK-TEA', name: 'English Breakfast Tea', unitPrice: '450', tax: '15', category: 'Drinks' },
  { sku: 'DRINK-SPW', name: 'Sparkling Water', unitPrice: '400', tax: '15', category: 'Drinks' },
  { sku: 'FOOD-TOAST', name: 'Ham and Cheese Toastie', unitPrice: '950', tax: '15', category: 'Food' },
  { sku: 'FOOD-BAGEL', name: 'Salmon Bagel', unitPrice: '1450', tax: '15', category: 'Food' },
  { sku: 'FOOD-BANB', name: 'Banana Bread', unitPrice: '580', tax: '15', category: 'Food' },
  { sku: 'FOOD-SCONE', name: 'Cheese Scone', unitPrice: '520', tax: '15', category: 'Food' },
  { sku: 'FOOD-CARS', name: 'Caramel Slice', unitPrice: '550', tax: '15', category: 'Food' },
  { sku: 'FOOD-FRIAND', name: 'Raspberry Friand', unitPrice: '500', tax: '15', category: 'Food' },
];
