/**
 * Every action the audit trail records, by area. The names are stable (they are stored and filtered on);
 * the Activity page shows each with its label.
 */
export const AUDIT_ACTIONS = {
  "account.signed-in": "Signed in",
  "account.sign-in-failed": "Sign-in failed",
  "account.password-changed": "Changed their password",
  "account.password-reset-requested": "Asked for a password reset",
  "account.password-reset": "Reset their password",
  "account.email-verified": "Verified their address",
  "account.deleted": "Deleted their account",
  "member.invited": "Invited someone",
  "member.invite-resent": "Sent an invite again",
  "member.invite-revoked": "Revoked an invite",
  "member.joined": "Joined",
  "member.role-changed": "Changed a role",
  "member.removed": "Removed a member",
  "member.password-reset-sent": "Sent a member a password reset",
  "organisation.created": "Created the organisation",
  "organisation.settings-changed": "Changed settings",
  "organisation.deleted": "Deleted an organisation",
  "organisation.disabled": "Disabled an organisation",
  "organisation.enabled": "Enabled an organisation",
  "connection.connected": "Connected a calendar",
  "connection.retested": "Re-tested a calendar",
  "connection.password-changed": "Changed a calendar's password",
  "connection.disconnected": "Disconnected a calendar",
  "connection.certificate-accepted": "Accepted a new certificate",
  "connection.status-changed": "Calendar status changed",
  "certificate-authority.added": "Trusted a certificate authority",
  "certificate-authority.removed": "Removed a certificate authority",
  "connector.created": "Created a connector",
  "connector.paired": "Paired a connector",
  "connector.revoked": "Revoked a connector",
  "connector.deleted": "Deleted a connector",
  "booking-page.created": "Created a booking page",
  "booking-page.changed": "Changed a booking page",
  "booking-page.published": "Published a booking page",
  "booking-page.unpublished": "Unpublished a booking page",
  "booking-page.deleted": "Deleted a booking page",
  "booking.cancelled": "Cancelled a booking",
  "customer.erased": "Erased a customer's details",
  "customer.retention-erased": "Erased customers' details after the retention period",
  "bookings.exported": "Exported bookings",
  "activity.exported": "Exported the activity",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}
