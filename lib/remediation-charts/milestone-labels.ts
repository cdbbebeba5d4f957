import type { ChartMilestone } from "./types";

/**
 * The label each milestone line carries: milestones closer together than
 * `minGap` (a share of the axis) form one group, labelled once on its first
 * line ("2–4"), so numbers never sit on each other however many fall close.
 */
export function milestoneLabels(milestones: readonly ChartMilestone[], span: number, minGap = 0.04): (string | null)[] {
  const labels: (string | null)[] = milestones.map(() => null);
  let first = 0;
  for (let i = 1; i <= milestones.length; i++) {
    const apart = i === milestones.length || span <= 0 || milestones[i]!.at - milestones[i - 1]!.at >= span * minGap;
    if (!apart) continue;
    labels[first] = i - 1 === first ? String(first + 1) : `${first + 1}–${i}`;
    first = i;
  }
  return labels;
}
