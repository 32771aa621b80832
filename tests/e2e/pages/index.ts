// Page models of the till's screens for the e2e tests: each wraps a playwright-core Page and the screen's data-testids,
// and every wait fails naming the screen and what it expected.
export { SetupWizard } from './setup-wizard.ts';
export { SellingScreen } from './selling-screen.ts';
export { PaymentDialog } from './payment-dialog.ts';
export { DiscountDialog } from './discount-dialog.ts';
export { ApprovalDialog, StaffSignIn } from './staff.ts';
export { OrdersScreen } from './orders-screen.ts';
export { SettingsScreen, allSent, waitPendingZero } from './settings-screen.ts';
export { ConflictsScreen, type Strategy } from './conflicts-screen.ts';
export { enterManagerPin, pinRefused } from './pin.ts';
export { EdgeCard, type EdgeCardState } from './edge-card.ts';
export { shown, until, waitOn } from './wait.ts';
