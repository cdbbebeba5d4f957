import "server-only";
import type { z } from "zod";
import { AppError } from "../errors";
import { parseBodyValue, readJsonBody } from "../http/idempotency";
import { assertDeclaredLengthWithin, DEFAULT_MAX_BODY_BYTES, limitedBodyStream } from "../http/read-limited-body";
import type { Operation } from "./operation";

/** Longer than any list item (account ids are at most 200 characters). */
const MAX_LINE_CHARS = 1000;

/**
 * The body of a staff operation, read once and parsed with its schema. Never
 * more than the operation's limit is read: a declared Content-Length over it
 * is 413 before the first byte, a chunked body is cut off (413) as soon as it
 * runs past it. Operations with a list upload also take multipart/form-data.
 */
export async function readOperationBody(operation: Operation, request: Request): Promise<unknown> {
  // Nothing to read: the body is left unread, only a declared length is checked.
  if (!operation.body && operation.retry !== "idempotency-key") {
    assertDeclaredLengthWithin(request, operation.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    return {};
  }
  const schema = operation.body ?? EMPTY_BODY;
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (operation.listUpload && type === "multipart/form-data") {
    return parseBodyValue(await readListUpload(request, operation.listUpload), schema);
  }
  return parseBodyValue(await readJsonBody(request, operation.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES), schema);
}

const EMPTY_BODY = { safeParse: (value: unknown) => ({ success: true, data: value }) } as unknown as z.ZodType;

/**
 * The form's `request` part (the JSON body without the list) and the list
 * file, one item a line (blank lines and a first line naming the column left
 * out). The form is parsed from a stream cut off at the limit, so no more
 * than `maxBytes` is ever held; the file is then read line by line, never
 * as one string.
 */
async function readListUpload(request: Request, upload: NonNullable<Operation["listUpload"]>): Promise<unknown> {
  const stream = limitedBodyStream(request, upload.maxBytes);
  let form: FormData;
  try {
    form = await new Response(stream, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch (error) {
    // The limit, met while the form was parsed, surfaces as the parser's own error.
    const cause = error instanceof Error && error.cause ? error.cause : error;
    if (cause instanceof AppError) throw cause;
    if (error instanceof AppError) throw error;
    throw new AppError("VALIDATION", "The request body is not a valid multipart form.", { body: "not a valid form" });
  }
  const fieldsPart = form.get("request");
  let fields: unknown = {};
  if (typeof fieldsPart === "string" && fieldsPart.trim() !== "") {
    try {
      fields = JSON.parse(fieldsPart) as unknown;
    } catch {
      throw new AppError("VALIDATION", "The form's request part must be JSON.", { request: "not valid JSON" });
    }
  }
  if (fields === null || typeof fields !== "object" || Array.isArray(fields)) {
    throw new AppError("VALIDATION", "The form's request part must be a JSON object.", { request: "not a JSON object" });
  }
  const file = form.get(upload.field);
  if (!(file instanceof Blob)) {
    throw new AppError("VALIDATION", `The form has no file ${upload.field}.`, { [upload.field]: "attach the file" });
  }
  return { ...fields, [upload.field]: await readListLines(file.stream(), upload.field) };
}

async function readListLines(stream: ReadableStream<Uint8Array>, field: string): Promise<string[]> {
  const items: string[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let carry = "";
  let lineNo = 0;
  const take = (line: string) => {
    lineNo += 1;
    const item = line.replace(/\r$/, "").trim().replace(/^"(.*)"$/, "$1");
    if (item === "" || (lineNo === 1 && /^(account_?id|accountId|id|external_?id)$/i.test(item))) return;
    items.push(item);
  };
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    // One split per chunk: linear in the chunk, however many lines it holds.
    const lines = (carry + decoder.decode(chunk, { stream: true })).split("\n");
    carry = lines.pop() ?? "";
    for (const line of lines) take(line);
    if (carry.length > MAX_LINE_CHARS) {
      throw new AppError("VALIDATION", `Line ${lineNo + 1} of ${field} is too long.`, { [field]: "one id a line" });
    }
  }
  carry += decoder.decode();
  if (carry !== "") take(carry);
  return items;
}
