ALTER TABLE "secrets" ALTER COLUMN "org_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "secrets" ADD COLUMN "client_id" uuid;--> statement-breakpoint
ALTER TABLE "secrets" ADD CONSTRAINT "secrets_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "secrets_client_key_uq" ON "secrets" USING btree ("client_id","key") WHERE "secrets"."client_id" is not null;--> statement-breakpoint
ALTER TABLE "secrets" ADD CONSTRAINT "secrets_owner_ck" CHECK (("secrets"."tier" = 'client' and "secrets"."client_id" is not null and "secrets"."org_id" is null) or ("secrets"."tier" <> 'client' and "secrets"."org_id" is not null and "secrets"."client_id" is null));