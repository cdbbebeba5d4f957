import {
  approveCloseOperation,
  getCloseOperation,
  rejectCloseOperation,
  reopenOperation,
  requestCloseOperation,
} from "./operations/closing";
import { exportAuditEntriesOperation, getAuditVerificationOperation, listAuditEntriesOperation } from "./operations/audit";
import {
  addAuditForwardingOperation,
  listAuditForwardingOperation,
  removeAuditForwardingOperation,
} from "./operations/audit-forwarding";
import {
  exportExposedAccountsOperation,
  getExposedAccountOperation,
  listExposedAccountsOperation,
} from "./operations/accounts";
import {
  exportImportRejectsOperation,
  getImportOperation,
  listImportsOperation,
  uploadImportOperation,
} from "./operations/imports";
import { downloadEvidencePackOperation, getEvidenceKeyOperation, listEvidencePacksOperation } from "./operations/evidence";
import { getIncidentOperation, listIncidentsOperation } from "./operations/incidents";
import { exchangeWebhookOperation, getOpenApiOperation } from "./operations/meta";
import {
  approveNoticeOperation,
  cancelNoticeOperation,
  getNoticeOperation,
  listNoticesOperation,
  rejectNoticeOperation,
  requestNoticeOperation,
} from "./operations/notices";
import {
  approveBulkActionOperation,
  cancelBulkActionOperation,
  getBulkActionOperation,
  listBulkActionsOperation,
  pauseBulkActionOperation,
  placeHoldOperation,
  previewBulkActionOperation,
  rejectBulkActionOperation,
  releaseHoldOperation,
  requestBulkActionOperation,
  resetAccountOperation,
  resumeBulkActionOperation,
  retryFailedOperation,
} from "./operations/remediation";
import { exportRemediationChartOperation, getRemediationVersionOperation } from "./operations/remediation-stats";
import { getIncidentReportOperation } from "./operations/reports";
import { listStaffOperation } from "./operations/staff";
import {
  createDestinationOperation,
  deleteDestinationOperation,
  getDestinationOperation,
  listDeliveriesOperation,
  listDestinationsOperation,
  rotateDestinationSecretOperation,
  testDestinationOperation,
  updateDestinationOperation,
} from "./operations/integrations";
import {
  exportTimelineOperation,
  listObligationsOperation,
  listTimelineOperation,
  postTimelineOperation,
} from "./operations/timeline";
import type { Operation } from "./operation";

/**
 * Every operation of /api/v1, in the reference's order. A route file under
 * app/api/v1 whose method is not here fails server/api/registry.test.ts.
 */
export const OPERATIONS: readonly Operation[] = [
  listIncidentsOperation,
  getIncidentOperation,
  listExposedAccountsOperation,
  exportExposedAccountsOperation,
  getExposedAccountOperation,
  resetAccountOperation,
  placeHoldOperation,
  releaseHoldOperation,
  previewBulkActionOperation,
  requestBulkActionOperation,
  listBulkActionsOperation,
  getBulkActionOperation,
  approveBulkActionOperation,
  rejectBulkActionOperation,
  pauseBulkActionOperation,
  resumeBulkActionOperation,
  cancelBulkActionOperation,
  retryFailedOperation,
  listTimelineOperation,
  postTimelineOperation,
  exportTimelineOperation,
  listObligationsOperation,
  getIncidentReportOperation,
  listEvidencePacksOperation,
  downloadEvidencePackOperation,
  getEvidenceKeyOperation,
  getRemediationVersionOperation,
  exportRemediationChartOperation,
  listNoticesOperation,
  requestNoticeOperation,
  getNoticeOperation,
  approveNoticeOperation,
  rejectNoticeOperation,
  cancelNoticeOperation,
  getCloseOperation,
  requestCloseOperation,
  approveCloseOperation,
  rejectCloseOperation,
  reopenOperation,
  listImportsOperation,
  uploadImportOperation,
  getImportOperation,
  exportImportRejectsOperation,
  getAuditVerificationOperation,
  listAuditEntriesOperation,
  exportAuditEntriesOperation,
  listAuditForwardingOperation,
  addAuditForwardingOperation,
  removeAuditForwardingOperation,
  listStaffOperation,
  listDestinationsOperation,
  createDestinationOperation,
  getDestinationOperation,
  updateDestinationOperation,
  deleteDestinationOperation,
  testDestinationOperation,
  rotateDestinationSecretOperation,
  listDeliveriesOperation,
  exchangeWebhookOperation,
  getOpenApiOperation,
] as Operation[];
