-- Customers can cancel a generation (POST /v1/generations/:jobId/cancel): a new terminal status for the job,
-- a dead letter closed because its job was cancelled, when the cancel was asked for and when it was done.

-- AlterEnum
ALTER TYPE "GenerationStatus" ADD VALUE 'cancelled';

-- AlterEnum
ALTER TYPE "DeadLetterStatus" ADD VALUE 'cancelled';

-- AlterTable
ALTER TABLE "GenerationJob" ADD COLUMN "cancelRequestedAt" TIMESTAMP(3),
ADD COLUMN "cancelledAt" TIMESTAMP(3);
