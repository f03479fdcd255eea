CREATE TABLE "member_group_members" (
	"group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "member_group_members_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "member_groups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exchange_connections" ADD COLUMN "availability_lookups" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "work_days" smallint[] DEFAULT '{1,2,3,4,5}' NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "work_day_start_hour" smallint DEFAULT 8 NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "work_day_end_hour" smallint DEFAULT 18 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_group_members" ADD CONSTRAINT "member_group_members_group_id_member_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."member_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_group_members" ADD CONSTRAINT "member_group_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_groups" ADD CONSTRAINT "member_groups_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_group_members_user_idx" ON "member_group_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_groups_organisation_name_key" ON "member_groups" USING btree ("organisation_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_connections_availability_lookups_key" ON "exchange_connections" USING btree ("organisation_id") WHERE "exchange_connections"."availability_lookups";--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_work_day_hours" CHECK ("organisations"."work_day_start_hour" >= 0 and "organisations"."work_day_end_hour" <= 24 and "organisations"."work_day_start_hour" < "organisations"."work_day_end_hour");--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_work_days" CHECK (cardinality("organisations"."work_days") between 1 and 7 and "organisations"."work_days" <@ '{1,2,3,4,5,6,7}'::smallint[]);