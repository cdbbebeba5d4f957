import "server-only";
import { toCsv } from "../../lib/csv/escape";
import { chartTable, type RemediationChartName } from "../../lib/remediation-charts/tables";
import type { ChartView } from "../../lib/remediation-charts/types";

/**
 * One chart's data as CSV, the same numbers the chart and its table show,
 * every bucket included. Charts hold aggregates only (no addresses: nothing
 * to mask for any role); every cell still goes through the accounts export's
 * formula-injection escaping (lib/csv/escape.ts).
 */
export function remediationChartCsv(data: ChartView, chart: RemediationChartName): string {
  const table = chartTable(data, chart);
  return toCsv([table.columns, ...table.rows]);
}
