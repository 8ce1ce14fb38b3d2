CREATE TABLE "impact_appraisal_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"appraisal_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"document" jsonb NOT NULL,
	"links" jsonb NOT NULL,
	"note" text NOT NULL,
	"saved_by" uuid,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "impact_appraisals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"project_id" uuid,
	"title" text NOT NULL,
	"document" jsonb NOT NULL,
	"links" jsonb DEFAULT '{"benefits":{}}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "impact_deflators" (
	"place_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"index" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "impact_deflators_place_id_year_pk" PRIMARY KEY("place_id","year")
);
--> statement-breakpoint
CREATE TABLE "impact_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"outcome_id" uuid NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"value" double precision NOT NULL,
	"sample_size" integer,
	"method" text NOT NULL,
	"source_url" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "impact_frameworks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"project_id" uuid,
	"name" text NOT NULL,
	"activities" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "impact_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"framework_id" uuid NOT NULL,
	"label" text NOT NULL,
	"indicator" text NOT NULL,
	"measurement" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "impact_settings" (
	"place_id" uuid PRIMARY KEY NOT NULL,
	"optimism_bias" jsonb NOT NULL,
	"deflator_source" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "impact_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"code" text,
	"theme" text,
	"description" text NOT NULL,
	"unit" text DEFAULT 'per person per year' NOT NULL,
	"value_pence" integer NOT NULL,
	"price_year" integer NOT NULL,
	"price_year_label" text NOT NULL,
	"value_type" text NOT NULL,
	"agency" text NOT NULL,
	"confidence_grade" integer NOT NULL,
	"source" text NOT NULL,
	"source_url" text,
	"licence" text NOT NULL,
	"attribution" text NOT NULL,
	"origin" text DEFAULT 'local' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "impact_appraisal_versions" ADD CONSTRAINT "impact_appraisal_versions_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_appraisal_versions" ADD CONSTRAINT "impact_appraisal_versions_appraisal_id_impact_appraisals_id_fk" FOREIGN KEY ("appraisal_id") REFERENCES "public"."impact_appraisals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_appraisal_versions" ADD CONSTRAINT "impact_appraisal_versions_saved_by_users_id_fk" FOREIGN KEY ("saved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_appraisals" ADD CONSTRAINT "impact_appraisals_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_appraisals" ADD CONSTRAINT "impact_appraisals_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_appraisals" ADD CONSTRAINT "impact_appraisals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_deflators" ADD CONSTRAINT "impact_deflators_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_evidence" ADD CONSTRAINT "impact_evidence_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_evidence" ADD CONSTRAINT "impact_evidence_outcome_id_impact_outcomes_id_fk" FOREIGN KEY ("outcome_id") REFERENCES "public"."impact_outcomes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_evidence" ADD CONSTRAINT "impact_evidence_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_frameworks" ADD CONSTRAINT "impact_frameworks_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_frameworks" ADD CONSTRAINT "impact_frameworks_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_frameworks" ADD CONSTRAINT "impact_frameworks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_outcomes" ADD CONSTRAINT "impact_outcomes_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_outcomes" ADD CONSTRAINT "impact_outcomes_framework_id_impact_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."impact_frameworks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_settings" ADD CONSTRAINT "impact_settings_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_values" ADD CONSTRAINT "impact_values_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_values" ADD CONSTRAINT "impact_values_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "impact_appraisal_versions_idx" ON "impact_appraisal_versions" USING btree ("appraisal_id","version");--> statement-breakpoint
CREATE INDEX "impact_appraisals_place_idx" ON "impact_appraisals" USING btree ("place_id","updated_at");--> statement-breakpoint
CREATE INDEX "impact_evidence_outcome_idx" ON "impact_evidence" USING btree ("place_id","outcome_id","period_from");--> statement-breakpoint
CREATE INDEX "impact_frameworks_place_idx" ON "impact_frameworks" USING btree ("place_id","project_id");--> statement-breakpoint
CREATE INDEX "impact_outcomes_framework_idx" ON "impact_outcomes" USING btree ("place_id","framework_id");--> statement-breakpoint
CREATE INDEX "impact_values_place_idx" ON "impact_values" USING btree ("place_id","origin","code");