ALTER TYPE "public"."connection_audit_action" ADD VALUE 'certificate_accepted';--> statement-breakpoint
ALTER TYPE "public"."connection_audit_action" ADD VALUE 'status_changed';--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD COLUMN "presented_fingerprint" text;--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD COLUMN "certificate_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD COLUMN "failing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD CONSTRAINT "exchange_connections_presented_fingerprint_format" CHECK ("exchange_connections"."presented_fingerprint" ~ '^([0-9A-F]{2}:){31}[0-9A-F]{2}$');