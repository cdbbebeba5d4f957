import type { Db } from "../db";
import { AppError } from "../errors";

export type ImportJobView = {
  id: string;
  kind: string;
  status: string;
  phase: string;
  fileName: string;
  bytesTotal: number | null;
  bytesRead: number;
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  blankLines: number;
  matched: number | null;
  unmatched: number | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  startedBy: string | null;
};

export async function getImportJobOrThrow(db: Db, importId: string): Promise<ImportJobView> {
  const job = await db.prisma.importJob.findUnique({
    where: { id: importId },
    include: { startedBy: { select: { name: true } } },
  });
  if (!job) throw new AppError("NOT_FOUND", "No such import.");
  return toView(job);
}

export async function listImportJobs(db: Db, incidentId: string, limit = 20): Promise<ImportJobView[]> {
  const jobs = await db.prisma.importJob.findMany({
    // The customer directory is global: show its imports on every incident.
    where: { OR: [{ incidentId }, { incidentId: null, kind: "accounts" }] },
    orderBy: { startedAt: "desc" },
    take: limit,
    include: { startedBy: { select: { name: true } } },
  });
  return jobs.map(toView);
}

type JobRow = Awaited<ReturnType<Db["prisma"]["importJob"]["findFirstOrThrow"]>> & {
  startedBy: { name: string } | null;
};

function toView(job: JobRow): ImportJobView {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    phase: job.phase,
    fileName: job.fileName,
    bytesTotal: job.bytesTotal,
    bytesRead: job.bytesRead,
    rows: job.rows,
    imported: job.imported,
    duplicates: job.duplicates,
    rejected: job.rejected,
    blankLines: job.blankLines,
    matched: job.matched,
    unmatched: job.unmatched,
    error: job.error,
    startedAt: job.startedAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    startedBy: job.startedBy?.name ?? null,
  };
}
