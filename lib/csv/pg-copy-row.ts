// Encodes rows for PostgreSQL's `COPY ... WITH (FORMAT csv)`: an unquoted empty
// field is NULL, a quoted one is the empty string. This is the hot path of every
// bulk import, so it avoids regexes and allocations where it can.
export type CopyValue = string | number | boolean | null | undefined | Date;

function needsQuoting(text: string): boolean {
  if (text.length === 0) return true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // " , \n \r and the backslash-period end-of-data marker's backslash
    if (c === 34 || c === 44 || c === 10 || c === 13 || c === 92) return true;
  }
  return false;
}

export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "t" : "f";
  if (value instanceof Date) return value.toISOString();
  return needsQuoting(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function copyRow(values: readonly CopyValue[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ",";
    line += copyField(values[i]);
  }
  return `${line}\n`;
}
