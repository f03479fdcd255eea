CREATE TYPE "public"."booking_actor" AS ENUM('customer', 'host', 'calendar');--> statement-breakpoint
CREATE TYPE "public"."calendar_change" AS ENUM('update', 'cancel');--> statement-breakpoint
CREATE TYPE "public"."booking_cancellation_method" AS ENUM('cancel_item', 'delete_item');--> statement-breakpoint
ALTER TABLE "booking_pages" ADD COLUMN "cancellation_method" "booking_cancellation_method" DEFAULT 'cancel_item' NOT NULL;--> statement-breakpoint
ALTER TABLE "booking_pages" ADD COLUMN "notify_customer_of_calendar_changes" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "booking_pages" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "booking_pages" ADD COLUMN "reminder_minutes" integer[] DEFAULT '{1440,60}' NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "cancelled_by" "booking_actor";--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "ics_sequence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "calendar_pending_change" "calendar_change";--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "exchange_item_missing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "booking_pages" ADD CONSTRAINT "booking_pages_language" CHECK ("booking_pages"."language" ~ '^[a-z]{2}$');