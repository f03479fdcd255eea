export { type BookablePage, loadBookablePage } from "./bookable-page";
export { customerDayWindow } from "./customer-day";
export { previewPageSlots } from "./page-preview";
export { computePageSlots } from "./page-slots";
export { toPublicSlots } from "./public-slots";
