CREATE TYPE "public"."connector_mode" AS ENUM('realtime', 'auto-sync');--> statement-breakpoint
CREATE TABLE "connector_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"connector_id" uuid NOT NULL,
	"mailbox" text NOT NULL,
	"soap_action" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "connectors" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"pairing_code_hash" text,
	"pairing_expires_at" timestamp with time zone,
	"token_hash" text,
	"paired_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"version" text,
	"hostname" text,
	"mailboxes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mode" "connector_mode",
	"last_seen_at" timestamp with time zone,
	"last_polled_at" timestamp with time zone,
	"online_until" timestamp with time zone,
	CONSTRAINT "connectors_token_hash_format" CHECK ("connectors"."token_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "connectors_pairing_code_hash_format" CHECK ("connectors"."pairing_code_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "exchange_connections" ALTER COLUMN "ews_url" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "exchange_connections" ALTER COLUMN "auth_username" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "exchange_connections" ALTER COLUMN "secret" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "exchange_connections" ALTER COLUMN "key_version" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD COLUMN "connector_id" uuid;--> statement-breakpoint
ALTER TABLE "connector_requests" ADD CONSTRAINT "connector_requests_connector_id_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connector_requests_connector_idx" ON "connector_requests" USING btree ("connector_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "connectors_token_hash_key" ON "connectors" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "connectors_pairing_code_hash_key" ON "connectors" USING btree ("pairing_code_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "connectors_organisation_name_key" ON "connectors" USING btree ("organisation_id","name");--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD CONSTRAINT "exchange_connections_connector_id_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."connectors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exchange_connections_connector_idx" ON "exchange_connections" USING btree ("connector_id");--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD CONSTRAINT "exchange_connections_direct_or_connector" CHECK (("exchange_connections"."connector_id" is null) = ("exchange_connections"."ews_url" is not null and "exchange_connections"."auth_username" is not null and "exchange_connections"."secret" is not null and "exchange_connections"."key_version" is not null));