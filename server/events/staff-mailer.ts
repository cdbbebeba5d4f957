/**
 * E-mail to staff (never to customers), handed in by the composition
 * (server/workers/work.ts) from the notices' SMTP path: the delivery kind
 * does not reach into another kind's folder.
 */
export interface StaffMailer {
  send(mail: { to: string; subject: string; text: string; incidentId: string | null }): Promise<{ ok: boolean; response: string }>;
  close(): void;
}
