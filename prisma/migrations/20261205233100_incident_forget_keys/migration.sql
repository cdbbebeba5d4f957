-- CreateTable
CREATE TABLE "incident_forget_keys" (
    "incident_id" UUID NOT NULL,
    "key" BYTEA,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "destroyed_at" TIMESTAMPTZ(3),

    CONSTRAINT "incident_forget_keys_pkey" PRIMARY KEY ("incident_id")
);

-- AddForeignKey
ALTER TABLE "incident_forget_keys" ADD CONSTRAINT "incident_forget_keys_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
