CREATE TYPE "public"."booking_status" AS ENUM('confirmed', 'write_pending', 'write_failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."scheduling_type" AS ENUM('single', 'round_robin', 'collective');--> statement-breakpoint
CREATE TABLE "booking_holds" (
	"booking_id" uuid NOT NULL,
	"host_user_id" uuid NOT NULL,
	"blocked_during" "tstzrange" NOT NULL,
	"released" boolean DEFAULT false NOT NULL,
	CONSTRAINT "booking_holds_booking_id_host_user_id_pk" PRIMARY KEY("booking_id","host_user_id")
);
--> statement-breakpoint
CREATE TABLE "booking_page_date_overrides" (
	"id" uuid PRIMARY KEY NOT NULL,
	"page_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"date" date NOT NULL,
	"windows" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "booking_page_hosts" (
	"page_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"priority" smallint DEFAULT 0 NOT NULL,
	"time_zone" text NOT NULL,
	"weekly_hours" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"use_exchange_working_hours" boolean DEFAULT false NOT NULL,
	"last_booked_at" timestamp with time zone,
	CONSTRAINT "booking_page_hosts_page_id_user_id_pk" PRIMARY KEY("page_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "booking_pages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"duration_minutes" smallint NOT NULL,
	"slot_interval_minutes" smallint,
	"location" text,
	"scheduling_type" "scheduling_type" DEFAULT 'single' NOT NULL,
	"buffer_before_minutes" smallint DEFAULT 0 NOT NULL,
	"buffer_after_minutes" smallint DEFAULT 0 NOT NULL,
	"minimum_notice_minutes" integer DEFAULT 240 NOT NULL,
	"horizon_days" smallint DEFAULT 60 NOT NULL,
	"daily_limit" smallint,
	"block_tentative" boolean DEFAULT true NOT NULL,
	"block_working_elsewhere" boolean DEFAULT true NOT NULL,
	"send_invitations" boolean DEFAULT true NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_pages_slug_format" CHECK ("booking_pages"."slug" ~ '^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$'),
	CONSTRAINT "booking_pages_duration" CHECK ("booking_pages"."duration_minutes" between 5 and 720),
	CONSTRAINT "booking_pages_interval" CHECK ("booking_pages"."slot_interval_minutes" is null or "booking_pages"."slot_interval_minutes" between 5 and 720),
	CONSTRAINT "booking_pages_buffers" CHECK ("booking_pages"."buffer_before_minutes" between 0 and 720 and "booking_pages"."buffer_after_minutes" between 0 and 720),
	CONSTRAINT "booking_pages_notice" CHECK ("booking_pages"."minimum_notice_minutes" between 0 and 525600),
	CONSTRAINT "booking_pages_horizon" CHECK ("booking_pages"."horizon_days" between 1 and 365),
	CONSTRAINT "booking_pages_daily_limit" CHECK ("booking_pages"."daily_limit" is null or "booking_pages"."daily_limit" >= 1)
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"page_id" uuid,
	"page_title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" "booking_status" DEFAULT 'write_pending' NOT NULL,
	"customer_name" text NOT NULL,
	"customer_email" text NOT NULL,
	"customer_time_zone" text NOT NULL,
	"notes" text,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"manage_token_hash" text,
	"exchange_mailbox" text,
	"exchange_item_id" text,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookings_time_order" CHECK ("bookings"."ends_at" > "bookings"."starts_at")
);
--> statement-breakpoint
ALTER TABLE "booking_holds" ADD CONSTRAINT "booking_holds_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_holds" ADD CONSTRAINT "booking_holds_host_user_id_users_id_fk" FOREIGN KEY ("host_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_page_date_overrides" ADD CONSTRAINT "booking_page_date_overrides_page_id_booking_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."booking_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_page_date_overrides" ADD CONSTRAINT "booking_page_date_overrides_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_page_hosts" ADD CONSTRAINT "booking_page_hosts_page_id_booking_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."booking_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_page_hosts" ADD CONSTRAINT "booking_page_hosts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_pages" ADD CONSTRAINT "booking_pages_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_pages" ADD CONSTRAINT "booking_pages_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_page_id_booking_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."booking_pages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "booking_page_date_overrides_key" ON "booking_page_date_overrides" USING btree ("page_id","user_id","date");--> statement-breakpoint
CREATE INDEX "booking_page_hosts_user_idx" ON "booking_page_hosts" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "booking_pages_slug_key" ON "booking_pages" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "booking_pages_organisation_idx" ON "booking_pages" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "bookings_organisation_starts_idx" ON "bookings" USING btree ("organisation_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_manage_token_hash_key" ON "bookings" USING btree ("manage_token_hash");