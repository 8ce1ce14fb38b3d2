DROP TABLE "participation_month_links" CASCADE;--> statement-breakpoint
ALTER TABLE "participant_months" DROP COLUMN "prev_month";--> statement-breakpoint
ALTER TABLE "participant_months" DROP COLUMN "next_month";