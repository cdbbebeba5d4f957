// CSV for spreadsheets that people open by double-clicking: RFC 4180 quoting
// plus the OWASP defence against formula injection. A cell that starts with
// = + - @ tab or carriage return is read as a formula by Excel, LibreOffice
// and Google Sheets, so it gets a leading single quote, which they show as
// text and do not display. (Their full-width forms count too: Excel in East
// Asian locales reads them as the ASCII ones.)
//
// A spreadsheet set to another list separator (";" in much of Europe, or tab)
// splits the line on that character, not on our commas: `x;=1+1` arrives as
// two cells, the second a formula. So a cell holding any separator a
// spreadsheet may split on is quoted (which keeps it whole in any reader that
// honours quotes), and every segment after such a separator that starts a
// formula, after any spaces, gets the same single quote (for readers that
// split without honouring quotes, or trim spaces).
const FORMULA_CHARS = "=+\\-@\\uFF1D\\uFF0B\\uFF0D\\uFF20";
const SEGMENT_FORMULA = new RegExp(`(^|[,;\\t\\r\\n])( *)([${FORMULA_CHARS}])`, "g");
const CONTROL_START = /^[\t\r]/;
const NEEDS_QUOTES = /[",;\t\r\n]/;

export type CsvValue = string | number | boolean | Date | null | undefined;

export function escapeCsvCell(value: CsvValue): string {
  let text: string;
  if (value === null || value === undefined) text = "";
  else if (value instanceof Date) text = value.toISOString();
  else text = String(value);
  text = text.replace(SEGMENT_FORMULA, "$1$2'$3");
  if (CONTROL_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line, CRLF-terminated as RFC 4180 asks. */
export function toCsvRow(cells: readonly CsvValue[]): string {
  return `${cells.map(escapeCsvCell).join(",")}\r\n`;
}

export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map(toCsvRow).join("");
}
