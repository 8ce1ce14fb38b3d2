CREATE TABLE "lsoa_deprivation" (
	"place_id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	"release" smallint NOT NULL,
	"imd_rank" integer,
	"imd_decile" smallint,
	"domains" jsonb,
	"population" integer,
	"population_year" smallint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lsoa_deprivation_place_id_release_area_id_pk" PRIMARY KEY("place_id","release","area_id"),
	CONSTRAINT "lsoa_deprivation_release_check" CHECK ("lsoa_deprivation"."release" in (2019, 2025)),
	CONSTRAINT "lsoa_deprivation_decile_check" CHECK ("lsoa_deprivation"."imd_decile" between 1 and 10)
);
--> statement-breakpoint
ALTER TABLE "lsoa_deprivation" ADD CONSTRAINT "lsoa_deprivation_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lsoa_deprivation" ADD CONSTRAINT "lsoa_deprivation_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE cascade ON UPDATE no action;