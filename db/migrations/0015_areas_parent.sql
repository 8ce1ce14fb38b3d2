ALTER TABLE "areas" ADD COLUMN "parent_id" uuid;--> statement-breakpoint
ALTER TABLE "areas" ADD COLUMN "parent_basis" text;--> statement-breakpoint
ALTER TABLE "areas" ADD COLUMN "parent_share" double precision;--> statement-breakpoint
ALTER TABLE "areas" ADD CONSTRAINT "areas_parent_id_areas_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."areas"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "areas_parent_idx" ON "areas" USING btree ("parent_id");--> statement-breakpoint
ALTER TABLE "areas" ADD CONSTRAINT "areas_parent_basis_check" CHECK ("areas"."parent_basis" in ('lookup', 'best-fit'));