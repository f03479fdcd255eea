/** How lists, exports and the audit trail name a member whose account was deleted. */
export const FORMER_MEMBER = "former member";
