-- API keys get a scope and are found by their public prefix; plans and dead letters get the customer that
-- owns them, so the API can answer each customer with its own rows only. Dead letters written before take
-- the customer their workflow recorded in inputRef; older plans have no owner and only operators see them.

-- CreateEnum
CREATE TYPE "ApiKeyScope" AS ENUM ('customer', 'operator');

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN "scope" "ApiKeyScope" NOT NULL DEFAULT 'customer';

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- AlterTable
ALTER TABLE "AutoDjPlan" ADD COLUMN "customerId" TEXT;

-- CreateIndex
CREATE INDEX "AutoDjPlan_customerId_createdAt_idx" ON "AutoDjPlan"("customerId", "createdAt");

-- AlterTable
ALTER TABLE "DeadLetter" ADD COLUMN "customerId" TEXT;

UPDATE "DeadLetter" SET "customerId" = "inputRef" ->> 'customerId' WHERE "customerId" IS NULL;

-- CreateIndex
CREATE INDEX "DeadLetter_customerId_status_idx" ON "DeadLetter"("customerId", "status");
