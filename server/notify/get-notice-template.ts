import type { Db } from "../db";

export type NoticeTemplateRow = {
  id: string;
  version: number;
  subject: string;
  textBody: string;
  htmlBody: string;
  createdAt: Date;
};

const SELECT = { id: true, version: true, subject: true, textBody: true, htmlBody: true, createdAt: true } as const;

/** The incident's newest notice version, or null before the first save. */
export async function getLatestNoticeTemplate(db: Db, incidentId: string): Promise<NoticeTemplateRow | null> {
  return db.prisma.noticeTemplate.findFirst({ where: { incidentId }, orderBy: { version: "desc" }, select: SELECT });
}


