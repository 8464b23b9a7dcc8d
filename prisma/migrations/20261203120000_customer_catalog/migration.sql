-- Customer catalog: tracks get an owner (null = the shared catalog every customer may use, which is what the
-- rows made before this migration are), an ingestion status (existing rows were loaded whole: `ready`), the
-- source they came from, and why ingestion failed. Duration is unknown until analysis, so it may be null.

-- CreateEnum
CREATE TYPE "TrackStatus" AS ENUM ('awaiting_upload', 'ingesting', 'ready', 'failed');

-- AlterTable
ALTER TABLE "Track" ADD COLUMN "customerId" TEXT,
ADD COLUMN "status" "TrackStatus" NOT NULL DEFAULT 'ready',
ADD COLUMN "sourceUrl" TEXT,
ADD COLUMN "sourceFormat" TEXT,
ADD COLUMN "sourceBytes" INTEGER,
ADD COLUMN "errorType" TEXT,
ADD COLUMN "error" TEXT,
ALTER COLUMN "durationSeconds" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Track_customerId_createdAt_id_idx" ON "Track"("customerId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Track_customerId_genre_idx" ON "Track"("customerId", "genre");

-- CreateIndex
CREATE INDEX "Track_customerId_bpm_idx" ON "Track"("customerId", "bpm");
