import { z } from "zod";
import { storableText } from "../validation/storable";

// The query string of an upload (the file itself is the request body).
const IMPORT_KINDS = ["recipients", "messages", "accounts", "events"] as const;
export type ImportKindName = (typeof IMPORT_KINDS)[number];

export const UploadQuery = z.object({
  kind: z.enum(IMPORT_KINDS, "Choose what the file holds."),
  fileName: storableText().trim().min(1, "The file needs a name.").max(300),
  importId: z.uuid("importId must be a UUID.").optional(),
  column: storableText()
    .trim()
    .max(100)
    .optional()
    .transform((c) => c || undefined),
});
export type UploadQuery = z.infer<typeof UploadQuery>;
