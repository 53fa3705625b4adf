// The demo catalog. Prices are per unit, in cents, including 15% GST.
export interface CatalogItem {
  sku: string;
  name: string;
  unitPrice: string;
  tax: string;
}

export const DEMO_CATALOG: readonly CatalogItem[] = [
  { sku: 'COFFEE-FW', name: 'Flat White', unitPrice: '550', tax: '15' },
  { sku: 'COFFEE-LB', name: 'Long Black', unitPrice: '480', tax: '15' },
  { sku: 'COFFEE-CAP', name: 'Cappuccino', unitPrice: '550', tax: '15' },
  { sku: 'FOOD-MUF', name: 'Blueberry Muffin', unitPrice: '600', tax: '15' },
  { sku: 'FOOD-CROI', name: 'Croissant', unitPrice: '520', tax: '15' },
  { sku: 'DRINK-OJ', name: 'Orange Juice', unitPrice: '450', tax: '15' },
];
