// Every word a patron reads on the customer display (and every screen that shows a sale), in English (en-NZ); the
// words of the patron's other pages (wallet simulator, machines, kiosk, receipt) are in en-NZ-pages.ts, which a display
// never loads. The shape of both is the shape of every other catalog (mi-NZ.ts is typed with it), and i18next checks
// keys against it at compile time (i18n.ts).
import { PAYMENT_CODE_WORDS } from '../../domain/centrapay';
import type { enNZPages } from './en-NZ-pages';

export const enNZ = {
  common: {
    reference: 'Reference {{code}}',
    stillToPay: 'Still to pay',
    paidBy: 'Paid by',
    items: 'Items',
    total: 'Total',
    quantity: '{{qty}} ×',
  },
  /** The cart as a bill: what comes off the price, and under "Paid" what was paid towards the total (never off it). */
  cart: { beforeDiscounts: 'Before discounts', cardPartnerDiscount: 'Farmlands Card Partner discount ({{percent}}%)', paid: 'Paid' },
  tender: { cash: 'Cash', card: 'Card (external)' },
  /** The heading of a finished payment, as the patron is told it. */
  payment: {
    paid: 'Payment successful',
    cancelled: 'Payment cancelled',
    expired: 'Payment expired',
    /** The heading when the till does not know how a payment ended: the patron is not alarmed, only sent to the cashier. */
    seeCashier: 'Please see the cashier',
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
      /** After a while unpaid: Centrapay tells the till nothing of a payment the patron's app turned down. */
      troublePaying: 'Could your app not pay? Please see the cashier.',
    },
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
      /** While the cashier checks, the QR is not shown: the patron pays once the check is done. */
      thenPay: 'You can pay once the check is done.',
    },
    receiptQr: { title: 'Scan for your receipt', label: 'QR code linking to your receipt' },
    /** A bar tab the cashier opened: the patron authorises an amount and pays only for what they order. */
    tab: {
      title: 'Open your tab',
      forName: 'Tab for {{name}}',
      toHold: 'To hold',
      qrLabel: 'Scan to open your tab',
      hint: 'Scan to open your tab — {{amount}} held, you pay only for what you order',
      open: 'Your tab is open',
      openHint: '{{amount}} held. You pay only for what you order; the rest goes back when the tab is closed.',
      notOpened: 'Tab not opened',
      notOpenedHint: 'Nothing was taken. Please see the cashier.',
    },
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
    /** In place of a note the till wrote for the cashier (domain/lane-notices.ts): never the note itself. */
    note: {
      seeCashier: 'Please see the cashier about this payment.',
      refunded: 'What you paid has been refunded.',
      timedOut: 'The time to pay ran out.',
      nothingTaken: 'The payment did not start. Nothing was taken.',
      cancelled: 'Nothing was taken.',
    },
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
      /** The display was opened for a lane the till does not have (a mistyped address). */
      unknownLane: 'There is no lane “{{lane}}” on this till. Set this display up for one of its lanes.',
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
  },
};

/** Another language's catalog: the same keys as both English parts, each a string (a missing or extra key is a type error). */
export type Catalog = Words<typeof enNZ & typeof enNZPages>;
type Words<T> = { [K in keyof T]: T[K] extends string ? string : Words<T[K]> };
