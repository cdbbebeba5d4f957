import { formatDuration } from "../format/numbers";
import { article33Deadline, clockState, formatHoursMinutes } from "../timeline/clock";

/** The GDPR Article 33 clock as a headline number (a still picture: the header's badge ticks). */
export function regulatorClockNumber(
  awareAt: Date,
  regulatorNotifiedAt: Date | null,
  now: Date,
): { label: string; value: string; tone: "danger" | "warning" | "success" | "default" } {
  const state = clockState(article33Deadline(awareAt), regulatorNotifiedAt, now);
  switch (state.status) {
    case "running":
      return { label: "Regulator clock", value: `${formatHoursMinutes(state.remainingMs)} left`, tone: "default" };
    case "due_soon":
      return { label: "Regulator clock", value: `${formatHoursMinutes(state.remainingMs)} left`, tone: "warning" };
    case "overdue":
      return { label: "Regulator overdue by", value: formatDuration(state.overdueByMs), tone: "danger" };
    case "met":
      return {
        label: "Regulator notified after",
        value: formatHoursMinutes(state.metAt.getTime() - awareAt.getTime()),
        tone: "success",
      };
    case "met_late":
      return {
        label: "Regulator notified late, after",
        value: formatHoursMinutes(state.metAt.getTime() - awareAt.getTime()),
        tone: "warning",
      };
  }
}
