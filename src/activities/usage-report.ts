import type { UsagePeriod, UsageReportResult, UsageReportRow } from '../contracts/usage-report';
import { usageReportKey } from '../storage/keys';
import type { ActivityDependencies } from './dependencies';

const CSV_COLUMNS: (keyof UsageReportRow)[] = ['customerId', 'jobs', 'completed', 'failed', 'needsAttention', 'minutesGenerated'];

export function createUsageReportActivities({ db, storage }: ActivityDependencies) {
  return {
    /**
     * Per-customer generation figures for [periodStart, periodEnd), written as CSV to storage and as one
     * UsageReport row. Idempotent: the row is keyed by its period and the object key is derived from it.
     */
    async writeUsageReport({ periodStart, periodEnd }: UsagePeriod): Promise<UsageReportResult> {
      const start = new Date(periodStart);
      const end = new Date(periodEnd);
      const groups = await db.generationJob.groupBy({
        by: ['customerId', 'status'],
        where: { createdAt: { gte: start, lt: end } },
        _count: { _all: true },
        _sum: { outputDurationSeconds: true },
        orderBy: { customerId: 'asc' },
      });
      const rows = new Map<string, UsageReportRow>();
      for (const group of groups) {
        const row = rows.get(group.customerId) ?? {
          customerId: group.customerId, jobs: 0, completed: 0, failed: 0, needsAttention: 0, minutesGenerated: 0,
        };
        const count = group._count._all;
        row.jobs += count;
        if (group.status === 'completed') {
          row.completed += count;
          row.minutesGenerated = round2(row.minutesGenerated + (group._sum.outputDurationSeconds ?? 0) / 60);
        }
        if (group.status === 'failed') row.failed += count;
        if (group.status === 'needs_attention') row.needsAttention += count;
        rows.set(group.customerId, row);
      }
      const reportRows = [...rows.values()];
      const storageKey = usageReportKey(start, end);
      await storage.putBytes(storageKey, toCsv(reportRows), 'text/csv; charset=utf-8');
      const totalJobs = reportRows.reduce((sum, row) => sum + row.jobs, 0);
      const figures = { customers: reportRows.length, totalJobs, rows: reportRows as unknown as object[], storageKey };
      const report = await db.usageReport.upsert({
        where: { periodStart_periodEnd: { periodStart: start, periodEnd: end } },
        create: { periodStart: start, periodEnd: end, ...figures },
        update: figures,
      });
      return { reportId: report.id, storageKey, periodStart, periodEnd, customers: reportRows.length, totalJobs };
    },
  };
}

function toCsv(rows: UsageReportRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map((column) => csvField(String(row[column]))).join(','));
  return `${lines.join('\n')}\n`;
}

/** Quotes a field when it holds a delimiter, a quote or a line break (RFC 4180). */
function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
