-- The connection audit log folds into the one audit trail: each row becomes a "connection.<action>" event
-- (ca_added → certificate-authority.added, ca_removed → certificate-authority.removed) with the mailbox as detail.
INSERT INTO "audit_events" ("id", "organisation_id", "actor_user_id", "action", "target_id", "outcome", "detail", "created_at")
SELECT "id", "organisation_id", "actor_user_id",
  CASE "action"::text
    WHEN 'ca_added' THEN 'certificate-authority.added'
    WHEN 'ca_removed' THEN 'certificate-authority.removed'
    ELSE 'connection.' || replace("action"::text, '_', '-')
  END,
  "connection_id"::text, "outcome",
  CASE WHEN "mailbox_email" IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('mailbox', "mailbox_email") END,
  "created_at"
FROM "connection_audit_log";--> statement-breakpoint
DROP TABLE "connection_audit_log" CASCADE;--> statement-breakpoint
DROP TYPE "public"."connection_audit_action";
