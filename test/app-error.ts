import { AppError } from "../server/errors";

/** The AppError a promise rejects with (what a refusal's code and message are checked against); fails when it resolves or throws anything else. */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}
