// Every word a patron reads, in English (en-NZ). The shape of this object is the shape of every other catalog
// (mi-NZ.ts is typed with it), and i18next checks keys against it at compile time (i18n.ts).
import { PAYMENT_CODE_WORDS } from '../../domain/centrapay';

export const enNZ = {
  /** The language's own name, in itself: the switch offers the other language by this name. */
  language: { name: 'English' },
  common: {
    reference: 'Reference {{code}}',
    stillToPay: 'Still to pay',
    paidBy: 'Paid by',
    items: 'Items',
    total: 'Total',
    quantity: '{{qty}} ×',
  },
  cart: { beforeDiscounts: 'Before discounts' },
  tender: { cash: 'Cash', card: 'Card (external)' },
  /** The heading of a finished payment, as the patron is told it. */
  payment: {
    paid: 'Payment successful',
    cancelled: 'Payment cancelled',
    expired: 'Payment expired',
    notCompleted: 'Payment not completed',
  },
  display: {
    connecting: 'Connecting…',
    idle: { title: 'Welcome', hint: 'Pay with Centrapay at this counter.' },
    order: 'Your order',
    walletConnected: 'Connected: {{wallet}}',
    yourWallet: 'your wallet',
    amountDue: 'Amount due',
    timeLeft: 'Time left',
    connect: {
      title: 'Get your rewards',
      qrLabel: 'Scan to connect your wallet',
      hint: 'Scan with your wallet app to connect',
    },
    pay: {
      qrLabel: 'Scan to pay with Centrapay',
      hint: 'Scan with your Centrapay app',
      restHint: 'Pay the rest with Centrapay, or at the counter',
      approveHint: 'Approve the payment in your app',
    },
    alreadyPaid: 'Already paid',
    payRestAtCounter: 'Please pay the rest at the counter.',
    change: 'Your change',
    result: { thankYou: 'Thank you!', walletNotConnected: 'Wallet not connected' },
    /** What the lane is waiting on, while nobody should scan. */
    step: {
      starting: 'Starting payment…',
      checking: 'Checking with Centrapay…',
      cancelling: 'Cancelling…',
      recording: 'Recording your payment…',
      refunding: 'Refunding…',
      cashierChecking: 'The cashier is checking…',
    },
    check: {
      id: 'The cashier is checking your ID',
      order: 'The cashier is checking your order',
      answerInApp: 'Please answer the question in your app',
    },
    receiptQr: { title: 'Scan for your receipt', label: 'QR code linking to your receipt' },
    /** The idle (attract) and thank-you screens. */
    attract: {
      welcome: 'Welcome',
      payHere: 'Pay with Centrapay here',
      thankYou: 'Thank you',
      thanksForShopping: 'Thank you for shopping with {{merchant}}',
      thanksForShoppingWithUs: 'Thank you for shopping with us',
      seeYouSoon: 'See you again soon',
      merchantLogo: 'Merchant logo',
      clockLabel: 'The time',
    },
    /** The display's link to the till. */
    link: { reconnecting: 'Reconnecting…' },
    /** Setting up a tablet as a lane's display (Add a display on the till). */
    setup: {
      title: 'Set up this display',
      chooseLane: 'Or choose the lane it shows',
      codeLabel: 'Code from the till',
      codeHint: 'On the till, press Add a display: it shows this code under its QR code.',
      open: 'Open the display',
      checking: 'Checking the code…',
      badFormat: 'A code from the till has 6 letters and digits, like {{example}}.',
      opening: 'Opening the display…',
    },
  },
  /** Centrapay's business-rule codes (errors and cancel reasons), keyed by code. */
  centrapay: PAYMENT_CODE_WORDS,
  /** A card or voucher the patron showed, named by its provider (`name`), when Centrapay turned it down. */
  presentedCode: {
    declined: '{{name}} declined: it has no balance, or not enough for this sale.',
    inactive: '{{name}} cannot be used: it has expired or is not active.',
  },
  error: {
    /** A code Centrapay sent that has no words of its own. */
    centrapay: 'Centrapay said: {{code}}',
    generic: 'Something went wrong.',
    network: 'Cannot reach the till’s server. Check the network connection.',
    /** In place of the till's own note, which is written in English for the cashier. */
    askCashier: 'Ask the cashier about this payment.',
  },
  wallet: {
    badge: 'Sandbox wallet',
    loading: 'Loading payment…',
    payAs: 'Pay as',
    payAsPatron: 'Pay as {{name}}',
    paying: 'Paying…',
    payPart: 'Pay part of it ($)',
    payPartButton: 'Pay part',
    decline: 'Decline',
    myCodes: 'My codes',
    /** What each seeded patron's wallet holds. */
    patronBalance: '{{amount}} in Centrapay NZD',
    patronSwitchedOff: 'Wallet switched off',
    status: {
      paid: 'Paid. Thank you!',
      expired: 'This payment has expired.',
      cancelled: 'This payment was cancelled.',
    },
    conditions: 'Conditions',
    conditionStatus: {
      'awaiting-merchant': 'waiting for the cashier',
      'awaiting-patron': 'waiting for you',
      accepted: 'accepted',
      declined: 'declined',
      void: 'no longer needed',
    },
    connect: {
      intro: 'Connect to {{merchant}} to get your rewards on this sale.',
      theMerchant: 'the merchant',
      connecting: 'Connecting…',
      button: 'Connect {{wallet}}',
      waiting: 'Connected. Waiting for the till…',
      connectedTo: 'Connected to {{merchant}}',
      offerApplied: 'Offer applied. Pay the rest at the counter.',
      noOffers: 'No offers apply to this sale.',
      applyOffer: 'Apply offer: 20% off coffee (−{{amount}})',
    },
    saleStatus: {
      new: 'This sale is new.',
      paid: 'This sale is paid.',
      cancelled: 'This sale is cancelled.',
      expired: 'This sale is expired.',
    },
    codes: {
      patron: 'Patron',
      codeOf: '{{name}}’s code',
      showIt: 'Show it at the till, or read the digits out. The payment it starts appears below for you to approve.',
      waiting: 'Waiting for your approval',
      paidTo: 'Paid {{amount}} to {{merchant}}.',
      declinedTo: 'You declined the payment to {{merchant}}.',
      looking: 'Looking for a payment…',
      nothing: 'Nothing to approve. When the till scans your code, the payment appears here.',
      paymentTo: 'Payment to {{merchant}}',
      cashierChecks: 'The cashier has to check something before you can pay.',
      confirmBefore: 'Confirm before you pay',
      confirm: 'Confirm',
      approve: 'Approve',
      testCards: 'Test cards and vouchers',
      quickPay:
        'Quick Pay: the till charges these without asking anyone, when it first checks the payment. Balances shown are the seeded ones; a sandbox reset restores them.',
      heading: '{{type}}: {{note}}',
      barcode: 'Barcode {{value}}',
      /** What a seeded card or voucher holds. */
      cardActive: 'Active, {{amount}}',
      cardEmpty: 'Active, no balance',
      voucherHolds: 'Holds {{amount}}',
      expired: 'Expired',
      inactive: 'Inactive',
    },
  },
  receipt: {
    loading: 'Loading your receipt…',
    print: 'Print receipt',
    title: 'Receipt',
    refundTitle: 'Refund receipt',
    gstNumber: 'GST number',
    date: 'Date',
    order: 'Order',
    reference: 'Reference',
    refunds: 'Refunds',
    originalSale: 'Original sale',
    itemsBought: 'Items bought',
    includesGst: 'Includes GST',
    thanks: 'Thank you.',
    refundHint: 'For a refund, show the Centrapay short code above.',
    item: 'Item',
    qty: 'Qty',
    amount: 'Amount',
    centrapay: 'Centrapay',
    beingProcessed: '(being processed)',
    itemsRefunded: 'Items refunded',
    refunded: 'Refunded',
    refundMethod: {
      centrapay: 'Refunded through Centrapay',
      void: 'Centrapay payment cancelled and returned',
      cash: 'Refunded in cash',
      card: 'Refunded to card',
    },
  },
};

/** Another language's catalog: the same keys, each a string (a missing or extra key is a type error). */
export type Catalog = Words<typeof enNZ>;
type Words<T> = { [K in keyof T]: T[K] extends string ? string : Words<T[K]> };
