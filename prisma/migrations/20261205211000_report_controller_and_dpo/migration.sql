-- The controller and its data protection officer (or other contact point) for the report, per incident.
ALTER TABLE "incident_report_details" ADD COLUMN "controller_name" TEXT,
ADD COLUMN "controller_contact" TEXT,
ADD COLUMN "dpo_name" TEXT,
ADD COLUMN "dpo_contact" TEXT;
