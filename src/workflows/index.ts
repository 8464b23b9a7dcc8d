export { cleanupWorkflow } from './cleanup-workflow';
export { databaseMaintenanceWorkflow } from './database-maintenance-workflow';
export { usageReportWorkflow } from './usage-report-workflow';
export { musicGenerationWorkflow } from './music-generation-workflow';
export { autoDjPlanningWorkflow } from './autodj-planning-workflow';
export { webhookDeliveryWorkflow } from './webhook-delivery-workflow';
export { trackIngestionWorkflow } from './track-ingestion-workflow';
export { bulkTrackIngestionWorkflow } from './bulk-track-ingestion-workflow';
