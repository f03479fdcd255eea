ALTER TABLE "booking_pages" ADD COLUMN "questions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "organiser_user_id" uuid;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "calendar_write_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "calendar_write_error" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_organiser_user_id_users_id_fk" FOREIGN KEY ("organiser_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;