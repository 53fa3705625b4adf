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
});
export type CatalogItem = z.infer<typeof catalogItemSchema>;

export const catalogSchema = z.array(catalogItemSchema).check(
  z.minLength(1, 'the catalog is empty'),
  z.maxLength(2000),
  z.refine((items) => new Set(items.map((item) => item.sku)).size === items.length, 'every sku must be unique'),
);

export const DEMO_CATALOG: readonly CatalogItem[] = [
  { sku: 'COFFEE-FW', name: 'Flat White', unitPrice: '550', tax: '15' },
  { sku: 'COFFEE-LB', name: 'Long Black', unitPrice: '480', tax: '15' },
  { sku: 'COFFEE-CAP', name: 'Cappuccino', unitPrice: '550', tax: '15' },
  { sku: 'FOOD-MUF', name: 'Blueberry Muffin', unitPrice: '600', tax: '15' },
  { sku: 'FOOD-CROI', name: 'Croissant', unitPrice: '520', tax: '15' },
  { sku: 'DRINK-OJ', name: 'Orange Juice', unitPrice: '450', tax: '15' },
  { sku: 'DRINK-BEER', name: 'Craft Beer', unitPrice: '900', tax: '15', restricted: true },
  { sku: 'COFFEE-LAT', name: 'Latte', unitPrice: '550', tax: '15' },
  { sku: 'COFFEE-MOC', name: 'Mocha', unitPrice: '600', tax: '15' },
  { sku: 'COFFEE-ESP', name: 'Espresso', unitPrice: '420', tax: '15' },
  { sku: 'COFFEE-ICED', name: 'Iced Coffee', unitPrice: '650', tax: '15' },
  { sku: 'DRINK-CHAI', name: 'Chai Latte', unitPrice: '580', tax: '15' },
  { sku: 'DRINK-HOC', name: 'Hot Chocolate', unitPrice: '550', tax: '15' },
  { sku: 'DRINK-TEA', name: 'English Breakfast Tea', unitPrice: '450', tax: '15' },
  { sku: 'DRINK-SPW', name: 'Sparkling Water', unitPrice: '400', tax: '15' },
  { sku: 'FOOD-TOAST', name: 'Ham and Cheese Toastie', unitPrice: '950', tax: '15' },
  { sku: 'FOOD-BAGEL', name: 'Salmon Bagel', unitPrice: '1450', tax: '15' },
  { sku: 'FOOD-BANB', name: 'Banana Bread', unitPrice: '580', tax: '15' },
  { sku: 'FOOD-SCONE', name: 'Cheese Scone', unitPrice: '520', tax: '15' },
  { sku: 'FOOD-CARS', name: 'Caramel Slice', unitPrice: '550', tax: '15' },
  { sku: 'FOOD-FRIAND', name: 'Raspberry Friand', unitPrice: '500', tax: '15' },
];
