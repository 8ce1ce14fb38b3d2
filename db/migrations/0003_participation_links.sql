CREATE TABLE "participation_month_links" (
	"place_id" uuid NOT NULL,
	"area_key" uuid NOT NULL,
	"k" smallint NOT NULL,
	"month" date NOT NULL,
	"prev_month" date NOT NULL,
	"people" integer NOT NULL,
	CONSTRAINT "participation_month_links_place_id_area_key_k_month_prev_month_pk" PRIMARY KEY("place_id","area_key","k","month","prev_month")
);
--> statement-breakpoint
CREATE TABLE "sessions_daily" (
	"place_id" uuid NOT NULL,
	"area_key" uuid NOT NULL,
	"day" date NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"offered_minutes" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sessions_daily_place_id_area_key_day_pk" PRIMARY KEY("place_id","area_key","day")
);
--> statement-breakpoint
ALTER TABLE "participant_months" ADD COLUMN "prev_month" date;--> statement-breakpoint
ALTER TABLE "participant_months" ADD COLUMN "next_month" date;--> statement-breakpoint
ALTER TABLE "participation_month_links" ADD CONSTRAINT "participation_month_links_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions_daily" ADD CONSTRAINT "sessions_daily_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_daily_place_day_idx" ON "sessions_daily" USING btree ("place_id","day");