-- Bulk track imports: a manifest of thousands of tracks is kept as Track rows tagged with their import, so the
-- import workflow pages through PostgreSQL instead of carrying the manifest in its payload.

-- CreateTable
CREATE TABLE "TrackImport" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrackImport_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "Track" ADD COLUMN "importId" TEXT;

-- CreateIndex
CREATE INDEX "TrackImport_customerId_createdAt_idx" ON "TrackImport"("customerId", "createdAt");

-- CreateIndex
CREATE INDEX "Track_importId_id_idx" ON "Track"("importId", "id");

-- AddForeignKey
ALTER TABLE "Track" ADD CONSTRAINT "Track_importId_fkey" FOREIGN KEY ("importId") REFERENCES "TrackImport"("id") ON DELETE SET NULL ON UPDATE CASCADE;
