CREATE TYPE "public"."connection_audit_action" AS ENUM('connected', 'retested', 'password_changed', 'disconnected', 'ca_added', 'ca_removed');--> statement-breakpoint
CREATE TABLE "connection_audit_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"connection_id" uuid,
	"mailbox_email" text,
	"actor_user_id" uuid,
	"action" "connection_audit_action" NOT NULL,
	"outcome" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisation_certificate_authorities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"pem" text NOT NULL,
	"subject" text NOT NULL,
	"fingerprint_sha256" text NOT NULL,
	"added_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD COLUMN "owner_user_id" uuid;--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD COLUMN "impersonate" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD COLUMN "certificate_fingerprint" text;--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD COLUMN "last_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD COLUMN "last_ok_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD COLUMN "last_error_reason" text;--> statement-breakpoint
ALTER TABLE "connection_audit_log" ADD CONSTRAINT "connection_audit_log_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connection_audit_log" ADD CONSTRAINT "connection_audit_log_connection_id_exchange_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."exchange_connections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connection_audit_log" ADD CONSTRAINT "connection_audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_certificate_authorities" ADD CONSTRAINT "organisation_certificate_authorities_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_certificate_authorities" ADD CONSTRAINT "organisation_certificate_authorities_added_by_id_users_id_fk" FOREIGN KEY ("added_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connection_audit_log_organisation_idx" ON "connection_audit_log" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_certificate_authorities_fingerprint_key" ON "organisation_certificate_authorities" USING btree ("organisation_id","fingerprint_sha256");--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD CONSTRAINT "exchange_connections_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exchange_connections_owner_idx" ON "exchange_connections" USING btree ("owner_user_id");--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD CONSTRAINT "exchange_connections_certificate_fingerprint_format" CHECK ("exchange_connections"."certificate_fingerprint" ~ '^([0-9A-F]{2}:){31}[0-9A-F]{2}$');