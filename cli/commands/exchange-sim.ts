import { AppError } from "../../server/errors";
import { isSimDefect, SIM_DEFECTS } from "../../tools/exchange-sim/defects";
import { startExchangeSim } from "../../tools/exchange-sim/exchange-sim";
import type { CommandContext } from "../context";

type Values = Record<string, string | boolean | undefined>;

function fraction(values: Values, name: string): number {
  const raw = values[name];
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (typeof raw !== "string" || !Number.isFinite(n) || n < 0 || n > 1)
    throw new AppError("VALIDATION", "Cannot start the exchange simulator:", { [name]: "a fraction from 0 to 1" });
  return n;
}

function whole(values: Values, name: string, fallback: number | undefined, max = 10_000_000): number | undefined {
  const raw = values[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== "string" || !/^\d+$/.test(raw) || Number(raw) > max)
    throw new AppError("VALIDATION", "Cannot start the exchange simulator:", { [name]: `a whole number up to ${max}` });
  return Number(raw);
}

/**
 * `breachdesk exchange-sim`: the reference exchange (tools/exchange-sim) until
 * SIGINT or SIGTERM. Prints {"url": …} on stdout once listening; its counters
 * are at GET <url>/_sim/counters.
 */
export async function runExchangeSim(ctx: CommandContext, values: Values) {
  const secrets = typeof values.secret === "string" ? values.secret.split(",").map((s) => s.trim()).filter(Boolean) : [];
  if (secrets.length === 0 || secrets.some((s) => s.length < 16))
    throw new AppError("VALIDATION", "Cannot start the exchange simulator:", {
      secret: "the shared secret (at least 16 characters; two, comma-separated, while rotating)",
    });
  const broken = values.broken;
  if (broken !== undefined && !isSimDefect(broken))
    throw new AppError("VALIDATION", "Cannot start the exchange simulator:", { broken: Object.keys(SIM_DEFECTS).join(", ") });
  const sim = await startExchangeSim({
    port: whole(values, "port", 4010, 65_535),
    host: typeof values.host === "string" ? values.host : "127.0.0.1",
    secrets,
    webhookUrl: typeof values["webhook-url"] === "string" ? values["webhook-url"] : undefined,
    completeResetsAfterMs: whole(values, "complete-resets-after-ms", undefined),
    seed: whole(values, "seed", undefined),
    broken,
    faults: {
      errorRate: fraction(values, "error-rate"),
      throttleRate: fraction(values, "throttle-rate"),
      retryAfterSeconds: whole(values, "retry-after", 1, 3_600),
      dropRate: fraction(values, "drop-rate"),
      slowRate: fraction(values, "slow-rate"),
      slowMs: whole(values, "slow-ms", 2_000, 600_000),
      webhookDuplicateRate: fraction(values, "webhook-duplicate-rate"),
      webhookDelayMs: whole(values, "webhook-delay-ms", 0, 600_000),
      webhookReverse: values["webhook-reverse"] === true,
    },
  });
  process.stdout.write(`${JSON.stringify({ url: sim.url })}\n`);
  ctx.log(`Exchange simulator on ${sim.url}${broken ? ` (broken: ${broken})` : ""}; counters at ${sim.url}/_sim/counters`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await sim.close();
  return sim.counters();
}
