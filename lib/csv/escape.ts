// CSV for spreadsheets that people open by double-clicking: RFC 4180 quoting
// plus the OWASP defence against formula injection. A cell that starts with
// = + - @ tab or carriage return is read as a formula by Excel, LibreOffice
// and Google Sheets, so it gets a leading single quote, which they show as
// text and do not display.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvValue = string | number | boolean | Date | null | undefined;

export function escapeCsvCell(value: CsvValue): string {
  let text: string;
  if (value === null || value === undefined) text = "";
  else if (value instanceof Date) text = value.toISOString();
  else text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line, CRLF-terminated as RFC 4180 asks. */
export function toCsvRow(cells: readonly CsvValue[]): string {
  return `${cells.map(escapeCsvCell).join(",")}\r\n`;
}

export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map(toCsvRow).join("");
}
