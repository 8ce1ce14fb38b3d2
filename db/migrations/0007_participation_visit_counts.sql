CREATE TABLE "participation_visit_counts" (
	"place_id" uuid NOT NULL,
	"kind" smallint NOT NULL,
	"month" date NOT NULL,
	"area_key" uuid NOT NULL,
	"other_month" date NOT NULL,
	"day" smallint NOT NULL,
	"other_day" smallint NOT NULL,
	"people" integer NOT NULL,
	CONSTRAINT "participation_visit_counts_place_id_kind_month_area_key_other_month_day_other_day_pk" PRIMARY KEY("place_id","kind","month","area_key","other_month","day","other_day")
);
--> statement-breakpoint
ALTER TABLE "participation_visit_counts" ADD CONSTRAINT "participation_visit_counts_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;