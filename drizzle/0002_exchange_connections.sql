CREATE TYPE "public"."exchange_auth_method" AS ENUM('auto', 'ntlm', 'basic');--> statement-breakpoint
CREATE TABLE "exchange_connections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"mailbox_email" text NOT NULL,
	"ews_url" text NOT NULL,
	"auth_username" text NOT NULL,
	"auth_method" "exchange_auth_method" DEFAULT 'auto' NOT NULL,
	"secret" text NOT NULL,
	"key_version" integer NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_connections_mailbox_email_lowercase" CHECK ("exchange_connections"."mailbox_email" = lower("exchange_connections"."mailbox_email")),
	CONSTRAINT "exchange_connections_key_version_matches_secret" CHECK ("exchange_connections"."key_version" > 0 and starts_with("exchange_connections"."secret", 'v' || "exchange_connections"."key_version" || '.'))
);
--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD CONSTRAINT "exchange_connections_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD CONSTRAINT "exchange_connections_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_connections_organisation_mailbox_key" ON "exchange_connections" USING btree ("organisation_id","mailbox_email");