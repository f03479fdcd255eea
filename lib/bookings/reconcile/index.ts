export { reconcileConnection } from "./reconcile";
export { defaultReconcileEffects } from "./reconcile-effects";
export { registerReconciliation } from "./reconcile-job";
export { relinkBookingsAfterConnect } from "./relink";
